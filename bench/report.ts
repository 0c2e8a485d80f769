/** Writes BENCHMARKS.md: the machine, the method, one table per corpus and the PASS/MISS lines of the targets. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ParserResult } from './parser.ts';
import { evaluateTargets, type CaseResult, type ToolResult, type Verdict } from './targets.ts';

export interface ReportInput {
  readonly cases: readonly CaseResult[];
  readonly parser: ParserResult | undefined;
  /** Markdown lines of the sources benchmarks (synth, DICOMweb), rendered after the de-identification ones. */
  readonly extraSections?: readonly string[];
  readonly runs: number;
  /** Set for --quick or --only runs: the figures are not the reference ones. */
  readonly partial: string | undefined;
  readonly commandLine: string;
  readonly rssMethod: string;
  readonly loadAtStart: number;
  readonly totalSeconds: number;
  readonly environment: Environment;
}

export interface Environment {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGb: number;
  readonly kernel: string;
  readonly node: string;
  readonly gdcm: string;
  readonly dcmtk: string;
  readonly dcmjs: string;
  readonly oncoatlas: string;
}

function firstLine(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown';
}

function packageVersion(path: string): string {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function describeEnvironment(repo: string): Environment {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1]?.trim() ?? 'unknown';
  const gdcm = firstLine('gdcmanon', ['--version']).match(/gdcm (\S+)/)?.[1];
  const dcmodify = firstLine('dcmodify', ['--version']).match(/dcmodify v(\S+) (\S+)/);
  const commit = spawnSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim();
  const dirty = spawnSync('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout?.trim();
  const cli = existsSync(join(repo, 'packages/cli/package.json')) ? packageVersion(join(repo, 'packages/cli/package.json')) : 'not present';
  return {
    cores: availableParallelism(),
    cpu,
    memoryGb: totalmem() / 2 ** 30,
    kernel: `Linux ${release()}`,
    node: process.version,
    gdcm: gdcm ? `GDCM ${gdcm} (gdcmanon)` : 'gdcmanon: unknown version',
    dcmtk: dcmodify ? `dcmtk ${dcmodify[1]} (dcmodify, ${dcmodify[2]})` : 'dcmodify: unknown version',
    dcmjs: `dcmjs ${packageVersion(join(repo, 'node_modules/dcmjs/package.json'))}`,
    oncoatlas: `@oncoatlas/cli ${cli} at commit ${commit || 'unknown'}${dirty ? ' with uncommitted changes' : ''}`,
  };
}

export const currentLoad = (): number => loadavg()[0] ?? NaN;

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Speed of `r` relative to `base` on the same corpus (2.00x = twice as fast). */
function ratio(r: ToolResult, base: ToolResult | undefined): string {
  if (!base || base === r || !Number.isFinite(base.best) || !Number.isFinite(r.best)) return base === r ? '1.00x' : '-';
  return `${(base.best / r.best).toFixed(2)}x`;
}

export function caseTable(c: CaseResult): string[] {
  const byId = (id: string): ToolResult | undefined => c.results.find((r) => r.id === id);
  const bases = ['cp', 'node-copy', 'gdcmanon', 'dcmodify', 'dcmjs'].map(byId).filter((r): r is ToolResult => r !== undefined);
  const { corpus } = c;
  const built = corpus.builtInSeconds === undefined ? 'reused from an earlier run' : `written in ${fmt(corpus.builtInSeconds, 1)} s`;
  const rows = [
    `### ${corpus.title}: ${corpus.files} files, ${fmt(corpus.bytes / 1e6)} MB`,
    '',
    `Corpus \`${corpus.dir}\` (${built})${corpus.attributes ? `; one file has ${corpus.attributes.topLevel} dataset attributes, ${corpus.attributes.all} counting those inside sequences (dcmdump)` : ''}.`,
    '',
    `| tool | kind | best (s) | runs (s) | files/s | MB/s | ${bases.map((b) => `vs ${b.id}`).join(' | ')} | peak RSS (MB) |`,
    `|---|---|--:|---|--:|--:|${bases.map(() => '--:|').join('')}--:|`,
  ];
  for (const r of c.results) {
    const label = r.status === 'ok' ? r.name : `${r.name} (${r.status}${r.note ? `: ${r.note}` : ''})`;
    rows.push(`| ${label} | ${r.kind} | ${fmt(r.best, 3)} | ${r.runsSeconds.map((s) => s.toFixed(3)).join(', ') || '-'} | `
      + `${fmt(corpus.files / r.best)} | ${fmt(corpus.bytes / 1e6 / r.best)} | ${bases.map((b) => ratio(r, b)).join(' | ')} | ${fmt(r.peakRssMb)} |`);
  }
  return rows;
}

export function verdictLines(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => `- ${v.pass ? 'PASS' : 'MISS'}: ${v.text}`);
}

