/**
 * The demo's processes: every `oncoatlas` command runs as its own child process, as an operator would run it in
 * a terminal, its output passed on line by line under the name of whom it belongs to (hub, hospital-a, ...), so
 * three hospitals preparing at once stay readable. Long-running ones (`hub serve`, `serve`) are services: ready
 * once they print what they print when listening, stopped together with SIGTERM (what Ctrl-C sends).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));

/** Writes `text` to `out` with every line prefixed by `[label] `, keeping a partial last line for later. */
function linePrefixer(label: string, out: NodeJS.WriteStream): { write(chunk: Buffer): void; flush(): void } {
  let pending = '';
  const prefix = `[${label}] `;
  return {
    write(chunk) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (lines.length > 0) out.write(lines.map((l) => `${prefix}${l}\n`).join(''));
    },
    flush() {
      if (pending !== '') out.write(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}

interface Spawned { readonly child: ChildProcess; readonly output: () => string; readonly exited: Promise<number> }

const live = new Set<Spawned>();

/**
 * SIGTERM to every child still running, then waits for them all. Children are in their own process group, so
 * a Ctrl-C reaches the demo alone and each child gets exactly one signal from it.
 */
export async function stopChildren(): Promise<void> {
  const running = [...live];
  for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
  await Promise.all(running.map((s) => s.exited));
}

function spawnCli(label: string, args: readonly string[]): Spawned {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, detached: true });
  let text = '';
  const out = linePrefixer(label, process.stdout);
  const err = linePrefixer(label, process.stderr);
  child.stdout!.on('data', (b: Buffer) => { text += b.toString('utf8'); out.write(b); });
  child.stderr!.on('data', (b: Buffer) => { text += b.toString('utf8'); err.write(b); });
  const exited = new Promise<number>((done) => child.once('close', (code, signal) => {
    out.flush();
    err.flush();
    live.delete(spawned);
    done(code ?? 128 + (signal ? constants.signals[signal] : 0));
  }));
  const spawned: Spawned = { child, output: () => text, exited };
  live.add(spawned);
  return spawned;
}

/** Runs one command to its end; a failing one stops the demo, naming the step. Resolves with its output. */
export async function runStep(label: string, title: string, args: readonly string[], stop: (code: number) => never): Promise<string> {
  process.stdout.write(`[${label}] == ${title}\n`);
  const s = spawnCli(label, args);
  const code = await s.exited;
  if (code !== 0) {
    process.stderr.write(`\nThe demo stopped at "${title}" of ${label} (exit ${code}).\n`);
    stop(code);
  }
  return s.output();
}

export interface Service {
  readonly label: string;
  readonly output: () => string;
  /** SIGTERM, then its exit code once it has closed. */
  stop(): Promise<number>;
  readonly exited: Promise<number>;
}

/** Starts a long-running command and resolves once its output matches `ready`; one that ends first fails. */
export async function startService(label: string, args: readonly string[], ready: RegExp, timeoutMs = 120_000): Promise<Service> {
  const s = spawnCli(label, args);
  const service: Service = {
    label, output: s.output, exited: s.exited,
    stop: async () => {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      return s.exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(s.output())) {
    if (s.child.exitCode !== null) throw new Error(`${label} ended before it was ready (exit ${s.child.exitCode}); its output above says why.`);
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`${label} was not ready within ${timeoutMs / 1000} s; its output above says why.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return service;
}
