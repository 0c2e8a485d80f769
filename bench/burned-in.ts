/**
 * Burned-in text, timed in one run with the same parallelism for each step, on US-like images at risk (the
 * ultrasound and secondary-capture instances of synthetic hospitals with realistic pixels and burned-in text):
 *
 *   copy     a raw copy of the files (the limit of touching them at all);
 *   (a)      de-identification without OCR: the production batch `deidentifyFiles` (what populate runs), which
 *            holds every one of these instances for review;
 *   (b)      the burned-in text scan: `scanInstance` (detectBurnedIn of frame 1 against identifiersOf the source,
 *            plus the device's text zones);
 *   (c)      redaction of the held file: `redactHeld` (redactInstance of every box the scan found, written
 *            atomically where released files go);
 *   (d)      (c) plus the verifying OCR of the redacted pixels against the source's identifiers.
 *
 * Precision and recall of (b) per instance against the generator's truth (scoreDetections).
 *
 * `node bench/burned-in.ts [--quick] [--instances N] [--runs N] [--jobs N] [--fresh] [--out FILE]` replaces the
 * burned-in section of BENCHMARKS.md (the rest is kept); `npm run bench` runs it with the others.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { findElement, parsePart10, stringAt, uint16Value } from '@oncoatlas/dicom';
import { deidentifyFiles, ocrEngine, scoreDetections, type Accuracy, type Box, type DetectionKind, type TruthItem } from '@oncoatlas/pipeline';
import type { BurnedInTruth } from '@oncoatlas/synth';
import type { RedactAnswer, ScanAnswer, Task } from './burned-in-worker.ts';
import { currentLoad, describeEnvironment, replaceSection, type Environment } from './report.ts';

export const SECTION_BEGIN = '<!-- burned-in:begin -->';
export const SECTION_END = '<!-- burned-in:end -->';
const ROOT = '/dev/shm/oncoatlas-bench';
const CLI = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
/** Studies per synthetic hospital; about one in three holds a US or SC instance, and CT/MR/MG dominate its time. */
const BATCH_STUDIES = 40;
const SC_CLASS = '1.2.840.10008.5.1.4.1.1.7';

export interface BurnedInOptions {
  readonly root?: string;
  /** US/SC instances at risk in the corpus. */
  readonly instances: number;
  readonly runs: number;
  /** Threads for every step (de-identification: the main thread and jobs - 1 workers; the others: jobs workers). */
  readonly jobs: number;
  readonly fresh?: boolean;
  readonly say: (line: string) => void;
}

interface CorpusEntry {
  /** Under the corpus folder. */
  readonly path: string;
  readonly modality: 'US' | 'SC';
  readonly rows: number;
  readonly columns: number;
  readonly bytes: number;
  /** Kinds and boxes of the text burned in (no text). */
  readonly truth: readonly TruthItem[];
}

interface Manifest { readonly target: number; readonly seeds: readonly string[]; readonly studies: number; readonly entries: readonly CorpusEntry[] }

interface Timed { readonly best: number; readonly runs: readonly number[] }

export interface BurnedInResult {
  readonly corpus: Manifest & { readonly builtInSeconds: number | undefined };
  readonly jobs: number;
  readonly engine: string;
  readonly copy: Timed;
  readonly deid: Timed & { readonly held: number; readonly released: number; readonly identifiersNotHeld: number };
  readonly scan: Timed & { readonly failed: number };
  readonly redact: Timed & { readonly images: number; readonly refused: number };
  readonly verify: Timed & { readonly images: number; readonly verified: number; readonly stillHeld: number; readonly refused: number };
  readonly accuracy: Accuracy;
  readonly byModality: readonly { readonly modality: string; readonly accuracy: Accuracy }[];
}

function synthesize(out: string, seed: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'synth', out, '--studies', String(BATCH_STUDIES), '--seed', seed, '--pixels', 'realistic', '--no-progress'], { stdio: 'ignore' });
    child.once('error', fail);
    child.once('close', (code) => (code === 0 ? done() : fail(new Error(`oncoatlas synth --seed ${seed} exited ${code}`))));
  });
}

const us = (f: ReturnType<typeof parsePart10>, tag: number): number => {
  const el = findElement(f.dataset, tag);
  return el && el.items === null ? uint16Value(f.buffer, el, f.dataset.syntax.littleEndian) ?? 0 : 0;
};