export function renderReport(r: ReportInput, limitsNote: string | undefined): string {
  const e = r.environment;
  const tools = new Map<string, ToolResult>();
  for (const c of r.cases) for (const t of c.results) if (!tools.has(t.id)) tools.set(t.id, t);
  const out = [
    '# Benchmarks',
    '',
    `Generated by \`${r.commandLine}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${fmt(r.totalSeconds / 60, 1)} min.`,
    ...(r.partial ? ['', `**Partial run (${r.partial}): not the reference figures.**`] : []),
    '',
    `Machine: ${e.cores} cores (${e.cpu}), ${fmt(e.memoryGb, 1)} GiB RAM, ${e.kernel}; load average ${fmt(r.loadAtStart, 2)} when the run started.`,
    `Software: Node ${e.node}; ${e.gdcm}; ${e.dcmtk}; ${e.dcmjs}; ${e.oncoatlas}.`,
    '',
    '## Method',
    '',
    '- Corpora and outputs live on tmpfs (`/dev/shm/oncoatlas-bench`), so the figures measure the tools, not the disk\'s write-back.',
    `- Each tool runs ${r.runs} times, in rounds (every tool once, then again), and the shortest wall-clock time counts; it includes`,
    '  process start-up. The output folder is removed before every run, outside the timing.',
    `- Peak RSS: ${r.rssMethod}; the largest over the runs. MB/s counts 10^6 bytes of input; RSS is in MiB.`,
    '- A run counts only if it exits with status 0 and leaves as many files in its output as the corpus holds; otherwise the',
    '  row is marked and the tool is left out of the "fastest peer".',
    '- Ratio columns: the speed of the row\'s tool relative to the column\'s (2.00x = twice as fast). Files/s and MB/s ratios',
    '  are the same on one corpus.',
    '',
    'The tools:',
    '',
    ...[...tools.values()].map((t) => `- **${t.name}** (${t.kind}): ${t.how}.`),
    '',
  ];
  for (const c of r.cases) out.push(...caseTable(c), '');
  out.push('## Targets', '', ...verdictLines(evaluateTargets(r.cases)), '');
  if (r.parser) {
    const p = r.parser;
    out.push('## Why our own parser', '',
      `Parsing ${p.files} header-heavy files in one process, warmed up: OncoAtlas \`parsePart10\` ${fmt(p.oursMicros, 1)} us per file,`,
      `dicom-parser \`parseDicom\` ${fmt(p.dicomParserMicros, 1)} us (${fmt(p.dicomParserMicros / p.oursMicros, 1)}x slower). Each file is parsed twice (input and`,
      'verification), so dicom-parser would cost more than the whole per-file budget of the header-heavy target; it remains the oracle in the parser tests.', '');
  }
  if (r.extraSections?.length) out.push(...r.extraSections);
  if (limitsNote) out.push(limitsNote.trim(), '');
  return `${out.join('\n')}\n`;
}

export function writeReport(path: string, r: ReportInput): void {
  const limits = new URL('./LIMITS.md', import.meta.url);
  writeFileSync(path, renderReport(r, existsSync(limits) ? readFileSync(limits, 'utf8') : undefined));
}

/** Replaces the lines between `begin` and `end` in `file` (or appends them): a section one script rewrites alone. */
export function replaceSection(file: string, begin: string, end: string, lines: readonly string[]): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const b = text.indexOf(begin);
  const e = text.indexOf(end);
  const section = lines.join('\n');
  writeFileSync(file, b >= 0 && e > b ? text.slice(0, b) + section + text.slice(e + end.length) : `${text.trimEnd()}\n\n${section}\n`);
}
