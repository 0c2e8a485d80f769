/**
 * The README's first command, `npm start`, on a fresh folder: it must release and publish a dataset with its
 * dossier, then serve the web UI at the URL it prints, with the sign-in it names; the URL only once the node
 * listens; never an identifier of the synthetic patients, nor the development OpenID provider's notices, in
 * what it prints.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import { describeResults, validateOfficial, validateRecords } from '@oncoatlas/catalogue';
import { requireWebBuild } from '@oncoatlas/testkit';

const demo = fileURLToPath(new URL('../scripts/demo.ts', import.meta.url));

test('npm start populates a local atlas, releases and publishes a dataset, and serves the UI at the URL it prints', async (t) => {
  if (!requireWebBuild(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [demo], { env: { ...process.env, ONCOATLAS_DEMO_DIR: dir, ONCOATLAS_DEMO_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });

  // Serving: the demo never ends by itself; it is ready once it prints the URL to open.
  const deadline = Date.now() + 240_000;
  while (!/Open http:\S+ in a browser/.test(stdout)) {
    if (child.exitCode !== null) assert.fail(`the demo ended early (exit ${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) assert.fail(`the demo did not serve in time: ${stdout.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = /Open (http:\/\/127\.0\.0\.1:\d+) in a browser/.exec(stdout)?.[1];
  assert.ok(url, 'prints the URL to open');
  const listening = stdout.indexOf('Ctrl-C stops it');
  assert.ok(listening >= 0 && listening < stdout.indexOf(`Open ${url}`), 'the URL to open comes after the node listens');
  assert.match(stdout, /Sign in as "steward"/, 'and the sign-in');
  assert.match(stdout, /Released demo version 1/);
  const version = join(dir, 'atlas', 'datasets', 'demo', 'v1');
  assert.ok(existsSync(join(version, 'manifest.json')));
  assert.ok(existsSync(join(version, 'dossier.html')));
  assert.ok(stdout.includes(join(version, 'dossier.')), 'prints where the dossier is');

  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">/, 'the UI is served');
  const entries = await (await fetch(`${url}/api/catalogue/entries`)).json() as { id: string }[];
  assert.deepEqual(entries.map((e) => e.id), ['demo'], 'the released dataset is in the public catalogue');
  // What the demo publishes, as a harvester gets it (the catalogue and the dataset's own IRI), conforms to the
  // official DCAT-AP 3.0.1 and HealthDCAT-AP shapes by both engines, and to ours.
  const catalogue = new Parser().parse(await (await fetch(`${url}/catalogue.ttl?pageSize=500`)).text());
  const datasetIri = catalogue.find((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset')?.object.value;
  assert.ok(datasetIri, 'the catalogue lists the dataset');
  const record = new Parser().parse(await (await fetch(datasetIri, { headers: { accept: 'text/turtle' } })).text());
  for (const quads of [catalogue, record]) {
    assert.equal((await validateRecords(quads)).conforms, true, 'our EUCAIM shapes');
    for (const profile of ['dcat-ap-3.0.1', 'healthdcat-ap'] as const) {
      const v = await validateOfficial(quads, profile);
      for (const results of [v.shaclEngine, v.rdfValidateShacl]) {
        const violations = results.filter((r) => r.severity === 'violation');
        assert.equal(violations.length, 0, `${profile}:\n${describeResults(violations)}`);
      }
    }
  }
  const login = await fetch(`${url}/auth/login`, { redirect: 'manual' });
  assert.equal(login.status, 303, 'sign-in goes to the identity provider');

  child.kill('SIGTERM');
  assert.equal(await exited, 0, 'Ctrl-C stops it cleanly');
  const truth = JSON.parse(readFileSync(join(dir, 'hospital', 'truth.json'), 'utf8')) as { studies: { patient: string }[] };
  for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!stdout.includes(id) && !stderr.includes(id), 'no patient ID in the output');
  assert.doesNotMatch(stdout + stderr, /oidc-provider (WARNING|NOTICE)/, 'the development provider\'s notices stay out of the console');
});
