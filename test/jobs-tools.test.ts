/**
 * The two example tools, run as jobs in the sandbox on the synthetic hospital, give the numbers an independent
 * reading of the same files (dcmjs) gives; a released job's outputs are served, with its provenance in the audit
 * log; the CLI does the same as a steward would.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import { verifyAuditLog } from '@oncoatlas/audit';
import { BUILT_IN_TOOLS, JobRunner, listTools, readJobOutput, reviewJob, submitJob, type JobView } from '@oncoatlas/jobs';
import { notOwnerOnly } from '@oncoatlas/testkit';
import { jobFixture, requireSandbox, type JobFixture } from './support/job-context.ts';
import { RESEARCHER } from './support/permitted-dataset.ts';

let d: JobFixture['d'];
let c: JobFixture['c'];
let permit: string;

before(async () => {
  ({ d, c, permit } = await jobFixture());
});
after(() => c?.close());

type Row = Record<string, string>;
function csv(text: string): Row[] {
  const [head, ...lines] = text.trim().split('\n').map((l) => l.split(','));
  return lines.map((l) => Object.fromEntries(head!.map((h, i) => [h, l[i] ?? ''])));
}

function close(actual: string, expected: number | null, what: string): void {
  if (expected === null) return assert.equal(actual, '', what);
  assert.ok(Math.abs(Number(actual) - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** The version's images read with dcmjs, in path order (the tools' ordinals), naturalized. */
