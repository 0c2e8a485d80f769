import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parsePart10, stringAt } from '@oncoatlas/dicom';
import { el, encodeElements, EXPLICIT_LE, requireTool, runDcmdump, writeBenchCorpus, writeFixtureCorpus, writeLargeMultiframe, type FixtureManifest } from '@oncoatlas/testkit';
import { IMPLEMENTATION_CLASS_UID, startStoreReceiver, type ReceiveProblem, type StoreReceiver, type StoreReceiverOptions } from './dimse.ts';
import { rawStore } from './test-scu.ts';

const AE = 'ONCOATLAS';
const TS = { implicit: '1.2.840.10008.1.2', explicit: '1.2.840.10008.1.2.1', deflated: '1.2.840.10008.1.2.1.99', big: '1.2.840.10008.1.2.2' };
const CT = '1.2.840.10008.5.1.4.1.1.2';

let root: string;
let corpus: string;
let manifest: FixtureManifest;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'oncoatlas-receive-'));
  corpus = join(root, 'corpus');
  manifest = await writeFixtureCorpus(corpus);
});
after(() => rmSync(root, { recursive: true, force: true }));

interface Started { r: StoreReceiver; into: string; problems: ReceiveProblem[] }

async function start(t: TestContext, extra: Partial<StoreReceiverOptions> = {}): Promise<Started> {
  const into = mkdtempSync(join(root, 'into-'));
  const problems: ReceiveProblem[] = [];
  const r = await startStoreReceiver({ port: 0, host: '127.0.0.1', aeTitle: AE, into, onProblem: (p) => problems.push(p), ...extra });
  t.after(() => r.close());
  return { r, into, problems };
}

