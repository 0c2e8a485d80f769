import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requireTool, writeFixtureCorpus, type FixtureManifest } from '@oncoatlas/testkit';

const bin = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'oncoatlas-cli-'));
const input = join(work, 'in');
let manifest: FixtureManifest;

function oncoatlas(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ONCOATLAS_DEBUG: '' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  manifest = await writeFixtureCorpus(input);
  writeFileSync(join(input, 'notes.txt'), 'not a DICOM file');
});
after(() => rmSync(work, { recursive: true, force: true }));

test('secret new writes an owner-only secret and refuses to overwrite it', () => {
  const secret = join(work, 'site.secret');
  assert.equal(oncoatlas('secret', 'new', secret).code, 0);
  assert.equal(statSync(secret).mode & 0o777, 0o600);
  const again = oncoatlas('secret', 'new', secret);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^error USAGE: /);
});

test('errors print a code and a sentence, never a stack trace', () => {
  const missing = oncoatlas('deid', input, join(work, 'x'), '--secret-file', join(work, 'none'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error SECRET_MISSING: /);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  const badOption = oncoatlas('deid', input, join(work, 'x'), '--secret-file', join(work, 'site.secret'), '--option', 'clean-recognizable-visual-features');
  assert.equal(badOption.code, 1);
  assert.match(badOption.stderr, /DEID_UNSUPPORTED_OPTION/);
  const inside = oncoatlas('deid', input, join(input, 'out'), '--secret-file', join(work, 'site.secret'));
  assert.equal(inside.code, 1);
  assert.match(inside.stderr, /^error USAGE: /);
});

test('a reader that closes the pipe early ends the command quietly, not with an EPIPE stack trace', async () => {
  const child = spawn(process.execPath, [bin, 'deid', input, join(work, 'epipe'), '--secret-file', join(work, 'site.secret'), '--json'],
    { env: { ...process.env, ONCOATLAS_DEBUG: '' } });
  // Nobody reads the report: its write meets a closed pipe.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const [code] = await once(child, 'close') as [number];
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
  assert.equal(code, 3, 'the exit code of the run itself (held and rejected files)');
});

test('a run with held and rejected files exits 3 and prints no identifier', () => {
  const out = join(work, 'out');
  const report = join(work, 'report.json');
  const r = oncoatlas('deid', input, out, '--secret-file', join(work, 'site.secret'), '--report', report, '--no-progress');
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /De-identified \d+ of \d+ files/);
  const printed = r.stdout + r.stderr + readFileSync(report, 'utf8');
  for (const f of manifest.files) for (const p of f.planted) {
    if (p.value.length >= 4) assert.ok(!printed.includes(p.value), `the planted value of ${p.attribute} was printed`);
  }
  const json = oncoatlas('deid', input, join(work, 'out2'), '--secret-file', join(work, 'site.secret'), '--json');
  assert.equal(JSON.parse(json.stdout).summary.files, manifest.files.length + 1);
});

test('a DICOMDIR in an export is reported, not released', (t) => {
  if (!requireTool(t, 'dcmmkdir')) return;
  const dir = join(work, 'with-dicomdir');
  const copy = spawnSync('sh', ['-c', `mkdir -p ${dir} && cp ${join(input, 'garcia', 'ct-explicit-1.dcm')} ${dir}/IM1 && cd ${dir} && dcmmkdir +r +I IM1`]);
  assert.equal(copy.status, 0);
  const report = join(work, 'dicomdir-report.json');
  const r = oncoatlas('deid', dir, join(work, 'out-dicomdir'), '--secret-file', join(work, 'site.secret'), '--report', report, '--no-progress');
  assert.equal(r.code, 3);
  const statuses = JSON.parse(readFileSync(report, 'utf8')).files.map((f: { status: string; reason: string | null }) => `${f.status} ${f.reason?.split(':')[0] ?? ''}`.trim());
  assert.deepEqual(statuses.sort(), ['deidentified', 'rejected DEID_NOT_AN_INSTANCE']);
});
