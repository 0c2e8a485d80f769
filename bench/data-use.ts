/**
 * Using data under a permit, timed in one run:
 *
 * 1. WADO-RS retrieve of every study of a released dataset version from the node (`oncoatlas serve`, its own
 *    process) with a `download` permit, each request checked (signature, expiry, revocation, coverage) and audited,
 *    against two baselines of the same run: the node's plain read of the same files from its disk (readFile of
 *    each, no HTTP), and Orthanc (Debian, DICOMweb plugin) serving the same studies from its own storage. All three
 *    deliver the same instances; the answers are read to their end and counted, never written.
 * 2. Job start overhead: the same trivial tool (Node, exits at once) run as a plain child process and inside the
 *    sandbox every job runs in (bubblewrap: namespaces, read-only binds, prlimit), and the example tool
 *    `series-stats` over the version both ways.
 *
 * `node bench/data-use.ts [--quick]` replaces the data-use section of BENCHMARKS.md (the rest is kept); `npm run
 * bench` runs it with the others. --quick: a 100-study hospital and 2 runs instead of 300 and 3.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchOrthanc } from '@oncoatlas/testkit';
import { permittedDataset, type PermittedDataset } from '../test/support/permitted-dataset.ts';
import { startProc, stopProc } from './federation-cluster.ts';
import { currentLoad, describeEnvironment, replaceSection, type Environment } from './report.ts';

export const SECTION_BEGIN = '<!-- data-use:begin -->';
export const SECTION_END = '<!-- data-use:end -->';
const DICOM_MULTIPART = 'multipart/related; type="application/dicom"; transfer-syntax=*';

export interface DataUseOptions {
  readonly studies: number;
  readonly runs: number;
  readonly say: (line: string) => void;
}

interface Timed { readonly best: number; readonly runs: readonly number[] }

export interface DataUseResult {
  readonly studies: number;
  readonly instances: number;
  readonly bytes: number;
  readonly wado: { readonly node: Timed; readonly plain: Timed; readonly orthanc: Timed; readonly auditEntries: number };
  readonly sandbox: SandboxTiming | undefined;
}

export interface SandboxTiming {
  readonly starts: number;
  /** Median milliseconds of one trivial tool run, plain and sandboxed. */
  readonly plainMs: number;
  readonly sandboxMs: number;
  /** Best seconds of series-stats over the version, plain and sandboxed. */
  readonly toolPlain: number;
  readonly toolSandbox: number;
  readonly note?: string;
}

/** The version's images grouped by study, as laid out on disk: files/<patient>/<study>/<series>/<instance>.dcm. */
function studiesOf(versionDir: string): Map<string, string[]> {
  const byStudy = new Map<string, string[]>();
  const root = join(versionDir, 'files');
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const study = path.slice(root.length + 1).split('/')[1]!;
    byStudy.set(study, [...(byStudy.get(study) ?? []), path]);
  }
  return byStudy;
}

async function drain(url: string, headers: Record<string, string>): Promise<number> {
  const r = await fetch(url, { headers });
  if (!r.ok || !r.body) throw new Error(`GET ${url.replace(/studies\/.*/, 'studies/…')}: HTTP ${r.status} ${(await r.text()).slice(0, 300)}`);
  let bytes = 0;
  for await (const chunk of r.body) bytes += (chunk as Uint8Array).byteLength;
  return bytes;
}

async function time(f: () => Promise<number>): Promise<{ seconds: number; bytes: number }> {
  const t0 = performance.now();
  const bytes = await f();
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

const best = (xs: readonly number[]): Timed => ({ best: Math.min(...xs), runs: xs });


async function benchWado(d: PermittedDataset, o: DataUseOptions): Promise<DataUseResult['wado'] & { instances: number; bytes: number; studies: number }> {
  const studies = studiesOf(d.versionDir);
  const files = [...studies.values()].flat();
  const { permit } = await d.permit({ actions: ['download'] });
  const node = await startProc(['serve', '--data-dir', d.dataDir, '--port', '0', '--no-web'], /API at (http:\/\/[^/\s]+)\/api/, join(d.root, 'node.log'));
  const orthanc = await launchOrthanc({ parentDir: existsSync('/dev/shm') ? '/dev/shm' : undefined });
  try {
    await orthanc.upload(files);
    const base = `${node.url}/dicomweb/datasets/${d.datasetId}/versions/${d.version}`;
    const nodeRuns: number[] = [];
    const plainRuns: number[] = [];
    const orthancRuns: number[] = [];
    let bytes = 0;
    const before = auditEntries(d.dataDir);
    // Round-robin, so a burst of other load touches all three alike.
    for (let run = 1; run <= o.runs; run++) {
      const ours = await time(async () => {
        let n = 0;
        for (const study of studies.keys()) n += await drain(`${base}/studies/${study}`, { accept: DICOM_MULTIPART, authorization: `Bearer ${permit}` });
        return n;
      });
      const plain = await time(async () => {
        let n = 0;
        for (const paths of studies.values()) for (const p of paths) n += readFileSync(p).byteLength;
        return n;
      });
      const theirs = await time(async () => {
        let n = 0;
        for (const study of studies.keys()) n += await drain(`${orthanc.dicomWebRoot}/studies/${study}`, { ...orthanc.headers, accept: DICOM_MULTIPART });
        return n;
      });
      nodeRuns.push(ours.seconds);
      plainRuns.push(plain.seconds);
      orthancRuns.push(theirs.seconds);
      bytes = plain.bytes;
      o.say(`data-use run ${run}/${o.runs}: node WADO-RS ${ours.seconds.toFixed(3)} s (${(ours.bytes / 1e6).toFixed(1)} MB multipart), plain read ${plain.seconds.toFixed(3)} s, Orthanc ${theirs.seconds.toFixed(3)} s`);
    }
    return { node: best(nodeRuns), plain: best(plainRuns), orthanc: best(orthancRuns), auditEntries: auditEntries(d.dataDir) - before, instances: files.length, bytes, studies: studies.size };
  } finally {
    await orthanc.stop();
    await stopProc(node);
  }
}

/** The audit log's length, read with the CLI as an operator would (`audit verify` prints the entries it checked). */
function auditEntries(dataDir: string): number {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url)), 'audit', 'verify', '--data-dir', dataDir], { encoding: 'utf8' });
  const m = /verified: (\d+) events/.exec(r.stdout);
  return m ? Number(m[1]) : NaN;
}