/** Runs a tool without blocking the event loop: the receiver answers from this same process. */
function run(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Stored files, relative to `into`, without the .partial folder. */
function stored(into: string): string[] {
  return (readdirSync(into, { recursive: true }) as string[]).filter((f) => f.endsWith('.dcm') && !f.startsWith('.partial')).sort();
}

function partials(into: string): string[] {
  return readdirSync(join(into, '.partial', 'receive'));
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function dataset(file: string): { ts: string; bytes: Buffer; sopClass: string; sop: string; meta: (tag: number) => string | undefined } {
  const b = readFileSync(file);
  const p = parsePart10(b);
  return {
    ts: p.transferSyntax.uid, bytes: b.subarray(p.datasetOffset), sopClass: stringAt(b, p.meta, 0x00020002)!, sop: stringAt(b, p.meta, 0x00020003)!,
    meta: (tag) => stringAt(b, p.meta, tag),
  };
}

test('stores every kind of fixture byte for byte, under <study>/<sop>.dcm, with a valid meta header', async (t) => {
  if (!requireTool(t, 'dcmdump')) return;
  const { r, into } = await start(t);
  for (const f of manifest.files) {
    const d = dataset(join(corpus, f.path));
    const res = await rawStore({ port: r.port, calledAeTitle: AE, sopClassUid: d.sopClass, sopInstanceUid: d.sop, transferSyntaxUid: d.ts, dataset: d.bytes });
    assert.deepEqual(res, { outcome: 'answered', status: 0 }, f.path);
    const out = join(into, f.studyInstanceUid, `${f.sopInstanceUid}.dcm`);
    const got = dataset(out);
    assert.ok(got.bytes.equals(d.bytes), `${f.path}: dataset bytes changed`);
    assert.equal(got.ts, f.transferSyntaxUid);
    assert.equal(got.sopClass, f.sopClassUid);
    assert.equal(got.meta(0x00020012), IMPLEMENTATION_CLASS_UID);
    assert.equal(got.meta(0x00020013), 'OncoAtlas');
    assert.equal(got.meta(0x00020016), 'RAWSCU');
    const dump = runDcmdump(out);
    assert.ok(dump.ok, `${f.path}: ${dump.errors.join('; ')}`);
  }
  assert.equal(stored(into).length, manifest.files.length);
  // A PACS resending an instance replaces it; the count says so.
  const again = dataset(join(corpus, manifest.files[0]!.path));
  await rawStore({ port: r.port, calledAeTitle: AE, sopClassUid: again.sopClass, sopInstanceUid: again.sop, transferSyntaxUid: again.ts, dataset: again.bytes });
  const c = r.counts;
  assert.deepEqual([c.stored, c.resent, c.failed, c.incomplete, c.studies], [manifest.files.length, 1, 0, 0, 5]);
  assert.equal(stored(into).length, manifest.files.length);
  assert.deepEqual(partials(into), []);
});

test('datasets without a usable study UID go to _unsorted; unparseable ones and unsafe SOP UIDs are refused', async (t) => {
  const { r, into, problems } = await start(t);
  const send = (sop: string, ds: Buffer): ReturnType<typeof rawStore> =>
    rawStore({ port: r.port, calledAeTitle: AE, sopClassUid: CT, sopInstanceUid: sop, transferSyntaxUid: TS.explicit, dataset: ds });
  const head = (sop: string): ReturnType<typeof el>[] => [el(0x00080016, 'UI', CT), el(0x00080018, 'UI', sop)];
  // No study UID; a study UID that would climb out of the folder; a 300 KB element after the study UID,
  // which the first read window cuts.
  assert.deepEqual(await send('1.2.3.1', encodeElements(head('1.2.3.1'), EXPLICIT_LE)), { outcome: 'answered', status: 0 });
  assert.deepEqual(await send('1.2.3.2', encodeElements([...head('1.2.3.2'), el(0x0020000d, 'UI', '../../x')], EXPLICIT_LE)), { outcome: 'answered', status: 0 });
  const big = encodeElements([...head('1.2.3.3'), el(0x0020000d, 'UI', '1.2.3.99'), el(0x00420011, 'OB', Buffer.alloc(300_000, 7))], EXPLICIT_LE);
  assert.deepEqual(await send('1.2.3.3', big), { outcome: 'answered', status: 0 });
  assert.deepEqual(stored(into), ['1.2.3.99/1.2.3.3.dcm', '_unsorted/1.2.3.1.dcm', '_unsorted/1.2.3.2.dcm']);
  assert.ok(readFileSync(join(into, '1.2.3.99/1.2.3.3.dcm')).subarray(-big.length).equals(big));
  // Not DICOM at all: "cannot understand", nothing kept.
  assert.deepEqual(await send('1.2.3.4', Buffer.from('0800ZZ00not a dataset at all', 'latin1')), { outcome: 'answered', status: 0xc000 });
  // A SOP Instance UID that is not a UID never becomes a file name.
  assert.deepEqual(await send('1.2.3/../../../evil', encodeElements(head('1.2.3.5'), EXPLICIT_LE)), { outcome: 'answered', status: 0xc000 });
  assert.equal(stored(into).length, 3);
  assert.deepEqual(partials(into), []);
  assert.equal(r.counts.unsorted, 2);
  assert.equal(r.counts.failed, 1);
  assert.deepEqual(problems.map((p) => p.code), ['DICOM_MALFORMED']);
});

/** The corpus split in what storescu can send with its default proposal, and the compressed files. */
function corpusFolders(): { plain: string; rle: string; jpeg: string } {
  const plain = join(root, 'plain');
  mkdirSync(plain, { recursive: true });
  let rle = '';
  let jpeg = '';
  for (const f of manifest.files) {
    const from = join(corpus, f.path);
    if (f.transferSyntaxUid === '1.2.840.10008.1.2.5') rle = from;
    else if (f.transferSyntaxUid === '1.2.840.10008.1.2.4.50') jpeg = from;
    else copyFileSync(from, join(plain, `${basename(f.path, '.dcm')}-${f.sopInstanceUid}.dcm`));
  }
  return { plain, rle, jpeg };
}

/**
 * What storescu sent: dcmtk decodes each file and encodes it again (explicit lengths, CP-246 UN sequences
 * rewritten), so the oracle is dcmconv, the same encoder, to the transfer syntax that was negotiated.
 */
function expectedBytes(input: string, ts: string, inputTs: string): Buffer | undefined {
  const flag = { [TS.implicit]: '+ti', [TS.explicit]: '+te', [TS.big]: '+tb', [TS.deflated]: '+td' }[ts] ?? (ts === inputTs ? '+t=' : undefined);
  if (!flag) return undefined; // storescu compressed it (-xs): no oracle, dcmdump only
  const out = join(root, `oracle-${process.hrtime.bigint()}.dcm`);
  const c = spawnSync('dcmconv', [flag, input, out]);
  assert.equal(c.status, 0, String(c.stderr));
  return dataset(out).bytes;
}

test('storescu: a folder and every transfer syntax proposal arrive intact', async (t) => {
  if (!requireTool(t, 'storescu') || !requireTool(t, 'dcmconv')) return;
  const { plain, rle, jpeg } = corpusFolders();
  const plainFiles = manifest.files.filter((f) => !rle.endsWith(f.path) && !jpeg.endsWith(f.path));
  // storescu picks, per file, an accepted context that spares it a conversion; so -xb and -xd turn only
  // the files with another syntax into big endian or deflated, while -xi leaves it no choice.
  const runs: { name: string; args: string[]; files: typeof manifest.files; ts?: string; some?: string }[] = [
    { name: 'default, +sd +r', args: ['+sd', '+r', plain], files: plainFiles, some: TS.big },
    { name: '-xb', args: ['-xb', '+sd', plain], files: plainFiles, some: TS.big },
    { name: '-xi', args: ['-xi', '+sd', plain], files: plainFiles, ts: TS.implicit },
    { name: '-xd', args: ['-xd', '+sd', plain], files: plainFiles, some: TS.deflated },
    { name: '-xs', args: ['-xs', '+sd', plain], files: plainFiles },
    { name: '-xr', args: ['-xr', rle], files: manifest.files.filter((f) => rle.endsWith(f.path)) },
    { name: '-xy', args: ['-xy', jpeg], files: manifest.files.filter((f) => jpeg.endsWith(f.path)) },
  ];
  let compared = 0;
  for (const run_ of runs) {
    const { r, into } = await start(t);
    const res = await run('storescu', ['-aec', AE, '-R', '127.0.0.1', String(r.port), ...run_.args]);
    assert.equal(res.code, 0, `${run_.name}: ${res.out}`);
    assert.equal(stored(into).length, run_.files.length, run_.name);
    for (const f of run_.files) {
      const out = join(into, f.studyInstanceUid, `${f.sopInstanceUid}.dcm`);
      const got = dataset(out);
      if (run_.ts) assert.equal(got.ts, run_.ts, `${run_.name} ${f.path}`);
      const dump = runDcmdump(out);
      assert.ok(dump.ok, `${run_.name} ${f.path}: ${dump.errors.join('; ')}`);
      // zlib settings differ between dcmtk's tools, so a deflated dataset is compared inflated.
      const deflated = got.ts === TS.deflated;
      const expected = expectedBytes(join(corpus, f.path), deflated ? TS.explicit : got.ts, f.transferSyntaxUid);
      if (expected) {
        assert.ok((deflated ? inflateRawSync(got.bytes) : got.bytes).equals(expected), `${run_.name} ${f.path}: differs from what storescu sent`);
        compared++;
      }
    }
    if (run_.some) assert.ok(run_.files.some((f) => dataset(join(into, f.studyInstanceUid, `${f.sopInstanceUid}.dcm`)).ts === run_.some), run_.name);
    assert.deepEqual(partials(into), []);
    await r.close();
  }
  t.diagnostic(`${compared} received datasets compared byte for byte with dcmtk's encoding`);
});

test('associations to another AE title, or from an AE not accepted, are rejected and write nothing', async (t) => {
  if (!requireTool(t, 'storescu')) return;
  const file = join(corpus, manifest.files[0]!.path);
  const a = await start(t);
  const wrong = await run('storescu', ['-aec', 'SOMEONE_ELSE', '127.0.0.1', String(a.r.port), file]);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.out, /Association Rejected|Called AE Title Not Recognized/i);
  assert.deepEqual([stored(a.into), a.r.counts.rejected, a.problems[0]?.code], [[], 1, 'RECEIVE_REJECTED']);

  const b = await start(t, { acceptCallingAeTitles: ['PACS_A'] });
  assert.notEqual((await run('storescu', ['-aet', 'PACS_B', '-aec', AE, '127.0.0.1', String(b.r.port), file])).code, 0);
  assert.deepEqual(stored(b.into), []);
  assert.equal((await run('storescu', ['-aet', 'PACS_A', '-aec', AE, '127.0.0.1', String(b.r.port), file])).code, 0);
  assert.equal(stored(b.into).length, 1);
});

test('answers C-ECHO', async (t) => {
  if (!requireTool(t, 'echoscu')) return;
  const { r } = await start(t);
  const res = await run('echoscu', ['-aec', AE, '127.0.0.1', String(r.port)]);
  assert.equal(res.code, 0, res.out);
  assert.equal(r.counts.echoes, 1);
});

test('an association aborted or dropped mid-dataset leaves nothing behind', async (t) => {
  const { r, into, problems } = await start(t);
  const big = encodeElements([el(0x00080016, 'UI', CT), el(0x00080018, 'UI', '1.2.3.7'), el(0x0020000d, 'UI', '1.2.3'), el(0x7fe00010, 'OB', Buffer.alloc(4 << 20))], EXPLICIT_LE);
  for (const how of ['abort', 'drop'] as const) {
    const res = await rawStore({ port: r.port, calledAeTitle: AE, sopClassUid: CT, sopInstanceUid: '1.2.3.7', transferSyntaxUid: TS.explicit, dataset: big, stopAfter: { bytes: 1 << 20, how } });
    assert.equal(res.outcome, 'stopped');
  }
  await until('both instances abandoned', () => r.counts.incomplete === 2 && partials(into).length === 0);
  assert.deepEqual(stored(into), []);
  assert.deepEqual(problems.map((p) => p.code), ['RECEIVE_INCOMPLETE', 'RECEIVE_INCOMPLETE']);
});

test('storescu killed (SIGKILL) mid-transfer of a 200 MB instance: the partial file is deleted', async (t) => {
  if (!requireTool(t, 'storescu')) return;
  const big = join(root, 'large.dcm');
  await writeLargeMultiframe(big, { bytes: 200e6 });
  const { r, into } = await start(t);
  const child = spawn('storescu', ['-aec', AE, '127.0.0.1', String(r.port), big], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('close', resolve));
  const growing = (): boolean => partials(into).some((p) => (statSync(join(into, '.partial', 'receive', p), { throwIfNoEntry: false })?.size ?? 0) > 4096);
  await until('a growing .part file', growing, 20_000);
  child.kill('SIGKILL');
  await exited;
  await until('the .part file deleted', () => partials(into).length === 0 && r.counts.incomplete === 1);
  assert.deepEqual(stored(into), []);

  // The same instance sent to the end streams to disk and is never held whole: dcmjs's default stream would
  // hold it twice (400 MB). What the process does grow by is mostly PDU buffers awaiting garbage collection.
  let peak = 0;
  const rss = process.memoryUsage.rss();
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss() - rss); }, 20);
  const t0 = performance.now();
  const res = await run('storescu', ['-aec', AE, '--max-pdu', '131072', '127.0.0.1', String(r.port), big]);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  assert.equal(res.code, 0, res.out);
  const [file] = stored(into);
  assert.ok(peak < 150e6, `the receiver grew by ${Math.round(peak / 1e6)} MB for a 200 MB instance`);
  t.diagnostic(`200 MB instance in ${seconds.toFixed(2)} s (${Math.round(200 / seconds)} MB/s), receiver RSS grew at most ${Math.round(peak / 1e6)} MB`);
  // This file has no sequences of undefined length, so storescu sends its dataset bytes unchanged.
  assert.ok(dataset(join(into, file!)).bytes.equals(dataset(big).bytes));
  rmSync(big);
});

