/**
 * One measuring thread of bench/thread-scaling.ts, run as a process (`node thread-scaling-probe.ts JSON`) or
 * as a worker thread of one. It loads its work first (files read into memory, a de-identifier built and warmed
 * on a few hundred files, so start-up and JIT warm-up are not what is measured), waits for the wall-clock
 * instant the driver gave every probe, then times the work and prints (or posts) the milliseconds.
 *
 * Workloads: `deid` parses, de-identifies and verifies header-heavy files from memory (no file system call:
 * what is left is CPU and memory); `int` is an integer loop that touches no memory; `fill` writes a 64 MiB
 * buffer over and over (memory bandwidth alone).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ByteSink, parsePart10 } from '@oncoatlas/dicom';
import { createDeidentifier } from '@oncoatlas/deid';

export type ProbeKind = 'deid' | 'int' | 'fill';

export interface ProbeSpec {
  readonly kind: ProbeKind;
  /** The header-heavy corpus (deid). */
  readonly dir: string;
  readonly files: number;
  readonly rounds: number;
  /** Date.now() at which every probe of a configuration starts timing. */
  readonly startAt: number;
  /** Threads in this process (1 or 2). */
  readonly threads: number;
}

export interface ProbeResult {
  /** Milliseconds of work per thread of this process. */
  readonly ms: number[];
  /** True when a thread was ready only after the start instant (the configuration did not overlap fully). */
  readonly late: boolean;
}

const WARM_UP_FILES = 300;

function prepare(spec: ProbeSpec): () => void {
  if (spec.kind === 'int') {
    return () => {
      let x = 0;
      for (let i = 0; i < spec.rounds * 100_000_000; i++) x = (x * 31 + i) | 0;
      if (x === 0.5) throw new Error('unreachable');
    };
  }
  if (spec.kind === 'fill') {
    const b = Buffer.alloc(64 << 20);
    return () => { for (let r = 0; r < spec.rounds * 10; r++) b.fill(r & 0xff); };
  }
  const paths = readdirSync(spec.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name)).sort().slice(0, spec.files);
  const buffers = paths.map((p) => readFileSync(p));
  const deid = createDeidentifier({ profile: 'basic', options: [], secret: new Uint8Array(32).fill(7), allowBurnedIn: false, recordMappings: false });
  const sink = new ByteSink();
  const once = (b: Buffer): void => {
    const r = deid.deidentify({ size: b.length, file: parsePart10(b), streamed: false }, sink);
    if (r.status === 'rejected') throw new Error(`probe: a corpus file was rejected (${r.code})`);
  };
  for (const b of buffers.slice(0, WARM_UP_FILES)) once(b);
  return () => { for (let r = 0; r < spec.rounds; r++) for (const b of buffers) once(b); };
}

function timed(spec: ProbeSpec): { ms: number; late: boolean } {
  const work = prepare(spec);
  const wait = spec.startAt - Date.now();
  // A blocking sleep: the thread must not be busy while the others are still loading.
  if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
  const t = performance.now();
  work();
  return { ms: performance.now() - t, late: wait <= 0 };
}

async function runProcess(spec: ProbeSpec): Promise<ProbeResult> {
  const others = Array.from({ length: spec.threads - 1 }, () => new Promise<{ ms: number; late: boolean }>((done, fail) => {
    const w = new Worker(new URL(import.meta.url), { workerData: spec });
    w.once('message', done);
    w.once('error', fail);
  }));
  const mine = timed(spec);
  const all = [mine, ...(await Promise.all(others))];
  return { ms: all.map((r) => Math.round(r.ms)), late: all.some((r) => r.late) };
}

if (!isMainThread) {
  parentPort!.postMessage(timed(workerData as ProbeSpec));
} else if (process.argv[2]) {
  process.stdout.write(`${JSON.stringify(await runProcess(JSON.parse(process.argv[2]) as ProbeSpec))}\n`);
}
