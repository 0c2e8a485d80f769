/**
 * De-identification threads started before the command that uses them has loaded. A thread takes about 100 ms
 * to boot a Node environment and as long again to load its modules (timed on a 2-core VM, compile cache
 * warm); made by the worker pool, that came after the main thread had loaded its own modules, so `deid` on
 * 5,000 files ran on one thread for its first half second. `oncoatlas deid` calls `startDeidWorkers` first
 * thing, and the pool then adopts the threads already booting (`takeDeidWorkers`).
 *
 * This module is its own entry of the package (`@oncoatlas/deid/early-workers`) and imports nothing of it, so
 * loading it costs nothing before the threads start.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('./worker-entry.js', import.meta.url);

let early: Worker[] = [];

/** Threads by default: one per core, at most 4 (every `--jobs` of the command line defaults to this). */
export function defaultJobs(): number {
  return Math.min(availableParallelism(), 4);
}

function newWorker(): Worker {
  // A larger young generation: each file leaves short-lived views behind, and fewer scavenges pay off.
  const w = new Worker(ENTRY, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  // Until a pool runs work on it, a thread never keeps the process alive (a command that fails its options exits).
  w.unref();
  return w;
}

/** Starts `count` threads for a pool made later in this process. */
export function startDeidWorkers(count: number): void {
  for (let i = 0; i < count; i++) early.push(newWorker());
}

/** `count` threads: those started early first, new ones for the rest; early ones beyond `count` are stopped. */
export function takeDeidWorkers(count: number): Worker[] {
  const taken = early.slice(0, count);
  for (const w of early.slice(count)) void w.terminate();
  early = [];
  while (taken.length < count) taken.push(newWorker());
  return taken;
}
