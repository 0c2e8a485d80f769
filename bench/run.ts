/**
 * `npm run bench`: builds the corpora on tmpfs and times, in one run and best of three, the limits (cp, a Node
 * copy), the peers (GDCM gdcmanon, dcmtk dcmodify, a dcmjs loop) and `oncoatlas deid`, then writes BENCHMARKS.md.
 *
 * Flags (after `npm run bench --`):
 *   --quick            a tenth of the files and a 100 MB large file, for smoke tests
 *   --only ct,header,large  (also synth, dicomweb, populate, cluster, federation, data-use, burned-in, threads)
 *   --runs N           runs per tool (default 3)
 *   --jobs N           worker threads of oncoatlas deid (default 2)
 *   --rss gnu-time|proc-poll   how peak RSS is measured (default: GNU time when installed)
 *   --fresh            rebuild the corpora even when a complete one exists
 *   --out FILE         where the report goes
 *   --soak-seconds N   the federation soak's length (default 600; bench/federation.ts runs that case alone)
 * Only a full run (no --quick, all three corpora, at least 3 runs) writes the repository's BENCHMARKS.md by
 * default; partial runs write /dev/shm/oncoatlas-bench/BENCHMARKS.partial.md, so a smoke test never replaces
 * the reference figures.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCorpus, treeSize, type Corpus } from './corpus.ts';
import { describeRssMethod, gnuTimeAvailable, measure, type RssMethod } from './measure.ts';
import type { ParserResult } from './parser.ts';
import { currentLoad, describeEnvironment, verdictLines, writeReport } from './report.ts';
import { evaluateTargets, type CaseResult, type ToolResult } from './targets.ts';
import { benchTools, missingPrograms, oursAvailable, type CaseId, type Tool } from './tools.ts';

const ROOT = '/dev/shm/oncoatlas-bench';
const TMPFS_MAGIC = 0x01021994;
const CASES: readonly CaseId[] = ['ct', 'header', 'large'];
const SOURCE_CASES = ['synth', 'dicomweb', 'populate', 'cluster', 'federation', 'data-use', 'burned-in', 'threads'] as const;
const ALL_CASES: readonly string[] = [...CASES, ...SOURCE_CASES];
const repo = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string): void => { process.stderr.write(`${line}\n`); };
const fail = (line: string): never => { say(line); process.exit(1); };

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: ALL_CASES.join(',') },
    runs: { type: 'string', default: '3' },
    jobs: { type: 'string', default: '2' },
    rss: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    out: { type: 'string' },
    'soak-seconds': { type: 'string' },
  },
});
const only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
for (const c of only) if (!ALL_CASES.includes(c)) fail(`--only takes ${ALL_CASES.join(', ')}; got ${c}`);
const runs = Number(values.runs);
const jobs = Number(values.jobs);
if (!Number.isInteger(runs) || runs < 1) fail('--runs takes a positive whole number');
if (!Number.isInteger(jobs) || jobs < 1) fail('--jobs takes a positive whole number');

const missing = missingPrograms();
if (missing.length > 0) {
  fail(missing.map((m) => `${m.program} is missing: install the Debian package ${m.debianPackage} (apt-get install ${m.debianPackage})`).join('\n'));
}
let rssMethod: RssMethod;
if (values.rss === 'gnu-time' || values.rss === 'proc-poll') rssMethod = values.rss;
else if (values.rss !== undefined) fail('--rss takes gnu-time or proc-poll');
else rssMethod = gnuTimeAvailable() ? 'gnu-time' : 'proc-poll';
if (rssMethod! === 'gnu-time' && !gnuTimeAvailable()) fail('--rss gnu-time needs /usr/bin/time: apt-get install time');
if (rssMethod! === 'proc-poll' && values.rss === undefined) say('GNU time is not installed (apt-get install time); peak RSS is sampled from /proc every 20 ms instead.');
const method = rssMethod!;

mkdirSync(ROOT, { recursive: true });
const fs = statfsSync(ROOT);
if (fs.type !== TMPFS_MAGIC) say(`warning: ${ROOT} is not on tmpfs; the figures will include the disk.`);
const needGb = values.quick ? 0.6 : 3.5;
if ((fs.bavail * fs.bsize) / 1e9 < needGb) fail(`${ROOT} has ${((fs.bavail * fs.bsize) / 1e9).toFixed(1)} GB free; the benchmark needs about ${needGb} GB.`);

const certificate = join(ROOT, 'cert.pem');
if (!existsSync(certificate)) {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(ROOT, 'key.pem'), '-out', certificate,
    '-days', '3650', '-subj', '/CN=oncoatlas-bench'], { stdio: 'ignore' });
  if (r.status !== 0) fail('openssl could not make the certificate gdcmanon -e encrypts to.');
}
// A fixed synthetic key: the benchmark's pseudonyms protect nothing.
const secretFile = join(ROOT, 'site.secret');
rmSync(secretFile, { force: true });
writeFileSync(secretFile, 'benchmark-site-secret-0123456789abcdef\n', { mode: 0o600 });
const logs = join(ROOT, 'logs');
rmSync(logs, { recursive: true, force: true });
mkdirSync(logs);

const ctx = { node: process.execPath, repo, certificate, secretFile, jobs };
const tools = benchTools(ctx);
const ours = oursAvailable(ctx);
if (!ours.ok) say(`oncoatlas deid is not available (${ours.reason}); it is reported as such.`);
const loadAtStart = currentLoad();
if (loadAtStart > 0.5) say(`warning: load average ${loadAtStart.toFixed(2)}; other work on this machine will slow every tool.`);
const started = performance.now();

interface Tally { seconds: number[]; rss: number; problems: string[] }

/** Every tool once per round, `runs` rounds: a burst of other load then touches all tools alike. */
async function benchCase(corpus: Corpus): Promise<CaseResult> {
  const chosen = tools.filter((t) => t.cases.includes(corpus.id));
  const runnable = chosen.filter((t) => t.kind !== 'ours' || ours.ok);
  const tally = new Map<Tool, Tally>(runnable.map((t) => [t, { seconds: [], rss: 0, problems: [] }]));
  for (let round = 1; round <= runs; round++) {
    for (const t of runnable) {
      const out = join(ROOT, `out-${t.id}`);
      rmSync(out, { recursive: true, force: true });
      const log = join(logs, `${corpus.id}-${t.id}-${round}.log`);
      const m = await measure(t.command(corpus.dir, out), method, log);
      const written = existsSync(out) ? treeSize(out).files : 0;
      rmSync(out, { recursive: true, force: true });
      const s = tally.get(t)!;
      s.seconds.push(m.seconds);
      if (Number.isFinite(m.peakRssMb)) s.rss = Math.max(s.rss, m.peakRssMb);
      if (m.exitCode !== 0) s.problems.push(`run ${round} exited ${m.exitCode ?? 'on a signal'} (${log})`);
      else if (written !== corpus.files) s.problems.push(`run ${round} wrote ${written} of ${corpus.files} files`);
      say(`${corpus.id} round ${round}/${runs}: ${t.name.padEnd(30)} ${m.seconds.toFixed(3)} s, ${m.peakRssMb.toFixed(0)} MB${m.exitCode === 0 && written === corpus.files ? '' : ' (FAILED)'}`);
    }
  }
  const results: ToolResult[] = chosen.map((t) => {
    const base = { id: t.id, name: t.name, kind: t.kind, how: t.how };
    const s = tally.get(t);
    if (!s) return { ...base, status: 'not available', runsSeconds: [], best: NaN, peakRssMb: NaN, note: ours.ok ? undefined : ours.reason };
    return {
      ...base,
      status: s.problems.length === 0 ? 'ok' : 'errors',
      runsSeconds: s.seconds,
      best: Math.min(...s.seconds),
      peakRssMb: s.rss > 0 ? s.rss : NaN,
      note: s.problems.length === 0 ? undefined : s.problems.join('; '),
    };
  });
  return { corpus, results };
}

