import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import dicomParser from 'dicom-parser';
import { runDeid, type DeidReport } from '@oncoatlas/cli';
import { errorDelta, requireTool, runDciodvfy, runDcmdump, writeFixtureCorpus, type FixtureManifest } from '@oncoatlas/testkit';

const work = mkdtempSync(join(tmpdir(), 'oncoatlas-deid-'));
const input = join(work, 'in');
let manifest: FixtureManifest;
let report: DeidReport;
const secretA = Buffer.from('corpus-test-secret-A-0123456789');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

async function deid(out: string, secret: Buffer, mapping?: string): Promise<DeidReport> {
  const r = await runDeid({
    input, output: out, mappingDir: mapping, progress: false, jobs: 2,
    settings: { profile: 'basic', options: ['retain-safe-private'], datePolicy: 'shift', secret, allowBurnedIn: false, recordMappings: mapping !== undefined },
  });
  return r.report;
}

function readCsv(path: string): Map<string, string> {
  const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.split(',') as [string, string]));
}

/** Pixel data bytes (or all fragment bytes), read by dicom-parser: an oracle independent of our reader. */
function pixelBytes(file: string): Buffer | undefined {
  const b = readFileSync(file);
  const ds = dicomParser.parseDicom(b, { inflater: (arr: Uint8Array, pos: number) => inflate(arr, pos) } as never);
  const el = ds.elements['x7fe00010'];
  if (!el) return undefined;
  if (el.fragments) return Buffer.concat(el.fragments.map((f) => b.subarray(f.position, f.position + f.length)));
  return b.subarray(el.dataOffset, el.dataOffset + el.length);
}

function inflate(arr: Uint8Array, pos: number): Uint8Array {
  // dicom-parser hands deflated files to the caller; pixel data is compared after inflation.
  const rest = inflateRawSync(arr.subarray(pos));
  const out = new Uint8Array(pos + rest.length);
  out.set(arr.subarray(0, pos));
  out.set(rest, pos);
  return out;
}

before(async () => {
  manifest = await writeFixtureCorpus(input);
  report = await deid(join(work, 'out'), secretA, join(work, 'mapping'));
});

after(() => rmSync(work, { recursive: true, force: true }));

test('every input file is accounted for, and the report holds no identifier', () => {
  assert.equal(report.files.length, listFiles(input).length);
  assert.equal(report.summary.deidentified + report.summary.review + report.summary.rejected, report.files.length);
  assert.ok(report.summary.actions.uidsRemapped! > 0 && report.summary.actions.privateRemoved! > 0, 'the summary says what was done');
  const text = JSON.stringify(report);
  for (const f of manifest.files) for (const p of f.planted) {
    if (p.value.length >= 4) assert.ok(!text.includes(p.value), `report contains the planted value of ${p.attribute}`);
  }
});

test('no output contains any planted identifier, in any encoding it was planted in', () => {
  const outputs = listFiles(join(work, 'out'));
  assert.ok(outputs.length > 0);
  const planted = manifest.files.flatMap((f) => f.planted).filter((p) => p.bytes.length >= 4);
  for (const out of outputs) {
    const bytes = readFileSync(out);
    for (const p of planted) {
      assert.equal(bytes.indexOf(Buffer.from(p.bytes)), -1, `${relative(work, out)} contains the planted value of ${p.attribute}`);
    }
  }
});

test('pixel data is byte-identical and burned-in risks are held for review', () => {
  const byIndex = new Map(report.files.map((f) => [f.input.index, f]));
  const inputs = listFiles(input);
  for (const f of manifest.files) {
    const i = inputs.indexOf(join(input, f.path));
    const r = byIndex.get(i)!;
    if (f.burnedIn === 'YES') assert.equal(r.status, 'review', `${f.path} should be held for review`);
    if (r.output === null) continue;
    const before = pixelBytes(join(input, f.path));
    const afterBytes = pixelBytes(join(work, 'out', r.output));
    assert.deepEqual(afterBytes, before, `${f.path}: pixel data changed`);
  }
});

test('every reference between corpus files still resolves after remapping', () => {
  const uidMap = readCsv(join(work, 'mapping', 'uid_mapping.csv'));
  const outputs = listFiles(join(work, 'out'));
  const all = Buffer.concat(outputs.map((o) => readFileSync(o)));
  for (const f of manifest.files) for (const ref of f.references) {
    const mapped = uidMap.get(ref.uid);
    assert.ok(mapped, `${f.path}: ${ref.attribute} was not remapped`);
    assert.notEqual(all.indexOf(Buffer.from(mapped)), -1, `${f.path}: ${ref.attribute} points nowhere`);
  }
});

test('outputs parse with dcmdump and add no dciodvfy error their input did not have', (t) => {
  if (!requireTool(t, 'dcmdump') || !requireTool(t, 'dciodvfy')) return;
  const inputs = listFiles(input);
  for (const r of report.files) {
    if (r.output === null) continue;
    const out = join(work, 'out', r.output);
    assert.ok(runDcmdump(out).ok, `dcmdump failed on the output of input #${r.input.index}`);
    const delta = errorDelta(runDciodvfy(inputs[r.input.index]!), runDciodvfy(out));
    assert.deepEqual(delta, [], `dciodvfy errors new in the output of input #${r.input.index}`);
  }
});

test('the same secret gives the same pseudonyms and UIDs; another secret gives others', async () => {
  const again = await deid(join(work, 'out-again'), secretA);
  const other = await deid(join(work, 'out-other'), Buffer.from('corpus-test-secret-B-0123456789'));
  const paths = (r: DeidReport): string[] => r.files.map((f) => f.output ?? '').filter(Boolean);
  assert.deepEqual(paths(again), paths(report));
  const first = new Set(paths(report).flatMap((p) => p.split('/')));
  const overlap = paths(other).flatMap((p) => p.split('/')).filter((seg) => first.has(seg) && seg !== '_review');
  assert.deepEqual(overlap, []);
  // A second run over the same output writes nothing twice and changes nothing.
  const rerun = await deid(join(work, 'out'), secretA);
  assert.deepEqual(rerun.files.map((f) => f.status), report.files.map((f) => f.status));
});
