/**
 * The job sandbox against a tool that tries to escape it: a network socket, a write to the dataset, reads outside
 * its mounts, running past its time and CPU limits each fail with a clear reason; a pseudonym in an output is
 * flagged at review, a DICOM output is blocked and never served; a runner killed mid-job leaves it to be re-run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { addTool, jobLog, jobView, JobRunner, readJobOutput, reviewJob, submitJob, type JobView } from '@oncoatlas/jobs';
import { isOncoAtlasError } from '@oncoatlas/core';
import { jobFixture, requireSandbox, type JobFixture } from './support/job-context.ts';
import { RESEARCHER } from './support/permitted-dataset.ts';

const probeDir = fileURLToPath(new URL('./jobs-probe/', import.meta.url));
let d: JobFixture['d'];
let c: JobFixture['c'];
let permit: string;

before(async () => {
  ({ d, c, permit } = await jobFixture());
  await addTool(d.dataDir, { name: 'probe', version: '1', description: 'tries the sandbox', dir: probeDir, entry: 'probe.cjs', runtime: 'node' });
});
after(() => c?.close());

async function run(args: string[], limits: Parameters<typeof submitJob>[1]['limits'] = {}): Promise<JobView> {
  const job = await submitJob(c, { permit, tool: 'probe', args, submittedBy: 'tester', limits });
  assert.equal(job.state, 'queued');
  const done = await new JobRunner(c).runNext();
  assert.equal(done?.id, job.id);
  return done;
}

test('a tool that opens a network socket fails with its own error', async (t) => {
  if (!requireSandbox(t)) return;
  const j = await run(['net']);
  assert.equal(j.state, 'failed');
  assert.match(j.reason ?? '', /^the tool exited with code 1: Error: connect E(NETUNREACH|ACCES|PERM|CONNREFUSED)/);
});

test('a tool cannot reach a service listening on the host\'s loopback (the same probe outside the sandbox can)', async (t) => {
  if (!requireSandbox(t)) return;
  let connections = 0;
  const server = createServer((s) => { connections++; s.end(); });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  t.after(() => server.close());
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const j = await run(['net', target]);
  assert.equal(j.state, 'failed');
  assert.match(j.reason ?? '', /^the tool exited with code 1: Error: connect ECONNREFUSED/);
  assert.equal(connections, 0, 'nothing reached the host from the sandbox');
  // The control: the same probe as a plain process does connect, so the refusal above is the sandbox's doing.
  const plain = spawn(process.execPath, [`${probeDir}probe.cjs`, 'net', target], { stdio: 'ignore' });
  assert.equal(await new Promise((done) => plain.once('exit', done)), 0);
  assert.equal(connections, 1);
});

test('a tool that writes to the dataset fails: it is mounted read-only', async (t) => {
  if (!requireSandbox(t)) return;
  const before = readFileSync(`${d.versionDir}/manifest.json`);
  const j = await run(['write-data']);
  assert.equal(j.state, 'failed');
  assert.match(j.reason ?? '', /exited with code 1: Error: EROFS: read-only file system/);
  assert.deepEqual(readFileSync(`${d.versionDir}/manifest.json`), before);
});

test('a tool cannot read outside its mounts: the host, the data directory, the node\'s keys', async (t) => {
  if (!requireSandbox(t)) return;
  for (const path of ['/etc/passwd', `${d.dataDir}/atlas.sqlite`, `${d.versionDir}/manifest.json`, '/root/.bashrc']) {
    const j = await run(['read', path]);
    assert.equal(j.state, 'failed', path);
    assert.match(j.reason ?? '', /exited with code 1: Error: ENOENT: no such file or directory/, path);
  }
  assert.equal((await run(['read', '/data/manifest.json'])).state, 'awaiting-review', 'the dataset itself is readable at /data');
});

test('a tool that runs past its time limit is stopped', async (t) => {
  if (!requireSandbox(t)) return;
  const started = Date.now();
  const j = await run(['sleep'], { wallSeconds: 2 });
  assert.equal(j.state, 'failed');
  assert.equal(j.reason, 'ran past its time limit of 2 s');
  assert.ok(Date.now() - started < 10_000);
  assert.match((await jobLog(c, j.id)).text, /probe: still here/, 'its log was kept up to the stop');
});

test('a tool that uses more than its CPU limit is stopped', async (t) => {
  if (!requireSandbox(t)) return;
  const j = await run(['spin'], { cpuSeconds: 1, wallSeconds: 30 });
  assert.equal(j.state, 'failed');
  assert.match(j.reason ?? '', /used more than its CPU limit of 1 s|past the hard stop of its CPU limit/);
});

test('a pseudonym in an output is flagged for the reviewer, without the value', async (t) => {
  if (!requireSandbox(t)) return;
  const j = await run(['pseudonym']);
  assert.equal(j.state, 'awaiting-review');
  const out = j.outputs.find((o) => o.path === 'by-patient.txt');
  const flag = out?.flags.find((f) => f.code === 'PSEUDONYM');
  assert.deepEqual(flag, { code: 'PSEUDONYM', severity: 'warn', detail: 'line 2 holds a patient pseudonym of this dataset' });
  assert.equal(out?.blocked, false, 'a warning: the reviewer decides');
  await assert.rejects(readJobOutput(c, j.id, 'by-patient.txt', { releasedOnly: true }), (e) => isOncoAtlasError(e, 'JOB_STATE'));
  const refused = await reviewJob(c, j.id, { decision: 'refuse', by: 'steward', note: 'patient-level' });
  assert.equal(refused.state, 'refused');
  assert.ok(refused.outputs.every((o) => !o.released));
  await assert.rejects(reviewJob(c, j.id, { decision: 'release', by: 'steward', note: 'again' }), (e) => isOncoAtlasError(e, 'JOB_STATE'));
});

test('a DICOM output is blocked and never served, even once the job is released', async (t) => {
  if (!requireSandbox(t)) return;
  const j = await run(['dicom']);
  assert.equal(j.state, 'awaiting-review');
  const image = j.outputs.find((o) => o.path === 'image.bin');
  assert.equal(image?.blocked, true);
  assert.equal(image?.flags[0]?.code, 'DICOM_FILE');
  const released = await reviewJob(c, j.id, { decision: 'release', by: 'steward', note: 'the readme only' });
  assert.deepEqual(released.outputs.filter((o) => o.released).map((o) => o.path), ['log.txt', 'readme.txt']);
  for (const releasedOnly of [true, false]) {
    await assert.rejects(readJobOutput(c, j.id, 'image.bin', { releasedOnly }), (e) => isOncoAtlasError(e, 'JOB_OUTPUT_BLOCKED'));
  }
  assert.equal((await readJobOutput(c, j.id, 'readme.txt', { releasedOnly: true })).toString(), 'an image\n');
});

test('a runner killed mid-job (kill -9): the next runner runs the job again', async (t) => {
  if (!requireSandbox(t)) return;
  const job = await submitJob(c, { permit, tool: 'probe', args: ['sleep'], submittedBy: 'tester', limits: { wallSeconds: 3 } });
  const runner = spawn(process.execPath, [fileURLToPath(new URL('./support/run-one-job.ts', import.meta.url)), d.dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => runner.stdout.on('data', (b: Buffer) => { if (b.toString().includes('running')) resolve(); }));
  const running = await jobView(c, job.id);
  assert.equal(running.state, 'running');
  await new Promise((r) => setTimeout(r, 500));
  runner.kill('SIGKILL');
  await new Promise((r) => runner.once('exit', r));
  assert.equal((await jobView(c, job.id)).state, 'running', 'left running by the killed runner');
  const next = new JobRunner(c, { pollMs: 100 });
  next.start();
  let j = await jobView(c, job.id);
  for (let i = 0; i < 100 && j.state !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    j = await jobView(c, job.id);
  }
  await next.stop();
  assert.equal(j.state, 'failed');
  assert.equal(j.reason, 'ran past its time limit of 3 s', 'the re-run ran to its own end');
  assert.ok(j.startedAt! > running.startedAt!, 'it started again');
  assert.equal(j.researcher, RESEARCHER);
});
