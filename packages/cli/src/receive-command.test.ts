import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { requireTool, writeFixtureCorpus } from '@oncoatlas/testkit';

/*
 * `oncoatlas receive` as a real process (signals and exit codes are the point), started through a small
 * commander program that registers the command, since main.ts does not wire it yet.
 */

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const PROGRAM = `
import { Command } from 'commander';
import { registerReceiveCommand } from ${JSON.stringify(new URL('./receive-command.ts', import.meta.url).href)};
const program = new Command('oncoatlas').exitOverride();
let code = 0;
registerReceiveCommand(program, (c) => { code = c; });
await program.parseAsync(JSON.parse(process.env.RECEIVE_ARGS), { from: 'user' });
process.exitCode = code;
`;

interface Cli { child: ChildProcessWithoutNullStreams; lines: string[]; stderr: () => string; exited: Promise<number | null> }

function startCli(args: string[]): Cli {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PROGRAM], { cwd: REPO, env: { ...process.env, RECEIVE_ARGS: JSON.stringify(['receive', ...args]) } });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (d: Buffer) => { err += d.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, lines, stderr: () => err, exited };
}

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function run(cmd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => spawn(cmd, args, { stdio: 'ignore' }).on('close', resolve));
}

test('oncoatlas receive --json: counts only, never a UID; SIGINT stops it cleanly with exit 0', async (t) => {
  if (!requireTool(t, 'storescu')) return;
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-receive-cli-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const manifest = await writeFixtureCorpus(join(root, 'corpus'));
  const into = join(root, 'into');
  const cli = startCli(['--port', '0', '--host', '127.0.0.1', '--ae', 'ONCO_RX', '--into', into, '--accept-calling', 'PACS1', 'PACS2', '--json']);
  t.after(() => cli.child.kill('SIGKILL'));
  await until('the listening line', () => cli.lines.length > 0);
  const listening = JSON.parse(cli.lines[0]!) as { event: string; port: number; ae: string };
  assert.deepEqual([listening.event, listening.ae], ['listening', 'ONCO_RX']);

  const files = manifest.files.filter((f) => f.path.startsWith('garcia/'));
  assert.equal(await run('storescu', ['-aet', 'PACS2', '-aec', 'ONCO_RX', '+sd', '127.0.0.1', String(listening.port), join(root, 'corpus', 'garcia')]), 0);
  assert.notEqual(await run('storescu', ['-aet', 'INTRUDER', '-aec', 'ONCO_RX', '127.0.0.1', String(listening.port), join(root, 'corpus', files[0]!.path)]), 0);
  await until('a problem line', () => cli.lines.some((l) => l.includes('"problem"')));

  cli.child.kill('SIGINT');
  assert.equal(await cli.exited, 0, cli.stderr());
  const events = cli.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(events.filter((e) => e.event === 'stored').map((e) => e.stored), files.map((_, i) => i + 1));
  const closed = events.at(-1)!;
  assert.deepEqual([closed.event, closed.stored, closed.studies, closed.rejected, closed.incomplete], ['closed', files.length, 1, 1, 0]);
  const output = cli.lines.join('\n') + cli.stderr();
  for (const f of manifest.files) {
    for (const uid of [f.studyInstanceUid, f.seriesInstanceUid, f.sopInstanceUid]) assert.ok(!output.includes(uid), 'a UID was printed');
    assert.ok(!output.includes(f.patientId), 'a patient ID was printed');
  }
  assert.deepEqual(readdirSync(join(into, '.partial', 'receive')), []);
});

test('oncoatlas receive: text mode says where it listens and what it received', async (t) => {
  const into = mkdtempSync(join(tmpdir(), 'oncoatlas-receive-cli-'));
  t.after(() => rmSync(into, { recursive: true, force: true }));
  const cli = startCli(['--port', '0', '--host', '127.0.0.1', '--ae', 'ONCO_RX', '--into', into]);
  t.after(() => cli.child.kill('SIGKILL'));
  await until('the listening line', () => cli.lines.length > 0);
  assert.match(cli.lines[0]!, /^Receiving as AE ONCO_RX on 127\.0\.0\.1:\d+ into /);
  cli.child.kill('SIGTERM');
  assert.equal(await cli.exited, 0, cli.stderr());
  assert.match(cli.lines.at(-1)!, /^Stopped after [\d.]+ s: received 0 instances in 0 studies/);
  assert.match(cli.stderr(), /Stopping \(SIGTERM\)/);
});
