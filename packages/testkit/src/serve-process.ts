/**
 * `oncoatlas serve` as a user starts it: the real command in a child process, ready once it prints that it
 * listens, stopped with SIGTERM (as Ctrl-C would) when the test ends.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli/bin/oncoatlas.js', import.meta.url));

/** Resolves with what the server printed so far (stdout and stderr) once it listens. */
export async function startServe(t: { after(fn: () => unknown): void }, args: readonly string[]): Promise<{ output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  child.stderr.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  t.after(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  });
  const deadline = Date.now() + 60_000;
  while (!out.includes('Ctrl-C stops it')) {
    if (child.exitCode !== null) throw new Error(`oncoatlas serve ended (exit ${child.exitCode}): ${out}`);
    if (Date.now() > deadline) throw new Error(`oncoatlas serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { output: () => out };
}