const cases: CaseResult[] = [];
let headerDir: string | undefined;
for (const id of CASES.filter((c) => only.includes(c))) {
  const corpus = await ensureCorpus(ROOT, id, { quick: values.quick, fresh: values.fresh });
  say(`corpus ${corpus.title}: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(0)} MB, `
    + `${corpus.builtInSeconds === undefined ? 'reused' : `written in ${corpus.builtInSeconds.toFixed(1)} s`}`);
  if (id === 'header') headerDir = corpus.dir;
  cases.push(await benchCase(corpus));
}
/** Parser comparison; imported late so a broken @oncoatlas/dicom costs this section, not the whole report. */
async function parserSection(dir: string | undefined): Promise<ParserResult | undefined> {
  if (!dir || !ours.ok) return undefined;
  try {
    return (await import('./parser.ts')).measureParser(dir);
  } catch (err) {
    say(`parser comparison skipped: ${(err as Error).message}`);
    return undefined;
  }
}
const parser = await parserSection(headerDir);

const extraSections: string[] = [];
if (only.includes('synth')) {
  const { benchSynth, synthSection } = await import('./synth.ts');
  const studies = values.quick ? 1248 : 12_484;
  extraSections.push(...synthSection(await benchSynth({ root: ROOT, node: process.execPath, repo, studies, runs, method, logs, say })));
}
if (only.includes('populate')) {
  const { benchPopulate, populateSection } = await import('./populate.ts');
  const studies = values.quick ? 1248 : 12_484;
  extraSections.push(...populateSection(await benchPopulate({ root: ROOT, node: process.execPath, repo, studies, method, logs, jobs, say })));
}
if (only.includes('cluster')) {
  const { benchCluster, clusterSection } = await import('./cluster.ts');
  const studies = values.quick ? 1248 : 12_484;
  extraSections.push(...clusterSection(await benchCluster({ root: ROOT, node: process.execPath, repo, studies, say })));
}
if (only.includes('dicomweb')) {
  const { benchDicomweb, dicomwebSection } = await import('./dicomweb.ts');
  const corpus = await ensureCorpus(ROOT, 'ct', { quick: values.quick, fresh: false });
  const files = readdirSync(corpus.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
  extraSections.push(...dicomwebSection(await benchDicomweb({ files, runs, log: say }), corpus.title));
}

const commandLine = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
if (only.includes('federation')) {
  const { benchFederation, federationSection } = await import('./federation.ts');
  const r = await benchFederation({
    root: join(ROOT, 'federation'), say, nodes: 5, queries: values.quick ? 100 : 1000,
    soakNodes: values.quick ? 10 : 20, soakSeconds: Number(values['soak-seconds'] ?? (values.quick ? 30 : 600)),
  });
  extraSections.push('', ...federationSection(r, { command: commandLine, environment: describeEnvironment(repo), loadAtStart }));
}

if (only.includes('data-use')) {
  const { benchDataUse, dataUseSection } = await import('./data-use.ts');
  const r = await benchDataUse({ studies: values.quick ? 100 : 300, runs, say });
  extraSections.push('', ...dataUseSection(r, { command: commandLine, environment: describeEnvironment(repo), loadAtStart }));
}

if (only.includes('burned-in')) {
  const { benchBurnedIn, burnedInSection } = await import('./burned-in.ts');
  const r = await benchBurnedIn({ root: ROOT, instances: values.quick ? 30 : 128, runs, jobs, fresh: values.fresh, say });
  extraSections.push('', ...burnedInSection(r, { command: commandLine, environment: describeEnvironment(repo), loadAtStart }));
}

if (only.includes('threads')) {
  const { benchThreadScaling, threadScalingSection } = await import('./thread-scaling.ts');
  const corpus = await ensureCorpus(ROOT, 'header', { quick: values.quick, fresh: false });
  const r = await benchThreadScaling({ dir: corpus.dir, files: Math.min(2500, corpus.files), runs, say });
  extraSections.push('', ...threadScalingSection(r, { command: commandLine, environment: describeEnvironment(repo), loadAtStart }));
}

const partialReasons = [
  values.quick ? '--quick' : '',
  only.length < ALL_CASES.length ? `--only ${only.join(',')}` : '',
  runs < 3 ? `--runs ${runs}` : '',
].filter(Boolean);
const partial = partialReasons.length > 0 ? partialReasons.join(' ') : undefined;
const reportPath = values.out ? resolve(values.out) : partial ? join(ROOT, 'BENCHMARKS.partial.md') : join(repo, 'BENCHMARKS.md');
writeReport(reportPath, {
  cases,
  parser,
  extraSections,
  runs,
  partial,
  commandLine,
  rssMethod: describeRssMethod(method),
  loadAtStart,
  totalSeconds: (performance.now() - started) / 1000,
  environment: describeEnvironment(repo),
});
say('');
for (const line of verdictLines(evaluateTargets(cases))) say(line);
say(`\nwrote ${reportPath} (${((performance.now() - started) / 60000).toFixed(1)} min)`);
