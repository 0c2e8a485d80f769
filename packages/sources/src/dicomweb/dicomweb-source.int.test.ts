import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError, type ErrorCode } from '@oncoatlas/core';
import { el, part10, SOP, startOrthanc, TS, writeFixtureCorpus, type FixtureFile } from '@oncoatlas/testkit';
import { readAll, type SourceProblem, type StudySource } from '../source.ts';
import { DicomwebSource, emptySyncState, loadSyncState, saveSyncState } from './dicomweb.ts';

/*
 * Against a real Orthanc 1.10 with its DICOMweb plugin. With transfer-syntax=* Orthanc answers WADO-RS with
 * the files it stored, byte for byte (checked for every transfer syntax of the fixture corpus, including
 * big endian and deflated), so each stream is compared with the uploaded file.
 */

async function drain(source: StudySource): Promise<{ bytes: Map<string, Buffer>; problems: SourceProblem[] }> {
  const bytes = new Map<string, Buffer>();
  const problems: SourceProblem[] = [];
  for await (const item of source.items()) {
    if (item.kind === 'problem') problems.push(item);
    else bytes.set(item.sopInstanceUid ?? `unknown-${bytes.size}`, await readAll(item.content));
  }
  return { bytes, problems };
}

async function rejectsWith(source: StudySource, code: ErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(drain(source), (err: unknown) => {
    assert.ok(isOncoAtlasError(err, code), `expected ${code}, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

/** A small CT instance made with testkit's own encoder. */
function extraInstance(study: string, patientId: string, sop: string): Buffer {
  return part10({
    transferSyntax: TS.explicitLE, sopClassUid: SOP.ct, sopInstanceUid: sop,
    dataset: [
      el(0x00080016, 'UI', SOP.ct), el(0x00080018, 'UI', sop), el(0x00080060, 'CS', 'CT'), el(0x00100010, 'PN', 'SYNTHETIC^EXTRA'),
      el(0x00100020, 'LO', patientId), el(0x0020000D, 'UI', study), el(0x0020000E, 'UI', `${study}.77`), el(0x00200013, 'IS', '77'),
    ],
  });
}

const NEW_STUDY = '1.2.826.0.1.3680043.10.1234.99';

test('DICOMweb source against Orthanc: full sync, nothing new, then only what was added', async (t) => {
  const orthanc = await startOrthanc(t);
  if (!orthanc) return;
  const dir = await mkdtemp(join(tmpdir(), 'oncoatlas-dicomweb-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const manifest = await writeFixtureCorpus(dir);
  const accepted: FixtureFile[] = [];
  for (const f of manifest.files) if ((await orthanc.tryUpload(join(dir, f.path))).ok) accepted.push(f);
  // Orthanc 1.10 takes all 17 today; the assertions below hold for whatever subset it accepts.
  assert.ok(accepted.length >= 12, `Orthanc accepted only ${accepted.length} fixture files`);

  const state = emptySyncState();
  // pageSize 2 makes the study listing take several QIDO-RS pages.
  const source = new DicomwebSource({ url: orthanc.dicomWebRoot, state, pageSize: 2 });

  await t.test('a full sync yields every instance, byte for byte', async () => {
    const { bytes, problems } = await drain(source);
    assert.deepEqual(problems, []);
    assert.equal(bytes.size, accepted.length);
    for (const f of accepted) assert.ok(bytes.get(f.sopInstanceUid)?.equals(await readFile(join(dir, f.path))), `${f.path} differs`);
  });

  await t.test('the sync state survives a save and load, and a second sync yields nothing', async () => {
    const path = join(dir, 'sync-state.json');
    await saveSyncState(path, state);
    const loaded = await loadSyncState(path);
    assert.deepEqual(loaded, state);
    assert.doesNotMatch(await readFile(path, 'utf8'), /1\.2\.826/, 'the state file holds no UIDs');
    const again = await drain(new DicomwebSource({ url: orthanc.dicomWebRoot, state: loaded }));
    assert.equal(again.bytes.size + again.problems.length, 0);
  });

  await t.test('after one instance is added to a study and one new study arrives, the sync yields exactly those', async () => {
    const existing = accepted[0]!;
    const added = extraInstance(existing.studyInstanceUid, existing.patientId, `${existing.studyInstanceUid}.77.1`);
    const fresh = extraInstance(NEW_STUDY, 'SYN-NEW-1', `${NEW_STUDY}.77.1`);
    await writeFile(join(dir, 'added.dcm'), added);
    await writeFile(join(dir, 'fresh.dcm'), fresh);
    await orthanc.upload([join(dir, 'added.dcm'), join(dir, 'fresh.dcm')]);
    const { bytes, problems } = await drain(source);
    assert.deepEqual(problems, []);
    assert.deepEqual([...bytes.keys()].sort(), [`${existing.studyInstanceUid}.77.1`, `${NEW_STUDY}.77.1`].sort());
    assert.ok(bytes.get(`${existing.studyInstanceUid}.77.1`)!.equals(added));
    assert.ok(bytes.get(`${NEW_STUDY}.77.1`)!.equals(fresh));
    assert.equal((await drain(source)).bytes.size, 0);
  });

  await t.test('a study that fails to retrieve is a problem item, and the next study still comes', async () => {
    // The first WADO-RS study retrieve is sent to a study Orthanc does not have: a real 404.
    let swapped = false;
    const fetchSwap: typeof fetch = (input, init) => {
      const url = String(input);
      if (!swapped && /\/studies\/[^/?]+$/.test(url)) {
        swapped = true;
        return fetch(url.replace(/\/studies\/[^/?]+$/, '/studies/1.2.3.404'), init);
      }
      return fetch(input, init);
    };
    const { bytes, problems } = await drain(new DicomwebSource({ url: orthanc.dicomWebRoot, fetch: fetchSwap }));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.error.code, 'SOURCE_NOT_FOUND');
    assert.match(problems[0]!.error.message, /^Study 1 \(ref [\w-]{8}\): .*HTTP 404/);
    assert.doesNotMatch(problems[0]!.error.message, /\d+\.\d+\.\d+\.\d+\.\d+/, 'no UID in the message');
    const failed = decodeURIComponent(new URL(problems[0]!.origin).pathname.split('/').pop()!);
    const inFailed = accepted.filter((f) => f.studyInstanceUid === failed).length + (failed === accepted[0]!.studyInstanceUid || failed === NEW_STUDY ? 1 : 0);
    assert.equal(bytes.size, accepted.length + 2 - inFailed);
  });

  await t.test('studies and query restrict the sync; a requested study that is absent is a problem', async () => {
    const one = accepted.find((f) => f.sopClassUid === SOP.mr)!;
    const { bytes, problems } = await drain(new DicomwebSource({ url: orthanc.dicomWebRoot, studies: [one.studyInstanceUid, '1.2.3.999'] }));
    assert.equal(bytes.size, accepted.filter((f) => f.studyInstanceUid === one.studyInstanceUid).length);
    assert.deepEqual(problems.map((p) => p.error.code), ['SOURCE_NOT_FOUND']);
    const mr = await drain(new DicomwebSource({ url: orthanc.dicomWebRoot, query: { ModalitiesInStudy: 'MR' } }));
    assert.equal(mr.bytes.size, accepted.filter((f) => f.studyInstanceUid === one.studyInstanceUid).length);
  });

  await t.test("Orthanc's own root instead of the DICOMweb root is SOURCE_PROTOCOL with a hint", async () => {
    await rejectsWith(new DicomwebSource({ url: orthanc.url }), 'SOURCE_PROTOCOL', /DICOMweb root, e\.g\. .*\/dicom-web/);
  });
});

test('DICOMweb source: refused credentials and an unreachable server', async (t) => {
  const orthanc = await startOrthanc(t, { users: { alice: 'correct-horse' } });
  if (!orthanc) return;
  const url = orthanc.dicomWebRoot;
  await rejectsWith(new DicomwebSource({ url, auth: { username: 'alice', password: 'wrong' } }), 'SOURCE_AUTH_FAILED', /HTTP 401.*user and password/);
  await rejectsWith(new DicomwebSource({ url }), 'SOURCE_AUTH_FAILED', /asks for credentials/);
  assert.deepEqual((await drain(new DicomwebSource({ url, auth: { username: 'alice', password: 'correct-horse' } }))).problems, []);

  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const closed = new DicomwebSource({ url: `http://alice:secret-pw@127.0.0.1:${port}/dicom-web?PatientID=X1`, timeoutMs: 5000 });
  await assert.rejects(drain(closed), (err: unknown) => {
    assert.ok(isOncoAtlasError(err, 'SOURCE_UNREACHABLE'));
    assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${port} could not be reached: it refused the connection`));
    assert.doesNotMatch(err.message, /secret-pw|alice|dicom-web|PatientID|X1/);
    return true;
  });
});
