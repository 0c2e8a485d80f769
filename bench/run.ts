/**
 * `npm run bench`: builds the corpora on tmpfs and times, in one run and best of three, the limits (cp, a
 * Node copy), the peers (GDCM gdcmanon, dcmtk dcmodify, dcmjs) and `oncoatlas deid`, then writes BENCHMARKS.md.
 * Flags: --quick (a tenth of the files, 100 MB large file), --only ct,header,large, --runs N.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchCorpus, writeLargeMultiframe } from '@oncoatlas/testkit';
import { measureParser } from './parser.ts';
import { writeReport, type CaseResult, type ToolRun } from './report.ts';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const only = (arg('--only') ?? 'ct,header,large').split(',');
const runs = Number(arg('--runs') ?? 3);
const root = '/dev/shm/oncoatlas-bench';
const repo = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;

for (const [tool, pkg] of [['gdcmanon', 'libgdcm-tools'], ['dcmodify', 'dcmtk'], ['openssl', 'openssl']] as const) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    process.stderr.write(`${tool} is missing: apt-get install ${pkg}\n`);
    process.exit(1);
  }
}
const hasGnuTime = existsSync('/usr/bin/time');
if (!hasGnuTime) {
  process.stderr.write('GNU time (/usr/bin/time) is missing: apt-get install time (it measures peak RSS)\n');
  process.exit(1);
}

mkdirSync(root, { recursive: true });
const cert = join(root, 'cert.pem');
if (!existsSync(cert)) {
  spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(root, 'key.pem'), '-out', cert, '-days', '30', '-subj', '/CN=oncoatlas-bench'], { stdio: 'ignore' });
}
const secret = join(root, 'site.secret');
writeFileSync(secret, 'benchmark-site-secret-0123456789abcdef\n', { mode: 0o600 });

const DCMODIFY_EDITS = [
  '-m "(0010,0010)=ANON"', '-m "(0010,0020)=ANON"', ...['(0010,0030)', '(0008,0050)', '(0008,0080)', '(0008,0081)', '(0008,0090)', '(0008,1070)',
    '(0008,1010)', '(0018,1000)', '(0008,0020)', '(0008,0021)', '(0008,0022)', '(0008,0023)', '(0008,1030)', '(0010,1040)', '(0010,2154)',
    '(0040,0275)', '(0010,1002)', '(0032,1032)'].map((t) => `-ea "${t}"`), '-ep',
].join(' ');

interface Tool {
  readonly name: string;
  readonly kind: ToolRun['kind'];
  readonly command: (input: string, output: string) => string;
}

const TOOLS: Tool[] = [
  { name: 'cp -r', kind: 'limit', command: (i, o) => `cp -r ${i} ${o}` },
  { name: 'node copy', kind: 'limit', command: (i, o) => `${node} ${join(repo, 'bench/node-copy.ts')} ${i} ${o}` },
  { name: 'gdcmanon -e', kind: 'peer', command: (i, o) => `mkdir -p ${o} && gdcmanon -e -c ${cert} --continue -r -i ${i} -o ${o} >/dev/null 2>&1` },
  { name: 'dcmodify (cp + batches of 500)', kind: 'peer', command: (i, o) => `cp -r ${i} ${o} && find ${o} -type f -print0 | xargs -0 -n 500 dcmodify -nb -ie -q ${DCMODIFY_EDITS}` },
  { name: 'dcmjs read-modify-write', kind: 'peer', command: (i, o) => `${node} ${join(repo, 'bench/dcmjs-deid.ts')} ${i} ${o}` },
  { name: 'oncoatlas deid', kind: 'ours', command: (i, o) => `${node} ${join(repo, 'packages/cli/bin/oncoatlas.js')} deid ${i} ${o} --secret-file ${secret} --jobs 2 --no-progress >/dev/null` },
];

function timeOnce(cmd: string, output: string): { seconds: number; rssMb: number; ok: boolean } {
  rmSync(output, { recursive: true, force: true });
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  const lines = (r.stderr ?? '').trim().split('\n');
  const rssKb = Number(lines[lines.length - 1]);
  return { seconds, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : NaN, ok: r.status === 0 };
}

function bench(name: string, input: string, files: number, bytes: number, tools: Tool[]): CaseResult {
  const results: ToolRun[] = [];
  for (const t of tools) {
    const output = join(root, `out-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    let best = Infinity;
    let rss = 0;
    let ok = true;
    for (let k = 0; k < runs; k++) {
      const r = timeOnce(t.command(input, output), output);
      ok &&= r.ok;
      if (r.seconds < best) best = r.seconds;
      rss = Math.max(rss, r.rssMb);
    }
    rmSync(output, { recursive: true, force: true });
    process.stderr.write(`${name}: ${t.name} best ${best.toFixed(3)} s, peak RSS ${rss.toFixed(0)} MB${ok ? '' : ' (exited with an error)'}\n`);
    results.push({ name: t.name, kind: t.kind, seconds: best, rssMb: rss, ok });
  }
  return { name, files, bytes, results };
}

async function corpus(name: string, make: (dir: string) => Promise<{ files: number; bytes: number }>): Promise<{ dir: string; files: number; bytes: number }> {
  const dir = join(root, name);
  const marker = join(root, `${name}.json`);
  if (existsSync(marker)) return { dir, ...(JSON.parse(readFileSync(marker, 'utf8')) as { files: number; bytes: number }) };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const made = await make(dir);
  process.stderr.write(`corpus ${name}: ${made.files} files, ${(made.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  writeFileSync(marker, JSON.stringify(made));
  return { dir, ...made };
}

const cases: CaseResult[] = [];
const scale = quick ? 10 : 1;
if (only.includes('ct')) {
  const c = await corpus(`ct-${2000 / scale}`, (d) => writeBenchCorpus(d, { kind: 'ct', count: 2000 / scale }));
  cases.push(bench('CT-like (512x512 16-bit)', c.dir, c.files, c.bytes, TOOLS));
}
if (only.includes('header')) {
  const c = await corpus(`header-${5000 / scale}`, (d) => writeBenchCorpus(d, { kind: 'header', count: 5000 / scale }));
  cases.push(bench('Header-heavy (64x64, ~120 attributes)', c.dir, c.files, c.bytes, TOOLS));
}
if (only.includes('large')) {
  const size = quick ? 100e6 : 1e9;
  const c = await corpus(`large-${size}`, async (d) => {
    await writeLargeMultiframe(join(d, 'multiframe.dcm'), { bytes: size });
    return { files: 1, bytes: size };
  });
  cases.push(bench(`One ${(size / 1e9).toFixed(1)} GB multi-frame file`, c.dir, c.files, c.bytes, TOOLS.filter((t) => !t.name.startsWith('dcm'))));
}
const parser = measureParser(join(root, `header-${5000 / scale}`));
writeReport(join(repo, 'BENCHMARKS.md'), { cases, parser, runs, quick });
process.stderr.write('wrote BENCHMARKS.md\n');