test('close() lets received instances finish, drops the one arriving, and leaves no partial file', async (t) => {
  if (!requireTool(t, 'storescu')) return;
  const bench = join(root, 'bench');
  const { bytes } = await writeBenchCorpus(bench, { kind: 'ct', count: 200 });
  // Throughput first: one association, 200 CT instances of 512x512x16 bit.
  const a = await start(t);
  const t0 = performance.now();
  const res = await run('storescu', ['-aec', AE, '+sd', '+r', '127.0.0.1', String(a.r.port), bench]);
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(res.code, 0, res.out);
  assert.equal(a.r.counts.stored, 200);
  t.diagnostic(`storescu -> receiver: 200 instances, ${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s = ${Math.round(200 / seconds)} instances/s, ${Math.round(bytes / 1e6 / seconds)} MB/s (fsync per instance)`);

  const b = await start(t);
  const child = run('storescu', ['-aec', AE, '+sd', '+r', '127.0.0.1', String(b.r.port), bench]);
  await until('some instances stored', () => b.r.counts.stored >= 20);
  await b.r.close();
  await child;
  const files = stored(b.into);
  assert.equal(files.length, b.r.counts.stored);
  assert.ok(files.length < 200);
  // Every file kept is whole: a full parse (pixel data included) fails on a truncated one.
  for (const f of files) assert.doesNotThrow(() => parsePart10(readFileSync(join(b.into, f))), f);
  assert.deepEqual(partials(b.into), []);
});

test('a port in use is RECEIVE_PORT_IN_USE; stale partial files from a crash are cleared at start', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const into = mkdtempSync(join(root, 'into-'));
  mkdirSync(join(into, '.partial', 'receive'), { recursive: true });
  writeFileSync(join(into, '.partial', 'receive', 'crashed.part'), 'left by kill -9');
  await assert.rejects(startStoreReceiver({ port, host: '127.0.0.1', aeTitle: AE, into }), (err: unknown) => {
    assert.ok(isOncoAtlasError(err, 'RECEIVE_PORT_IN_USE'));
    assert.match(err.message, /pick another --port/);
    return true;
  });
  const r = await startStoreReceiver({ port: 0, host: '127.0.0.1', aeTitle: AE, into });
  t.after(() => r.close());
  assert.deepEqual(partials(into), []);
  await assert.rejects(startStoreReceiver({ port: 0, aeTitle: 'BAD\\AE', into }), (err: unknown) => isOncoAtlasError(err, 'USAGE'));
});