function images(): { series: string; ds: any; bigEndian: boolean }[] {
  const manifest = JSON.parse(readFileSync(join(d.versionDir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
  return manifest.files.map((f) => f.path).filter((p) => p.startsWith('files/') && p.endsWith('.dcm')).sort().map((p) => {
    const b = readFileSync(join(d.versionDir, p));
    const file = dcmjs.data.DicomMessage.readFile(b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);
    // dcmjs hands over a big-endian file's pixel data as stored.
    return { series: dirname(p), ds: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict), bigEndian: file.meta['00020010'].Value[0] === '1.2.840.10008.1.2.2' };
  });
}

async function runTool(tool: string): Promise<JobView> {
  const job = await submitJob(c, { permit, tool, submittedBy: 'tester' });
  const done = await new JobRunner(c).runNext();
  assert.equal(done?.id, job.id);
  assert.equal(done.state, 'awaiting-review', done.reason ?? '');
  return done;
}

async function output(job: JobView, path: string): Promise<Row[]> {
  return csv((await readJobOutput(c, job.id, path, { releasedOnly: false })).toString('utf8'));
}

test('the allow-list holds the two built-in tools with their content hashes', async () => {
  const tools = await listTools(d.dataDir);
  assert.deepEqual(tools.filter((t) => t.builtIn).map((t) => t.name), [...BUILT_IN_TOOLS]);
  for (const t of tools) {
    assert.match(t.sha256, /^[0-9a-f]{64}$/);
    assert.ok(t.files.some((f) => f.path === 'lib/dicomParser.min.js'), 'its runtime dependency is among its hashed files');
  }
});

test('series-stats: per-series counts and pixel statistics match an independent reading', async (t) => {
  if (!requireSandbox(t)) return;
  const job = await runTool('series-stats');
  const series = new Map<string, { modality: string; instances: number; rows: number | null; values: number[] }>();
  for (const { series: key, ds, bigEndian } of images()) {
    let s = series.get(key);
    if (!s) series.set(key, s = { modality: ds.Modality, instances: 0, rows: ds.Rows ?? null, values: [] });
    s.instances++;
    if (!ds.PixelData || (ds.BitsAllocated !== 8 && ds.BitsAllocated !== 16)) continue;
    const view = new DataView(ds.PixelData[0] as ArrayBuffer);
    const slope = ds.RescaleSlope ?? 1;
    const intercept = ds.RescaleIntercept ?? 0;
    const signed = ds.PixelRepresentation === 1;
    for (let i = 0; i < view.byteLength / (ds.BitsAllocated / 8); i++) {
      const v = ds.BitsAllocated === 8 ? (signed ? view.getInt8(i) : view.getUint8(i)) : signed ? view.getInt16(i * 2, !bigEndian) : view.getUint16(i * 2, !bigEndian);
      s.values.push(v * slope + intercept);
    }
  }
  const rows = await output(job, 'series-stats.csv');
  assert.equal(rows.length, series.size);
  [...series.values()].forEach((s, i) => {
    const r = rows[i]!;
    assert.equal(r.series, String(i + 1));
    assert.equal(r.modality, s.modality);
    assert.equal(Number(r.instances), s.instances);
    assert.equal(r.rows, s.rows === null ? '' : String(s.rows));
    assert.equal(Number(r.pixels), s.values.length);
    if (s.values.length === 0) return;
    const mean = s.values.reduce((a, b) => a + b, 0) / s.values.length;
    close(r.min!, Math.min(...s.values), 'min');
    close(r.max!, Math.max(...s.values), 'max');
    close(r.mean!, mean, 'mean');
    close(r.sd!, Math.sqrt(s.values.reduce((a, v) => a + (v - mean) ** 2, 0) / s.values.length), 'sd');
  });
  const summary = await output(job, 'series-stats-summary.csv');
  assert.deepEqual(summary.map((r) => [r.modality, Number(r.n_series)]), [...new Set([...series.values()].map((s) => s.modality))].sort()
    .map((m) => [m, [...series.values()].filter((s) => s.modality === m).length]));
  assert.ok(rows.every((r) => !/\d+\.\d+\.\d+/.test(Object.values(r).join(','))), 'no UID in the rows');
  assert.ok(!job.outputs.find((o) => o.path === 'series-stats.csv')?.flags.some((f) => f.code === 'PSEUDONYM' || f.code === 'STUDY_KEY'));
});

test('seg-volume: voxels and volumes of every SEG match an independent reading', async (t) => {
  if (!requireSandbox(t)) return;
  const job = await runTool('seg-volume');
  const expected: { voxels: number; ml: number; label: string }[] = [];
  for (const { ds } of images().filter((i) => i.ds.SOPClassUID === '1.2.840.10008.5.1.4.1.1.66.4')) {
    const pm = [ds.SharedFunctionalGroupsSequence].flat()[0].PixelMeasuresSequence;
    const m = [pm].flat()[0];
    const voxelMl = m.PixelSpacing[0] * m.PixelSpacing[1] * (m.SpacingBetweenSlices ?? m.SliceThickness) / 1000;
    const bits = new Uint8Array(ds.PixelData[0] as ArrayBuffer);
    const perFrame = ds.Rows * ds.Columns;
    const frames = [ds.PerFrameFunctionalGroupsSequence].flat();
    const bySegment = new Map<number, number>();
    frames.forEach((fg: any, f: number) => {
      const seg = [fg.SegmentIdentificationSequence].flat()[0].ReferencedSegmentNumber as number;
      let n = 0;
      for (let p = 0; p < perFrame; p++) { const i = f * perFrame + p; n += (bits[i >> 3]! >> (i & 7)) & 1; }
      bySegment.set(seg, (bySegment.get(seg) ?? 0) + n);
    });
    const labels = new Map([ds.SegmentSequence].flat().map((s: any) => [s.SegmentNumber, s.SegmentLabel]));
    for (const [seg, voxels] of [...bySegment].sort(([a], [b]) => a - b)) expected.push({ voxels, ml: voxels * voxelMl, label: labels.get(seg) });
  }
  assert.ok(expected.length > 0, 'the synthetic hospital has SEG objects');
  const rows = await output(job, 'seg-volumes.csv');
  assert.equal(rows.length, expected.length);
  rows.forEach((r, i) => {
    assert.equal(Number(r.voxels), expected[i]!.voxels);
    assert.equal(r.label, expected[i]!.label);
    close(r.volume_ml!, expected[i]!.ml, 'volume');
  });
  const [summary] = await output(job, 'seg-volume-summary.csv');
  const ml = expected.map((e) => e.ml).sort((a, b) => a - b);
  assert.equal(Number(summary!.n), ml.length);
  close(summary!.mean_ml!, ml.reduce((a, b) => a + b, 0) / ml.length, 'mean');
  close(summary!.median_ml!, ml.length % 2 ? ml[(ml.length - 1) / 2]! : (ml[ml.length / 2 - 1]! + ml[ml.length / 2]!) / 2, 'median');
});

test('a released job: its outputs are served, its provenance and review are in the audit log, which verifies', async (t) => {
  if (!requireSandbox(t)) return;
  const job = await runTool('seg-volume');
  const released = await reviewJob(c, job.id, { decision: 'release', by: 'steward @ node', note: 'aggregates' });
  assert.equal(released.state, 'released');
  assert.deepEqual(released.review?.by, 'steward @ node');
  assert.ok((await readJobOutput(c, job.id, 'seg-volume-summary.csv', { releasedOnly: true })).toString().startsWith('label,n,'));
  const head = await c.ledger.auditHead();
  const events = (await c.ledger.readAudit(0, head.size)).map((e) => JSON.parse(e.event)).map((e) => e.event ?? e)
    .filter((e) => JSON.stringify(e).includes(job.id));
  assert.deepEqual(events.map((e) => [e.type, e.job?.state ?? e.permit?.resource ?? e.decision]), [
    ['USE_DATASETS', `job:${job.id}`], ['USE_DATASETS', 'queued'], ['USE_DATASETS', 'awaiting-review'], ['JOB_REVIEWED', 'release'],
  ]);
  const end = events.find((e) => e.job?.state === 'awaiting-review');
  assert.equal(end.userId, RESEARCHER);
  assert.equal(end.job.toolSha256, job.tool.sha256);
  assert.equal(end.job.manifestSha256, job.dataset.manifestSha256);
  assert.deepEqual(end.job.outputs, job.outputs.map((o) => ({ path: o.path, sha256: o.sha256 })));
  assert.equal((await verifyAuditLog(c.ledger)).ok, true);
  // The tool wrote with its own umask inside the sandbox; at rest its outputs are owner-only like the rest.
  assert.deepEqual(notOwnerOnly(join(d.dataDir, 'jobs')), []);
});

test('the CLI: tools list, job submit --wait, show, review, outputs --to', (t) => {
  if (!requireSandbox(t)) return;
  const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
  const run = (...args: string[]): string => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${args.slice(0, 2).join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  assert.deepEqual((JSON.parse(run('tools', 'list', '--data-dir', d.dataDir, '--json')) as { tools: { name: string }[] }).tools.map((x) => x.name).slice(0, 2), [...BUILT_IN_TOOLS]);
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-job-cli-'));
  writeFileSync(join(dir, 'permit.jwt'), permit);
  const job = JSON.parse(run('job', 'submit', '--data-dir', d.dataDir, '--permit-file', join(dir, 'permit.jwt'), '--tool', 'series-stats', '--wait', '--json', '--', '--modality', 'CT')) as JobView;
  assert.equal(job.state, 'awaiting-review', job.reason ?? '');
  assert.deepEqual(job.args, ['--modality', 'CT']);
  assert.match(run('job', 'show', job.id, '--data-dir', d.dataDir), /series-stats@1\.0\.0/);
  assert.match(run('job', 'review', job.id, '--release', '--note', 'per-series aggregates', '--by', 'steward', '--data-dir', d.dataDir), /^Released job/);
  run('job', 'outputs', job.id, '--to', join(dir, 'out'), '--released', '--data-dir', d.dataDir);
  const rows = csv(readFileSync(join(dir, 'out', 'series-stats.csv'), 'utf8'));
  assert.ok(rows.length > 0 && rows.every((r) => r.modality === 'CT'));
});
