/**
 * `oncoatlas pull` as a hospital runs it: a synthetic hospital stored in a real Orthanc, pulled over DICOMweb
 * into an inbox, incrementally, surviving kill -9; and the clear errors of an unreachable or wrong server.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parsePart10 } from '@oncoatlas/dicom';
import { generateHospital } from '@oncoatlas/synth';
import { notOwnerOnly, startOrthanc } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

function inboxFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.dcm')) out.set(join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name)));
  }
  return out;
}

const sopOf = (b: Buffer): string => {
  const f = parsePart10(b);
  const el = f.meta.elements.find((x) => x.tag === 0x00020003)!;
  return Buffer.from(f.source.subarray(el.valueOffset, el.valueOffset + el.length)).toString('latin1').replace(/\0$/, '');
};

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, 'pull', ...args], { encoding: 'utf8' });
}

test('pull takes a PACS over DICOMweb into an inbox, then only what is new, and resumes after kill -9', async (t) => {
  const orthanc = await startOrthanc(t);
  if (!orthanc) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-pull-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'hospital'), studies: 12, seed: 'pull', pixels: 'realistic' });
  const files = readdirSync(join(dir, 'hospital', 'pacs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.isSymbolicLink()).map((e) => join(e.parentPath, e.name)).sort();
  const accepted = new Map<string, Buffer>();
  const late: string[] = [];
  for (const f of files) {
    // Hold one instance back, to arrive between two pulls.
    if (late.length === 0 && f.endsWith('IM0002')) { late.push(f); continue; }
    const r = await orthanc.tryUpload(f);
    if (r.ok) accepted.set(sopOf(readFileSync(f)), readFileSync(f));
  }
  assert.ok(accepted.size > 100, `Orthanc stored ${accepted.size} instances`);

  // A first pull, killed with SIGKILL once part of the inbox is written.
  const inbox = join(dir, 'inbox');
  const state = join(dir, 'sync.json');
  const child = spawn(process.execPath, [cli, 'pull', orthanc.dicomWebRoot, '--into', inbox, '--state', state, '--no-progress'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 500; i++) {
    await new Promise((r) => setTimeout(r, 10));
    try { if (inboxFiles(inbox).size >= 5) break; } catch { /* not created yet */ }
  }
  child.kill('SIGKILL');
  await exited;
  const partial = inboxFiles(inbox).size;

  const resumed = run([orthanc.dicomWebRoot, '--into', inbox, '--state', state, '--json']);
  assert.equal(resumed.status, 0, resumed.stderr);
  const got = inboxFiles(inbox);
  assert.equal(got.size, accepted.size, `after the kill (${partial} files) and the resume, every instance is there once`);
  for (const b of got.values()) assert.deepEqual(b, accepted.get(sopOf(b)), 'byte for byte what the PACS stored');
  assert.deepEqual(readdirSync(join(inbox, '.partial', 'pull')), [], 'no half-written file is left');
  assert.deepEqual(notOwnerOnly(inbox), [], 'the inbox holds identified files: owner-only (folders 0700, files 0600)');

  const again = JSON.parse(run([orthanc.dicomWebRoot, '--into', inbox, '--state', state, '--json']).stdout) as { stored: number };
  assert.equal(again.stored, 0, 'nothing new, nothing pulled');
  await orthanc.upload(late);
  const more = JSON.parse(run([orthanc.dicomWebRoot, '--into', inbox, '--state', state, '--json']).stdout) as { stored: number };
  assert.equal(more.stored, 1, 'the instance that arrived since is pulled, alone');
  assert.ok(!readFileSync(state, 'utf8').includes(sopOf(readFileSync(late[0]!))), 'the sync state holds no UID');
});

test('pull from a DICOMDIR and from a folder; unreachable and wrong servers are clear errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-pull-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: join(dir, 'hospital'), studies: 300, seed: 'cd' });
  const cd = truth.studies.find((s) => s.defects.some((d) => d.kind === 'dicomdir_import'))!;
  const folder = cd.defects.find((d) => d.kind === 'dicomdir_import')!.paths![0]!;
  const r = run([join(dir, 'hospital', folder, 'DICOMDIR'), '--into', join(dir, 'cd-inbox'), '--json']);
  const summary = JSON.parse(r.stdout) as { stored: number; rejected: number };
  assert.equal(summary.stored + summary.rejected, cd.instances.unique);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(cd.patient), 'no patient ID in what pull prints');
  assert.ok(!`${r.stdout}${r.stderr}`.includes(folder), 'nor the path (it may name the patient)');

  const closed = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const down = run([`http://127.0.0.1:${closed}/dicom-web`, '--into', join(dir, 'x')]);
  assert.equal(down.status, 1);
  assert.match(down.stderr, new RegExp(`^error SOURCE_UNREACHABLE: .*127\\.0\\.0\\.1:${closed}.*refused`));
  const nothing = run([join(dir, 'nope'), '--into', join(dir, 'x')]);
  assert.match(nothing.stderr, /^error SOURCE_NOT_FOUND/);
  const noPassword = run(['http://127.0.0.1:9/dicom-web', '--into', join(dir, 'x'), '--user', 'steward']);
  assert.match(noPassword.stderr, /^error USAGE: --user needs --password-file/);
});
