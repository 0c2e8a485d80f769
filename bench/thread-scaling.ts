/**
 * Why two threads of `oncoatlas deid` do not give twice one: the same work timed alone, as two threads of one
 * process and as two processes, started at the same instant (bench/thread-scaling-probe.ts). If two processes
 * slow down as much as two threads, the cause is not in our code (no lock, no shared heap, no message
 * passing between processes) but in what the two cores share. Two controls tell which part: an integer loop
 * that touches no memory, and a buffer fill that does nothing else. The de-identification is also timed with
 * V8's garbage collection kept on the JavaScript thread (`--single-threaded-gc`): its helper threads are the one
 * thing two threads of a process share that two processes do not duplicate.
 *
 * `node bench/thread-scaling.ts [--files N] [--runs N] [--out FILE]` replaces the thread-scaling section of
 * BENCHMARKS.md (the rest is kept); `npm run bench -- --only threads` runs it with the others.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './corpus.ts';
import { currentLoad, describeEnvironment, replaceSection, type Environment } from './report.ts';
import type { ProbeKind, ProbeResult, ProbeSpec } from './thread-scaling-probe.ts';

export const SECTION_BEGIN = '<!-- thread-scaling:begin -->';
export const SECTION_END = '<!-- thread-scaling:end -->';
const PROBE = fileURLToPath(new URL('./thread-scaling-probe.ts', import.meta.url));
/** Time every probe gets to load before the common start (2,500 files read and a warm-up take ~0.3 s). */
const LOAD_MARGIN_MS = 2500;

export interface ScalingRow {
  readonly kind: ProbeKind;
  readonly label: string;
  readonly flags: readonly string[];
  /** Best of the runs, per configuration: one thread alone; the slowest of two threads; the slowest of two processes. */
  readonly alone: number;
  readonly threads: number;
  readonly processes: number;
  readonly late: boolean;
}

export interface ScalingResult {
  readonly files: number;
  readonly runs: number;
  readonly rows: ScalingRow[];
}

function probe(spec: ProbeSpec, flags: readonly string[]): Promise<ProbeResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...flags, PROBE, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`thread-scaling probe (${spec.kind}) exited with ${code}`));
      else done(JSON.parse(out) as ProbeResult);
    });
  });
}

async function measureRow(kind: ProbeKind, label: string, flags: readonly string[], base: Omit<ProbeSpec, 'kind' | 'startAt' | 'threads'>, runs: number): Promise<ScalingRow> {
  let alone = Infinity;
  let threads = Infinity;
  let processes = Infinity;
  let late = false;
  const spec = (n: number): ProbeSpec => ({ ...base, kind, threads: n, startAt: Date.now() + LOAD_MARGIN_MS });
  for (let r = 0; r < runs; r++) {
    const a = await probe(spec(1), flags);
    const t = await probe(spec(2), flags);
    const at = spec(1);
    const p = await Promise.all([probe(at, flags), probe(at, flags)]);
    alone = Math.min(alone, a.ms[0]!);
    threads = Math.min(threads, Math.max(...t.ms));
    processes = Math.min(processes, Math.max(...p.map((x) => x.ms[0]!)));
    late ||= a.late || t.late || p.some((x) => x.late);
  }
  return { kind, label, flags, alone, threads, processes, late };
}

export async function benchThreadScaling(o: { dir: string; files: number; runs: number; say: (line: string) => void }): Promise<ScalingResult> {
  const base = { dir: o.dir, files: o.files, rounds: 3 };
  const rows: ScalingRow[] = [];
  const plan: [ProbeKind, string, string[]][] = [
    ['deid', `de-identify ${o.files} header-heavy files from memory, 3 rounds (parse, profile, verify; no file system)`, []],
    ['deid', 'the same, garbage collected on the JavaScript thread only (`--single-threaded-gc`)', ['--single-threaded-gc']],
    ['int', 'control: an integer loop (no memory)', []],
    ['fill', 'control: fill a 64 MiB buffer 30 times (memory only)', []],
  ];
  for (const [kind, label, flags] of plan) {
    o.say(`thread scaling: ${label}`);
    rows.push(await measureRow(kind, label, flags, base, o.runs));
  }
  return { files: o.files, runs: o.runs, rows };
}

const pct = (x: number, base: number): string => `${x >= base ? '+' : ''}${Math.round((x / base - 1) * 100)}%`;

