/**
 * The README's first command, `npm start`, on a fresh folder: a hub and three nodes, each node releasing and
 * publishing a dataset with its dossier, joined to the hub and approved, serving its web UI with the sign-in it
 * names; the hub's URL only once every node answers through it; a query through the hub's API answered by the
 * three nodes; Ctrl-C stops everything; never an identifier of the synthetic patients, nor the development
 * OpenID provider's notices, in what it prints.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Parser } from 'n3';
import { describeResults, validateOfficial, validateRecords } from '@oncoatlas/catalogue';
import { requireWebBuild } from '@oncoatlas/testkit';

const demo = fileURLToPath(new URL('../scripts/demo.ts', import.meta.url));
const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const hospitals = ['hospital-a', 'hospital-b', 'hospital-c'];

/** Process ids of oncoatlas commands whose arguments name `dir`: what the demo started there. */
function processesUnder(dir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('oncoatlas.js') && l.includes(dir)).map((l) => Number.parseInt(l, 10));
}

test('npm start runs a hub and three nodes, each releasing and publishing a dataset, and prints the hub\'s URL', async (t) => {
  if (!requireWebBuild(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-demo-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [demo], { env: { ...process.env, ONCOATLAS_DEMO_DIR: dir, ONCOATLAS_DEMO_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
  child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of processesUnder(dir)) process.kill(pid, 'SIGKILL');
  });

  // Serving: the demo never ends by itself; it is ready once it prints the URL to open.
  const deadline = Date.now() + 240_000;
  while (!/Open http:\S+ in a browser/.test(stdout)) {
    if (child.exitCode !== null) assert.fail(`the demo ended early (exit ${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) assert.fail(`the demo did not serve in time: ${stdout.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const hubUrl = /Open (http:\/\/127\.0\.0\.1:\d+) in a browser/.exec(stdout)?.[1];
  assert.ok(hubUrl, 'prints the hub\'s URL to open');
  const nodeUrls = [...stdout.matchAll(/^ {2}Hospital [ABC] \(synthetic\)\s+(http:\/\/127\.0\.0\.1:\d+)/gm)].map((m) => m[1]!);
  assert.equal(nodeUrls.length, 3, 'and the three nodes\' URLs');
  for (const h of hospitals) {
    const served = stdout.lastIndexOf(`[${h}] API at`);
    assert.ok(served >= 0 && served < stdout.indexOf(`Open ${hubUrl}`), `the URL to open comes after ${h} listens`);
    assert.match(stdout, new RegExp(`\\[${h}\\] Released demo version 1`));
    const version = join(dir, h, 'atlas', 'datasets', 'demo', 'v1');
    assert.ok(existsSync(join(version, 'manifest.json')));
    assert.ok(existsSync(join(version, 'dossier.html')));
  }
  for (const d of ['', 'hub', ...hospitals]) assert.equal(statSync(join(dir, d)).mode & 0o777, 0o700, `${d || 'the demo folder'} is owner-only`);
  assert.match(stdout, /Sign in as "steward"|sign in as "steward"/, 'the nodes\' sign-in');
  assert.match(stdout, /Sign in there as a researcher: open http:\S+\/auth\/local\?ticket=/, 'the hub\'s sign-in link');
  const researcher = /\(8 hours\):\n {2}(\S+)/.exec(stdout)?.[1];
  assert.ok(researcher, 'and the hub\'s researcher token');

  // The hub: three approved nodes, and a query through its API answered by all three.
  const nodes = JSON.parse(execFileSync(process.execPath, [cli, 'hub', 'nodes', 'list', '--json', '--data-dir', join(dir, 'hub')], { encoding: 'utf8' })) as { status: string }[];
  assert.deepEqual(nodes.map((n) => n.status), ['approved', 'approved', 'approved']);
  const auth = { authorization: `Bearer ${researcher}` };
  const ask = async (type: string): Promise<{ status: string; results: { node: string; status: string; body: unknown }[] }> => {
    const sent = await fetch(`${hubUrl}/hub/api/queries`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type, payload: { ast: { operand: 'OR', children: [] }, epsilon: 0.1 }, deadlineMs: 20_000 }),
    });
    assert.equal(sent.status, 202);
    const { id } = await sent.json() as { id: string };
    return await (await fetch(`${hubUrl}/hub/api/queries/${id}?wait=25`, { headers: auth })).json() as never;
  };
  const pinged = await ask('ping');
  assert.equal(pinged.status, 'complete');
  assert.deepEqual(pinged.results.map((r) => r.status), ['succeeded', 'succeeded', 'succeeded'], 'every node answers through the hub');
  const counted = await ask('count');
  assert.equal(counted.status, 'complete', 'a count query is answered by every node');
  assert.equal(counted.results.length, 3);
  for (const r of counted.results) {
    assert.equal(r.status, 'succeeded', 'each node counts');
    assert.ok((r.body as { total: { studies_count: number } }).total.studies_count >= 0);
  }
  const hubPage = await fetch(`${hubUrl}/`, { headers: { accept: 'text/html' } });
  assert.equal(hubPage.status, 200, 'the hub serves the web UI');

  const url = nodeUrls[0]!;
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
  assert.deepEqual(processesUnder(dir), [], 'nothing it started is left running');
  for (const h of hospitals) {
    const truth = JSON.parse(readFileSync(join(dir, h, 'hospital', 'truth.json'), 'utf8')) as { studies: { patient: string }[] };
    for (const id of new Set(truth.studies.map((s) => s.patient))) assert.ok(!stdout.includes(id) && !stderr.includes(id), 'no patient ID in the output');
  }
  assert.doesNotMatch(stdout + stderr, /oidc-provider (WARNING|NOTICE)/, 'the development provider\'s notices stay out of the console');
});
