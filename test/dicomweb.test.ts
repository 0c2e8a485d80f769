/**
 * Permit-guarded DICOMweb and downloads at the node: every route refuses a request without a permit (401)
 * and with an expired, revoked, other dataset's or too narrow permit (403, with the code); a dcmjs-based
 * client reads QIDO, metadata, instances, frames and files under a valid permit; each request with one of
 * the node's permits is one USE_DATASETS entry and one permit_uses row; `audit verify` passes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import dcmjs from 'dcmjs';
import { dicomWebNode } from './support/dicomweb-node.ts';
import { oncoatlas } from './support/permitted-dataset.ts';

const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
const { multipartDecode } = dcmjs.utilities.message;
const DAY = 86_400_000;

function arrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('every DICOMweb and download route answers 401 without a permit and 403 with the code for a permit that does not cover it', async (t) => {
  const n = await dicomWebNode(t);
  const study = n.index.studies.find((s) => s.series.some((se) => se.modality === 'CT'))!;
  const series = study.series.find((se) => se.modality === 'CT')!;
  const inst = series.instances[0]!;
  const s = `studies/${study.studyInstanceUid}`;
  const se = `${s}/series/${series.seriesInstanceUid}`;
  const i = `${se}/instances/${inst.sopInstanceUid}`;
  const view = ['studies', 'series', 'instances', `${s}/series`, `${s}/instances`, `${se}/instances`, `${s}/metadata`, `${se}/metadata`, `${i}/metadata`, `${i}/rendered`, `${i}/frames/1/rendered`];
  const download = [s, se, i, `${i}/frames/1`, `${i}/bulkdata/7FE00010`, 'manifest', `files/${inst.path}`];

  const good = await n.d.permit();
  const expired = await n.d.permit({ now: new Date(Date.now() - 10 * DAY).toISOString(), expiresAt: new Date(Date.now() - DAY).toISOString() });
  const revoked = await n.d.permit();
  await n.d.revoke(revoked.claims.id);
  const inSitu = await n.d.permit({ actions: ['in-situ'] });
  const jobsOnly = await n.d.permit({ actions: ['federated-job'] });
  const other = `${n.root.replace(/datasets\/[^/]+/, 'datasets/6f1c2e7a-4d4c-4b1e-8e8f-000000000099')}`;
  const otherVersion = n.root.replace(/versions\/\d+$/, `versions/${n.d.version + 1}`);

  const ask = async (url: string, permit?: string, method = 'GET'): Promise<{ status: number; code?: string }> => {
    const res = await fetch(url, { method, headers: permit ? { authorization: `Bearer ${permit}` } : {} });
    const body = res.headers.get('content-type')?.includes('problem+json') ? await res.json() as { code: string } : (await res.arrayBuffer(), undefined);
    return { status: res.status, ...(body ? { code: body.code } : {}) };
  };
  const before = await n.auditSize();
  let audited = 0;
  for (const path of [...view, ...download]) {
    assert.deepEqual(await ask(`${n.root}/${path}`), { status: 401, code: 'PERMIT_REQUIRED' }, `${path} without a permit`);
    assert.deepEqual(await ask(`${n.root}/${path}`, 'not-a-permit'), { status: 403, code: 'PERMIT_INVALID' }, `${path} with a forged token`);
    assert.deepEqual(await ask(`${n.root}/${path}`, expired.permit), { status: 403, code: 'PERMIT_EXPIRED' }, `${path} expired`);
    assert.deepEqual(await ask(`${n.root}/${path}`, revoked.permit), { status: 403, code: 'PERMIT_REVOKED' }, `${path} revoked`);
    assert.deepEqual(await ask(`${other}/${path}`, good.permit), { status: 403, code: 'PERMIT_NOT_APPLICABLE' }, `${path} of another dataset`);
    assert.deepEqual(await ask(`${otherVersion}/${path}`, good.permit), { status: 403, code: 'PERMIT_NOT_APPLICABLE' }, `${path} of another version`);
    const narrow = download.includes(path) ? inSitu : jobsOnly;
    assert.deepEqual(await ask(`${n.root}/${path}`, narrow.permit), { status: 403, code: 'PERMIT_NOT_APPLICABLE' }, `${path} without the action`);
    assert.equal((await ask(`${n.root}/${path}`, good.permit)).status, 200, `${path} with a valid permit`);
    audited += 6;
  }
  for (const path of view) assert.equal((await ask(`${n.root}/${path}`, inSitu.permit)).status, 200, `${path} is viewing: in-situ allows it`);
  audited += view.length;
  for (const path of ['studies', s]) {
    assert.deepEqual(await ask(`${n.root}/${path}`, undefined, 'POST'), { status: 401, code: 'PERMIT_REQUIRED' });
    assert.deepEqual(await ask(`${n.root}/${path}`, good.permit, 'POST'), { status: 405, code: 'DICOMWEB_STORE_REFUSED' }, 'STOW-RS is refused');
    audited += 1;
  }
  assert.deepEqual(await ask(`${n.root}/studies/2.25.1/metadata`, good.permit), { status: 404, code: 'DICOMWEB_NOT_FOUND' });
  assert.deepEqual(await ask(`${n.root}/files/${encodeURIComponent('../manifest.json')}`, good.permit), { status: 404, code: 'DICOMWEB_NOT_FOUND' });
  assert.deepEqual(await ask(`${n.root}/files/${encodeURIComponent('../../../../etc/passwd')}`, good.permit), { status: 404, code: 'DICOMWEB_NOT_FOUND' });
  audited += 3;
  // The forged token names no permit of this node: refused without an audit entry.
  assert.equal(await n.auditSize() - before, audited, 'one USE_DATASETS entry per request with a permit of this node');
  const uses = await n.ledger.access.permitUses(revoked.claims.id);
  assert.equal(uses.length, view.length + download.length);
  assert.ok(uses.every((u) => u.outcome === 'refused' && u.code === 'PERMIT_REVOKED'));
  assert.ok(uses.some((u) => u.resource === `wado:study/${study.studyInstanceUid}`) && uses.some((u) => u.resource === `file:${inst.path}`) && uses.some((u) => u.resource === 'qido:studies'));
  const goodUses = await n.ledger.access.permitUses(good.claims.id);
  assert.ok(goodUses.some((u) => u.outcome === 'allowed' && u.action === 'download' && u.resource === 'manifest'));
  assert.match(oncoatlas('audit', 'verify', '--data-dir', n.d.dataDir), /ok|verified|valid/i);
});

test('a dcmjs-based client reads QIDO, metadata, instances, frames and files under a download permit', async (t) => {
  const n = await dicomWebNode(t);
  const { permit } = await n.d.permit({ actions: ['download'] });
  const get = async (path: string, accept?: string): Promise<Response> => {
    const res = await fetch(`${n.root}/${path}`, { headers: { authorization: `Bearer ${permit}`, ...(accept ? { accept } : {}) } });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    return res;
  };
  const studies = await (await get('studies?ModalitiesInStudy=SEG&includefield=StudyDescription', 'application/dicom+json')).json() as Record<string, { Value?: unknown[] }>[];
  const withSeg = n.index.studies.filter((s) => s.series.some((se) => se.modality === 'SEG'));
  assert.equal(studies.length, withSeg.length, 'ModalitiesInStudy matches the studies holding a SEG');
  const study = withSeg.find((s) => s.series.some((se) => se.modality === 'CT'))!;
  const first = DicomMetaDictionary.naturalizeDataset(studies.find((x) => x['0020000D']?.Value?.[0] === study.studyInstanceUid)!) as Record<string, unknown>;
  assert.equal(first.PatientID, study.patientId);
  assert.equal(first.NumberOfStudyRelatedInstances, study.series.reduce((k, se) => k + se.instances.length, 0));
  const paged = await (await get('studies?limit=2&offset=1')).json() as unknown[];
  assert.equal(paged.length, 2);
  const matched = await (await get(`studies?PatientID=${study.patientId.slice(0, -2)}??&StudyInstanceUID=2.25.1,${study.studyInstanceUid}`)).json() as Record<string, { Value?: unknown[] }>[];
  assert.deepEqual(matched.map((x) => x['0020000D']?.Value?.[0]), [study.studyInstanceUid], 'wildcard and UID list matching');

  const seg = study.series.find((se) => se.modality === 'SEG')!;
  const ct = study.series.find((se) => se.modality === 'CT')!;
  const instances = await (await get(`studies/${study.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances`)).json() as unknown[];
  assert.equal(instances.length, ct.instances.length);

  // Metadata: dcmjs reads the DICOM JSON; its values are those dcmjs reads from the stored file.
  const meta = await (await get(`studies/${study.studyInstanceUid}/series/${seg.seriesInstanceUid}/metadata`)).json() as Record<string, { BulkDataURI?: string }>[];
  assert.equal(meta.length, seg.instances.length);
  const stored = readFileSync(join(n.d.versionDir, seg.instances[0]!.path));
  const fromFile = DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(arrayBuffer(stored)).dict) as Record<string, unknown>;
  const fromJson = DicomMetaDictionary.naturalizeDataset(meta[0]!) as Record<string, unknown>;
  for (const k of ['SOPInstanceUID', 'SeriesInstanceUID', 'Rows', 'Columns', 'NumberOfFrames', 'BitsAllocated', 'SegmentationType', 'PatientID', 'ImageType']) {
    assert.deepEqual(fromJson[k], fromFile[k], k);
  }
  assert.deepEqual((fromJson.SegmentSequence as unknown[]).length, (fromFile.SegmentSequence as unknown[]).length);
  assert.deepEqual((fromJson.PerFrameFunctionalGroupsSequence as unknown[]).length, (fromFile.PerFrameFunctionalGroupsSequence as unknown[]).length);
  const pixelUri = meta[0]!['7FE00010']!.BulkDataURI!;
  assert.ok(pixelUri.startsWith(n.root), 'pixel data is a BulkDataURI of this node');

  // Instances: the multipart parts are the stored files, byte for byte.
  const res = await get(`studies/${study.studyInstanceUid}`, 'multipart/related; type="application/dicom"; transfer-syntax=*');
  assert.match(res.headers.get('content-type') ?? '', /^multipart\/related; type="application\/dicom"; boundary=/);
  const parts = multipartDecode(await res.arrayBuffer()) as ArrayBuffer[];
  const all = study.series.flatMap((x) => x.instances);
  assert.equal(parts.length, all.length);
  assert.deepEqual(new Set(parts.map((p) => sha(new Uint8Array(p)))), new Set(all.map((x) => x.sha256)));
  for (const p of parts.slice(0, 3)) assert.ok(DicomMessage.readFile(p).dict['00080018'], 'dcmjs reads each part');

  // Frames and bulk data: the pixel data dcmjs reads from the file.
  const inst = ct.instances[0]!;
  const file = readFileSync(join(n.d.versionDir, inst.path));
  const pixels = new Uint8Array((DicomMessage.readFile(arrayBuffer(file)).dict['7FE00010']!.Value as ArrayBuffer[])[0]!);
  const frame = multipartDecode(await (await get(`studies/${study.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances/${inst.sopInstanceUid}/frames/1`)).arrayBuffer()) as ArrayBuffer[];
  assert.equal(frame.length, 1);
  assert.equal(sha(new Uint8Array(frame[0]!)), sha(pixels.subarray(0, inst.rows! * inst.columns! * 2)));
  const bulk = multipartDecode(await (await fetch(pixelUri, { headers: { authorization: `Bearer ${permit}` } })).arrayBuffer()) as ArrayBuffer[];
  const segFile = new Uint8Array((DicomMessage.readFile(arrayBuffer(stored)).dict['7FE00010']!.Value as ArrayBuffer[])[0]!);
  assert.equal(sha(new Uint8Array(bulk[0]!)), sha(segFile));
  const png = await get(`studies/${study.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances/${inst.sopInstanceUid}/rendered`, 'image/png');
  assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

  // Downloads: the manifest and a file with its digest.
  const manifestBytes = new Uint8Array(await (await get('manifest')).arrayBuffer());
  assert.equal(sha(manifestBytes), sha(readFileSync(join(n.d.versionDir, 'manifest.json'))));
  const manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as { files: { path: string; sha256: string }[] };
  const clinical = manifest.files.find((f) => f.path.startsWith('clinical/'))!;
  const dl = await get(`files/${clinical.path}`);
  const body = new Uint8Array(await dl.arrayBuffer());
  assert.equal(sha(body), clinical.sha256);
  assert.equal(dl.headers.get('repr-digest'), `sha-256=:${Buffer.from(clinical.sha256, 'hex').toString('base64')}:`);
  assert.equal(dl.headers.get('access-control-allow-origin'), '*', 'CORS without credentials');

  // A browser viewer on another origin: the preflight needs no permit; what the node cannot answer says so.
  const preflight = await fetch(`${n.root}/studies`, { method: 'OPTIONS', headers: { origin: 'https://viewer.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  assert.equal(preflight.headers.get('access-control-allow-credentials'), null);
  const i = `studies/${study.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances/${inst.sopInstanceUid}`;
  const status = async (path: string, accept?: string): Promise<[number, string]> => {
    const r = await fetch(`${n.root}/${path}`, { headers: { authorization: `Bearer ${permit}`, ...(accept ? { accept } : {}) } });
    return [r.status, ((await r.json()) as { code: string }).code];
  };
  assert.deepEqual(await status(`${i}/frames/1`, 'multipart/related; type="image/jpeg"'), [406, 'DICOMWEB_BAD_REQUEST']);
  assert.deepEqual(await status(`${i}/frames/2`), [404, 'DICOMWEB_NOT_FOUND']);
  assert.deepEqual(await status(`${i}/frames/2/rendered`), [422, 'PREVIEW_UNAVAILABLE']);
  assert.deepEqual(await status('studies?NoSuchKey=1'), [400, 'DICOMWEB_BAD_REQUEST']);
});