export function threadScalingSection(r: ScalingResult, o: { command: string; environment: Environment; loadAtStart: number }): string[] {
  const e = o.environment;
  const row = (x: ScalingRow): string =>
    `| ${x.label} | ${x.alone} | ${x.threads} (${pct(x.threads, x.alone)}) | ${x.processes} (${pct(x.processes, x.alone)}) | ${(2 * x.alone / x.threads).toFixed(2)}x | ${(2 * x.alone / x.processes).toFixed(2)}x |`;
  const deid = r.rows.find((x) => x.kind === 'deid' && x.flags.length === 0);
  const singleGc = r.rows.find((x) => x.kind === 'deid' && x.flags.length > 0);
  const int = r.rows.find((x) => x.kind === 'int');
  const fill = r.rows.find((x) => x.kind === 'fill');
  return [
    SECTION_BEGIN,
    '## Why two threads do not give twice one (thread scaling)',
    '',
    `\`${o.command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${e.cores} cores (${e.cpu}), ${e.memoryGb.toFixed(1)} GiB RAM, ${e.kernel};`
    + ` load average ${o.loadAtStart.toFixed(2)} when it started. Node ${e.node}; ${e.oncoatlas}.`,
    '',
    `Each probe loads its work (the first ${r.files} files of the header-heavy corpus read into memory, a de-identifier warmed on 300 of them), then`
    + ' every thread of the configuration starts at the same wall-clock instant; times are the milliseconds of work per thread (the slowest'
    + ` of two), best of ${r.runs} runs. "Gain" is the work two threads (or processes) finish per unit of time relative to one: 2.00x would be perfect.`,
    '',
    '| workload | one thread alone (ms) | two threads, one process (ms) | two processes (ms) | gain, threads | gain, processes |',
    '|---|--:|--:|--:|--:|--:|',
    ...r.rows.map(row),
    '',
    ...(r.rows.some((x) => x.late) ? ['A probe was still loading at the common start in some run: that row overlapped less than fully.', ''] : []),
    ...(deid && singleGc && int && fill ? [reading(deid, singleGc, int, fill)] : []),
    SECTION_END,
  ];
}

/** What the rows say, in words that follow the figures of this run (not a conclusion written beforehand). */
function reading(deid: ScalingRow, singleGc: ScalingRow, int: ScalingRow, fill: ScalingRow): string {
  const slow = (x: ScalingRow, of: 'threads' | 'processes'): number => x[of] / x.alone - 1;
  const share = slow(deid, 'processes') / Math.max(0.01, slow(deid, 'threads'));
  const memory = slow(fill, 'processes') > 2 * Math.max(0.03, slow(int, 'processes'));
  const parts = [
    `Reading: de-identification slows by ${pct(deid.threads, deid.alone)} per thread as two threads and by ${pct(deid.processes, deid.alone)} as two processes.`,
    share >= 0.8
      ? 'Processes share no heap, lock or queue, so most of the loss is not in OncoAtlas\'s threading but in what the two cores share.'
      : share <= 0.3
        ? 'Two processes lose far less than two threads: the loss is mostly inside the process.'
        : `Processes share no heap, lock or queue, yet keep about ${Math.round(share * 100)}% of the threads' loss: that part is what the two cores share, the rest is inside the process.`,
    `The integer loop slows by ${pct(int.processes, int.alone)}, the buffer fill by ${pct(fill.processes, fill.alone)}`
    + (memory ? ': what the cores of this machine contend for is memory and cache, not computing.' : ': the controls do not single out memory on this machine.'),
    `With garbage collection on the JavaScript thread only, two threads slow by ${pct(singleGc.threads, singleGc.alone)}`
    + (singleGc.threads / singleGc.alone < deid.threads / deid.alone - 0.05
      ? ': V8\'s collector helper threads, shared by the threads of a process, account for part of the difference.'
      : ': the collector\'s helper threads are not what separates threads from processes here.'),
  ];
  return parts.join(' ');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { files: { type: 'string', default: '2500' }, runs: { type: 'string', default: '3' }, out: { type: 'string' } } });
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const loadAtStart = currentLoad();
  const say = (line: string): void => { process.stderr.write(`${line}\n`); };
  const corpus = await ensureCorpus('/dev/shm/oncoatlas-bench', 'header', { quick: false, fresh: false });
  const r = await benchThreadScaling({ dir: corpus.dir, files: Number(values.files), runs: Number(values.runs), say });
  const out = values.out ?? `${repo}BENCHMARKS.md`;
  replaceSection(out, SECTION_BEGIN, SECTION_END, threadScalingSection(r, { command: ['node bench/thread-scaling.ts', ...process.argv.slice(2)].join(' '), environment: describeEnvironment(repo), loadAtStart }));
  say(`wrote the thread-scaling section of ${out}`);
}