export async function benchDataUse(o: DataUseOptions): Promise<DataUseResult> {
  const d = await permittedDataset({ studies: o.studies });
  o.say(`data-use: a ${o.studies}-study synthetic hospital populated, released and published at ${d.dataDir}`);
  const wado = await benchWado(d, o);
  let sandbox: SandboxTiming | undefined;
  try {
    sandbox = await (await import('./sandbox-start.ts')).benchSandbox(d, o);
  } catch (err) {
    o.say(`data-use: the sandbox timing was skipped: ${(err as Error).message}`);
  }
  return { studies: wado.studies, instances: wado.instances, bytes: wado.bytes, wado, sandbox };
}

const s3 = (x: number): string => `${x.toFixed(3)} s`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
const mbps = (bytes: number, seconds: number): string => (bytes / 1e6 / seconds).toFixed(0);

export function dataUseSection(r: DataUseResult, o: { command: string; environment: Environment; loadAtStart: number }): string[] {
  const e = o.environment;
  const w = r.wado;
  const lines = [
    SECTION_BEGIN,
    '## Using data under a permit: WADO-RS and the job sandbox',
    '',
    `\`${o.command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${e.cores} cores (${e.cpu}), ${e.memoryGb.toFixed(1)} GiB RAM, ${e.kernel}; load average ${o.loadAtStart.toFixed(2)} when it started. Node ${e.node}; ${e.oncoatlas}.`,
    '',
    `${r.studies} studies, ${r.instances} instances (${(r.bytes / 1e6).toFixed(1)} MB) of a released dataset version of a synthetic hospital; one`
    + ' study per request, one request after another, every answer read to its end and counted. Best of the runs.',
    '',
    '| how | best | MB/s of DICOM | vs plain read | vs Orthanc |',
    '|---|--:|--:|--:|--:|',
    `| node WADO-RS (\`oncoatlas serve\`; permit checked and audited per request) | ${s3(w.node.best)} | ${mbps(r.bytes, w.node.best)} | ${ratio(w.node.best, w.plain.best)} | ${ratio(w.node.best, w.orthanc.best)} |`,
    `| the node's plain read of the same files (readFile each, no HTTP) | ${s3(w.plain.best)} | ${mbps(r.bytes, w.plain.best)} | 1.00x | ${ratio(w.plain.best, w.orthanc.best)} |`,
    `| Orthanc serving the same studies (its DICOMweb plugin, WADO-RS) | ${s3(w.orthanc.best)} | ${mbps(r.bytes, w.orthanc.best)} | ${ratio(w.orthanc.best, w.plain.best)} | 1.00x |`,
    '',
    `Ratios are times (lower is faster). The node wrote ${w.auditEntries} audit entries over the runs (one USE_DATASETS per request, hash-chained).`
    + ` Its first run (${s3(w.node.runs[0]!)}) includes building the version's index from every header, kept in memory after.`
    + ` The synthetic images are small (${(r.bytes / r.instances / 1024).toFixed(1)} KiB on average), so per-request and per-file costs dominate all three.`,
  ];
  const s = r.sandbox;
  if (s) {
    lines.push(
      '',
      `Job start: ${s.starts} starts of a trivial tool (Node, exits at once), median per start; and the example tool \`series-stats\` over the version, best of the runs.`,
      '',
      '| | plain process | in the sandbox | overhead |',
      '|---|--:|--:|--:|',
      `| trivial tool, median start-to-exit | ${s.plainMs.toFixed(1)} ms | ${s.sandboxMs.toFixed(1)} ms | +${(s.sandboxMs - s.plainMs).toFixed(1)} ms (${ratio(s.sandboxMs, s.plainMs)}) |`,
      `| series-stats over ${r.instances} instances | ${s3(s.toolPlain)} | ${s3(s.toolSandbox)} | ${ratio(s.toolSandbox, s.toolPlain)} |`,
      ...(s.note ? ['', s.note] : []),
    );
  } else {
    lines.push('', 'Job start: not measured in this run (the sandbox was unavailable; see the run\'s output).');
  }
  lines.push(SECTION_END);
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } } });
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const say = (line: string): void => { process.stderr.write(`${line}\n`); };
  const loadAtStart = currentLoad();
  const r = await benchDataUse({ studies: values.quick ? 100 : 300, runs: values.quick ? 2 : 3, say });
  const out = values.out ?? join(repo, 'BENCHMARKS.md');
  replaceSection(out, SECTION_BEGIN, SECTION_END, dataUseSection(r, { command: ['node bench/data-use.ts', ...process.argv.slice(2)].join(' '), environment: describeEnvironment(repo), loadAtStart }));
  say(`wrote the data-use section of ${out}`);
}