/** The US and SC instances at risk of one synthetic hospital, copied into the corpus (each SOP instance once). */
function collect(hospital: string, into: string, prefix: string, seen: Set<string>, entries: CorpusEntry[], target: number): void {
  const truth = JSON.parse(readFileSync(join(hospital, 'truth.json'), 'utf8')) as { studies: { burnedIn?: BurnedInTruth[] }[] };
  for (const e of truth.studies.flatMap((s) => s.burnedIn ?? [])) {
    if (entries.length >= target) return;
    const from = join(hospital, e.path);
    if (lstatSync(from).isSymbolicLink()) continue;
    const f = parsePart10(readFileSync(from));
    const uid = stringAt(f.buffer, f.dataset, 0x00080018)?.trim() ?? '';
    const modality = stringAt(f.buffer, f.dataset, 0x00080060)?.trim();
    const kind = modality === 'US' ? 'US' : (stringAt(f.buffer, f.dataset, 0x00080016) ?? '').startsWith(SC_CLASS) ? 'SC' : null;
    if (kind === null || seen.has(uid)) continue;
    seen.add(uid);
    const path = join(prefix, e.path.replace(/^pacs\//, ''));
    mkdirSync(dirname(join(into, path)), { recursive: true });
    cpSync(from, join(into, path));
    entries.push({ path, modality: kind, rows: us(f, 0x00280010), columns: us(f, 0x00280011), bytes: f.buffer.length, truth: e.items.map((i) => ({ kind: i.kind, box: i.box })) });
  }
}

/** Kept on tmpfs between runs (rebuilt with --fresh or for another size): some 6 min of synthesis on 2 cores. */
async function ensureCorpus(o: BurnedInOptions): Promise<BurnedInResult['corpus'] & { dir: string }> {
  const dir = join(o.root ?? ROOT, 'burned-in', 'corpus');
  const manifestFile = join(dir, 'manifest.json');
  if (!o.fresh && existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    // A larger corpus serves a smaller run: its first instances, in the order they were collected.
    if (m.entries.length >= o.instances) {
      const entries = m.entries.slice(0, o.instances);
      return { ...m, target: o.instances, entries, seeds: m.seeds.filter((s) => entries.some((e) => e.path.startsWith(`${s}/`))), dir, builtInSeconds: undefined };
    }
  }
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entries: CorpusEntry[] = [];
  const seen = new Set<string>();
  const seeds: string[] = [];
  for (let k = 1; entries.length < o.instances; k += o.jobs) {
    const batch = Array.from({ length: o.jobs }, (_, i) => `burned-in-${k + i}`);
    await Promise.all(batch.map((seed) => synthesize(join(dir, '..', seed), seed)));
    for (const seed of batch) {
      const hospital = join(dir, '..', seed);
      if (entries.length < o.instances) { collect(hospital, dir, seed, seen, entries, o.instances); seeds.push(seed); }
      rmSync(hospital, { recursive: true, force: true });
    }
    o.say(`burned-in corpus: ${entries.length} of ${o.instances} US/SC instances at risk after ${seeds.length} hospitals of ${BATCH_STUDIES} studies`);
  }
  const m: Manifest = { target: o.instances, seeds, studies: BATCH_STUDIES, entries };
  writeFileSync(manifestFile, JSON.stringify(m));
  return { ...m, dir, builtInSeconds: (performance.now() - started) / 1000 };
}

type Answer<T> = { ok: true; answer: T } | { ok: false; code: string };

/** Worker threads with their modules loaded: populate's own pass runs in a process that has loaded them already. */
async function startWorkers(jobs: number): Promise<Worker[]> {
  const url = new URL('./burned-in-worker.js', import.meta.url);
  return Promise.all(Array.from({ length: jobs }, () => new Promise<Worker>((done, fail) => {
    const w = new Worker(url);
    w.once('message', () => done(w));
    w.once('error', fail);
  })));
}

/** The tasks on the workers, one image at a time each, the next handed out when one is done. */
async function onWorkers<T>(workers: readonly Worker[], tasks: readonly Task[]): Promise<{ seconds: number; answers: Answer<T>[] }> {
  const started = performance.now();
  const answers: Answer<T>[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(workers.map((w) => new Promise<void>((done, fail) => {
    let at = -1;
    const onMessage = (m: Answer<T>): void => { answers[at] = m; feed(); };
    const feed = (): void => {
      if (next >= tasks.length) { w.off('message', onMessage); w.off('error', fail); done(); return; }
      at = next++;
      w.postMessage(tasks[at]);
    };
    w.on('message', onMessage);
    w.on('error', fail);
    feed();
  })));
  return { seconds: (performance.now() - started) / 1000, answers };
}

async function copyAll(files: readonly string[], from: string, to: string, jobs: number): Promise<number> {
  rmSync(to, { recursive: true, force: true });
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await mkdir(dirname(join(to, f)), { recursive: true });
      await copyFile(join(from, f), join(to, f));
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  rmSync(to, { recursive: true, force: true });
  return seconds;
}

const timed = (xs: readonly number[]): Timed => ({ best: Math.min(...xs), runs: xs });

export async function benchBurnedIn(o: BurnedInOptions): Promise<BurnedInResult> {
  const engine = ocrEngine();
  if (engine === null) throw new Error('tesseract is missing: apt-get install tesseract-ocr tesseract-ocr-eng');
  const corpus = await ensureCorpus(o);
  const work = join(o.root ?? ROOT, 'burned-in');
  const files = corpus.entries.map((e) => e.path);
  o.say(`burned-in: ${files.length} instances (${(corpus.entries.reduce((n, e) => n + e.bytes, 0) / 1e6).toFixed(0)} MB) at ${corpus.dir}`);
  // A fixed synthetic key: the benchmark's pseudonyms protect nothing.
  const settings = { profile: 'basic' as const, options: [], secret: new TextEncoder().encode('benchmark-site-secret-0123456789abcdef'), allowBurnedIn: false, recordMappings: false };
  const t = { copy: [] as number[], deid: [] as number[], scan: [] as number[], redact: [] as number[], verify: [] as number[] };
  let scans: Answer<ScanAnswer>[] = [];
  let held = 0, released = 0, identifiersNotHeld = 0, redactImages = 0, redactRefused = 0, verifyImages = 0, verified = 0, stillHeld = 0, verifyRefused = 0;
  const workers = await startWorkers(o.jobs);
  for (let round = 1; round <= o.runs; round++) {
    t.copy.push(await copyAll(files, corpus.dir, join(work, 'out-copy'), o.jobs));

    const deidOut = join(work, 'out-deid');
    rmSync(deidOut, { recursive: true, force: true });
    const started = performance.now();
    const outcomes = await deidentifyFiles({ files: files.map((f) => join(corpus.dir, f)), outRoot: deidOut, settings, jobs: o.jobs, hashOutputs: true });
    t.deid.push((performance.now() - started) / 1000);
    held = outcomes.filter((r) => r.status === 'review').length;
    released = outcomes.filter((r) => r.status === 'deidentified').length;
    identifiersNotHeld = corpus.entries.filter((e, i) => e.truth.some((x) => x.kind !== 'other') && outcomes[i]!.status !== 'review').length;

    const scan = await onWorkers<ScanAnswer>(workers, files.map((f) => ({ kind: 'scan', source: join(corpus.dir, f) })));
    t.scan.push(scan.seconds);
    scans = scan.answers;

    // Every held instance with a box to blank: its held file, the scan's boxes (OCR words and device zones).
    const jobsOf = corpus.entries.flatMap((e, i) => {
      const r = outcomes[i]!;
      const s = scans[i]!;
      const boxes = s.ok ? s.answer.findings.map((f) => f.box) : [];
      return r.status === 'review' && r.output && boxes.length > 0 ? [{ heldPath: r.output, boxes, source: join(corpus.dir, e.path) }] : [];
    });
    const redactOut = join(work, 'out-redact');
    rmSync(redactOut, { recursive: true, force: true });
    cpSync(deidOut, redactOut, { recursive: true });
    const redact = await onWorkers<RedactAnswer>(workers, jobsOf.map((j) => ({ kind: 'redact', outRoot: redactOut, heldPath: j.heldPath, boxes: j.boxes })));
    t.redact.push(redact.seconds);
    redactImages = jobsOf.length;
    redactRefused = redact.answers.filter((a) => !a.ok).length;
    rmSync(redactOut, { recursive: true, force: true });

    const verifyOut = join(work, 'out-verify');
    rmSync(verifyOut, { recursive: true, force: true });
    cpSync(deidOut, verifyOut, { recursive: true });
    const verify = await onWorkers<RedactAnswer>(workers, jobsOf.map((j) => ({ kind: 'redact-verify', outRoot: verifyOut, heldPath: j.heldPath, boxes: j.boxes, source: j.source })));
    t.verify.push(verify.seconds);
    verifyImages = jobsOf.length;
    verified = verify.answers.filter((a) => a.ok && a.answer.verified === true).length;
    stillHeld = verify.answers.filter((a) => a.ok && !a.answer.written).length;
    verifyRefused = verify.answers.filter((a) => !a.ok).length;
    rmSync(verifyOut, { recursive: true, force: true });
    rmSync(deidOut, { recursive: true, force: true });
    o.say(`burned-in run ${round}/${o.runs}: copy ${t.copy.at(-1)!.toFixed(2)} s, (a) de-identification ${t.deid.at(-1)!.toFixed(2)} s, (b) scan ${scan.seconds.toFixed(1)} s, `
      + `(c) redaction ${redact.seconds.toFixed(2)} s, (d) redaction + verifying OCR ${verify.seconds.toFixed(1)} s`);
  }
  await Promise.all(workers.map((w) => w.terminate()));
  const scored = corpus.entries.map((e, i) => {
    const s = scans[i]!;
    const detections = s.ok ? s.answer.findings.filter((f) => f.source === 'ocr').map((f) => ({ kind: f.kind as DetectionKind, box: f.box, confidence: 0 })) : [];
    return { modality: e.modality, truth: e.truth, detections };
  });
  return {
    corpus, jobs: o.jobs, engine,
    copy: timed(t.copy),
    deid: { ...timed(t.deid), held, released, identifiersNotHeld },
    scan: { ...timed(t.scan), failed: scans.filter((s) => !s.ok || s.answer.outcome === 'failed').length },
    redact: { ...timed(t.redact), images: redactImages, refused: redactRefused },
    verify: { ...timed(t.verify), images: verifyImages, verified, stillHeld, refused: verifyRefused },
    accuracy: scoreDetections(scored),
    byModality: (['US', 'SC'] as const).map((m) => ({ modality: m, accuracy: scoreDetections(scored.filter((x) => x.modality === m)) })),
  };
}

const perSecond = (n: number, s: number): string => (n / s).toFixed(n / s >= 100 ? 0 : n / s >= 10 ? 1 : 2);
const f3 = (x: number): string => x.toFixed(x >= 10 ? 1 : 3);
const pr = (a: Accuracy): string => `precision ${a.precision.toFixed(3)}, recall ${a.recall.toFixed(3)} (tp ${a.truePositives}, fp ${a.falsePositives}, fn ${a.falseNegatives}, tn ${a.trueNegatives})`;

export function burnedInSection(r: BurnedInResult, o: { command: string; environment: Environment; loadAtStart: number }): string[] {
  const e = o.environment;
  const c = r.corpus;
  const n = c.entries.length;
  const size = (m: string): string => {
    const xs = c.entries.filter((x) => x.modality === m);
    const dims = [...new Set(xs.map((x) => `${x.columns}x${x.rows}`))].join(', ');
    return `${xs.length} ${m} (${dims} RGB, ${(xs.reduce((s, x) => s + x.bytes, 0) / Math.max(1, xs.length) / 1e6).toFixed(2)} MB each)`;
  };
  const withIds = c.entries.filter((x) => x.truth.some((i) => i.kind !== 'other')).length;
  const otherOnly = c.entries.filter((x) => x.truth.length > 0 && x.truth.every((i) => i.kind === 'other')).length;
  const perImage = (imgs: number, t: Timed): number => t.best / imgs;
  const base = perImage(n, r.deid);
  const row = (what: string, imgs: number, t: Timed): string =>
    `| ${what} | ${imgs} | ${f3(t.best)} s | ${t.runs.map(f3).join(', ')} | ${perSecond(imgs, t.best)} | ${(perImage(imgs, t) / base).toFixed(2)}x |`;
  return [
    SECTION_BEGIN,
    '## Burned-in text: OCR and redaction vs de-identification',
    '',
    `\`${o.command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${e.cores} cores (${e.cpu}), ${e.memoryGb.toFixed(1)} GiB RAM, ${e.kernel}; load average ${o.loadAtStart.toFixed(2)} when it started. Node ${e.node}; ${r.engine} (Debian, \`eng\` traineddata); ${e.oncoatlas}.`,
    '',
    `Corpus: ${n} instances at risk of burned-in text, ${size('US')} and ${size('SC')}, uncompressed: the US and SC instances the generator lists as at risk in ${c.seeds.length} synthetic hospitals`
    + ` (\`generateHospital\`, ${c.studies} studies each, seeds ${c.seeds[0]}..${c.seeds.at(-1)}, \`--pixels realistic\`). ${withIds} carry identifier text (name, ID, date or institution),`
    + ` ${otherOnly} only other text ("TIS 0.4", "5 cm"), ${n - withIds - otherOnly} none. De-identification holds the ${r.deid.held} that declare Burned In Annotation YES (${r.deid.identifiersNotHeld === 0 ? 'every one carrying an identifier among them' : `${r.deid.identifiersNotHeld} carrying an identifier are NOT among them`})`
    + ` and releases the ${r.deid.released} that declare NO by its rules; populate OCRs the held ones, and under the Clean Pixel Data option the released ones of text-prone modalities too: all ${n}, as (b) does.`
    + ` Files on tmpfs; the same ${r.jobs} threads for every step, best of ${r.copy.runs.length} rounds (every step once a round).`,
    '',
    '| step | images | best | runs | images/s | time per image vs (a) |',
    '|---|--:|--:|---|--:|--:|',
    row('raw copy of the files (copyFile, 2 at a time; the limit)', n, r.copy),
    row(`(a) de-identification without OCR: \`deidentifyFiles\` (jobs ${r.jobs}, as populate runs it; ${r.deid.held} held for review)`, n, r.deid),
    row('(b) OCR scan: `scanInstance` (detectBurnedIn of frame 1 against identifiersOf the source, plus device text zones)', n, r.scan),
    row('(c) redaction: `redactHeld` of the held file with every box (b) found, no OCR', r.redact.images, r.redact),
    row('(d) redaction plus the verifying OCR of the redacted pixels', r.verify.images, r.verify),
    '',
    `Parallelism: ${r.jobs} threads for each step on this ${e.cores}-core machine: (a) the main thread and ${r.jobs - 1} worker thread${r.jobs > 2 ? 's' : ''} (\`jobs: ${r.jobs}\`);`
    + ` (b) to (d) ${r.jobs} worker threads, one image at a time each, tesseract run once per image with one thread (\`OMP_THREAD_LIMIT=1\`).`
    + ' (a) includes starting its worker thread, as every populate chunk does; (b) to (d) start timing once their workers have loaded their modules, as populate\'s pass runs in its own warm process.',
    `(c) and (d) blank every box of (b)'s findings (OCR words, identifiers or not, and template zones) in the ${r.redact.images} held instances with at least one box, and write the redacted file atomically where released files go;`
    + ` a copy of (a)'s output is made for each, outside the timing. ${r.verify.verified} of ${r.verify.images} redacted images were verified (OCR read none of the instance's identifiers), ${r.verify.stillHeld} stayed held,`
    + ` ${r.verify.refused + r.redact.refused} were refused; the scan failed on ${r.scan.failed}.`,
    '',
    `Detection per instance against the generator's truth (scoreDetections: an instance with identifier text counts as found when an identifier detection overlaps one of its identifier boxes): ${pr(r.accuracy)}.`
    + ` ${r.byModality.map((m) => `${m.modality}: ${pr(m.accuracy)}`).join('; ')}.`,
    SECTION_END,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: {
    quick: { type: 'boolean', default: false }, instances: { type: 'string' }, runs: { type: 'string' }, jobs: { type: 'string', default: '2' },
    fresh: { type: 'boolean', default: false }, out: { type: 'string' },
  } });
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const say = (line: string): void => { process.stderr.write(`${line}\n`); };
  const loadAtStart = currentLoad();
  const r = await benchBurnedIn({
    instances: Number(values.instances ?? (values.quick ? 30 : 128)), runs: Number(values.runs ?? (values.quick ? 1 : 3)), jobs: Number(values.jobs), fresh: values.fresh, say,
  });
  const out = values.out ?? join(repo, 'BENCHMARKS.md');
  replaceSection(out, SECTION_BEGIN, SECTION_END, burnedInSection(r, { command: ['node bench/burned-in.ts', ...process.argv.slice(2)].join(' '), environment: describeEnvironment(repo), loadAtStart }));
  say(`wrote the burned-in section of ${out}`);
}
