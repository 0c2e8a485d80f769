import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { privateDir, writePrivateFile } from '@oncoatlas/core';
import { PIXEL_DATA } from '@oncoatlas/dicom';
import { openStore, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { el, part10, TS } from '@oncoatlas/testkit';
import { buildServer } from './build-server.ts';
import { createTokenVerifier, LOCAL_ISSUER, mintLocalToken } from './auth/token-verifier.ts';

const AT = '2024-05-01T10:00:00.000Z';
const [ROWS, COLUMNS] = [12, 16];

function image(n: number): Buffer {
  const uid = `1.2.826.0.1.3680043.10.98.${n}`;
  return part10({
    transferSyntax: TS.explicitLE, sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: uid,
    dataset: [
      el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'), el(0x00080018, 'UI', uid), el(0x00080060, 'CS', 'OT'), el(0x00280002, 'US', [1]),
      el(0x00280004, 'CS', 'MONOCHROME2'), el(0x00280010, 'US', [ROWS]), el(0x00280011, 'US', [COLUMNS]), el(0x00280100, 'US', [8]),
      el(0x00280101, 'US', [8]), el(0x00280102, 'US', [7]), el(0x00280103, 'US', [0]), el(0x00280301, 'CS', 'YES'),
      el(PIXEL_DATA, 'OB', Uint8Array.from({ length: ROWS * COLUMNS }, (_, i) => 10 + ((i * 7 + n) % 200))),
    ],
  });
}

interface Detail {
  id: number; status: string; ocr: string | null;
  held: { index: number; path: string; scan: unknown; findings: { kind: string; box: number[]; source: string }[]; decision: { action: string; boxes: number[][]; verified: boolean | null; by: string } | null }[];
  decided?: { index: number; action: string; verified: boolean | null; verification: string };
}

test('per-image decisions over HTTP: stewards only, final, boxes checked; a released image is served from its released file', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-review-routes-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = join(root, 'data');
  const store = await openStore({ dataDir });
  t.after(() => store.close());
  const ledger = new StudyLedger(store.db);
  const out = privateDir(join(dataDir, 'deidentified'));
  const paths = SourcePathKeys.fromSiteSecret(new TextEncoder().encode('the site secret of this test, long enough'));
  const rows = [0, 1, 2].map((i) => {
    const bytes = image(i);
    const path = `_review/P/S/X/${i}.dcm`;
    privateDir(dirname(join(out, path)));
    writePrivateFile(join(out, path), bytes);
    // The sources are not kept: a redaction here cannot be verified, which the answer says.
    return { ...paths.seal(join(root, 'gone', `${i}.dcm`)), study_key: 'study-1', size: bytes.length, status: 'review' as const, modality: 'OT', output_path: path, output_sha256: createHash('sha256').update(bytes).digest('hex'), updated_at: AT };
  });
  await ledger.upsertInstances(rows);
  await ledger.setStudy('study-1', { stage: 'deidentify', status: 'review', updated_at: AT });
  await ledger.pixels.putScans([{ source_key: rows[1]!.source_key, study_key: 'study-1', engine: 'tesseract 5.3.0', outcome: 'found', reason: null, scanned_at: AT,
    findings: [{ frame: 1, kind: 'name', box: [1, 1, 8, 3], confidence: 0.9, source: 'ocr' }, { frame: 1, kind: 'zone', box: [0, 0, 16, 2], confidence: null, source: 'template' }] }]);
  const { id } = await ledger.addReview({ study_key: 'study-1', kind: 'burned_in', created_at: AT });

  const localKey = new TextEncoder().encode('the local key of this test node, long enough');
  const app = await buildServer({ ledger, verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', dataDir, sourcePaths: paths });
  t.after(() => app.close());
  const as = async (role: 'steward' | 'researcher'): Promise<Record<string, string>> => ({ authorization: `Bearer ${await mintLocalToken(localKey, { subject: `a-${role}`, roles: [role], hours: 1 })}` });
  const [steward, researcher] = [await as('steward'), await as('researcher')];
  const decide = (index: number, body: object, headers = steward) => app.inject({ method: 'POST', url: `/api/review/${id}/held/${index}/decision`, headers, payload: body });
  const codeOf = (r: { statusCode: number; json(): unknown }): [number, string] => [r.statusCode, (r.json() as { code: string }).code];

  const detail = (await app.inject({ method: 'GET', url: `/api/review/${id}`, headers: steward })).json() as Detail;
  assert.deepEqual(detail.held.map((h) => [h.index, h.path, h.findings.map((f) => `${f.kind}/${f.source}`), h.decision]),
    [[0, '_review/P/S/X/0.dcm', [], null], [1, '_review/P/S/X/1.dcm', ['name/ocr', 'zone/template'], null], [2, '_review/P/S/X/2.dcm', [], null]]);
  assert.deepEqual(detail.held[1]!.scan, { engine: 'tesseract 5.3.0', outcome: 'found', reason: null });
  assert.ok(detail.ocr === null || /^tesseract/.test(detail.ocr));

  assert.equal((await decide(0, { action: 'release', reason: 'clean' }, researcher)).statusCode, 403);
  assert.deepEqual(codeOf(await decide(0, { action: 'release', reason: 'clean' }, { ...steward, origin: 'http://elsewhere.example', 'sec-fetch-site': 'cross-site' })), [403, 'CROSS_SITE_REFUSED']);
  assert.equal((await decide(0, { action: 'release', reason: '' })).statusCode, 400, 'a decision needs a reason');
  assert.equal((await decide(0, { action: 'keep', reason: 'x' })).statusCode, 400);
  assert.deepEqual(codeOf(await decide(1, { action: 'redact', boxes: [[10, 10, 10, 10]], reason: 'x' })), [400, 'REDACTION_INVALID_BOX'], 'outside the 16 x 12 image');
  assert.deepEqual(codeOf(await decide(1, { action: 'redact', boxes: [[1.5, 1, 2, 2]], reason: 'x' })), [400, 'REDACTION_INVALID_BOX']);
  assert.deepEqual(codeOf(await decide(1, { action: 'redact', reason: 'x' })), [400, 'REDACTION_INVALID_BOX'], 'redacting needs a box');
  assert.deepEqual(codeOf(await decide(9, { action: 'release', reason: 'x' })), [404, 'REVIEW_NOT_FOUND']);
  assert.ok(existsSync(join(out, '_review/P/S/X/1.dcm')), 'a refused decision changed nothing');

  const released = await decide(0, { action: 'release', reason: 'clean' });
  assert.equal(released.statusCode, 200, released.body);
  const afterRelease = released.json() as Detail;
  assert.deepEqual(afterRelease.decided, { index: 0, action: 'release', verified: null, verification: 'not-redacted' });
  assert.deepEqual([afterRelease.status, afterRelease.held[0]!.decision?.action, afterRelease.held[0]!.decision?.by], ['pending', 'release', `a-steward @ ${LOCAL_ISSUER}`]);
  assert.deepEqual(codeOf(await decide(0, { action: 'reject', reason: 'changed my mind' })), [409, 'REVIEW_ALREADY_DECIDED']);
  const shown = await app.inject({ method: 'GET', url: `/api/review/${id}/held/0/header`, headers: steward });
  assert.equal(shown.statusCode, 200, 'a released image is still shown: from its released file');
  assert.ok(!existsSync(join(out, '_review/P/S/X/0.dcm')) && existsSync(join(out, 'P/S/X/0.dcm')));

  const redacted = await decide(1, { action: 'redact', boxes: [[1, 1, 8, 3]], reason: 'the name' });
  assert.equal(redacted.statusCode, 200, redacted.body);
  assert.deepEqual((redacted.json() as Detail).decided, { index: 1, action: 'redact', verified: null, verification: 'no-source' });
  assert.deepEqual((redacted.json() as Detail).held[1]!.decision?.boxes, [[1, 1, 8, 3]]);
  const released1 = readFileSync(join(out, 'P/S/X/1.dcm'));
  assert.ok(released1.includes(Buffer.from('boxes drawn by a reviewer')), 'the method is recorded in the released file');

  const rejected = await decide(2, { action: 'reject', reason: 'a face' });
  assert.equal(rejected.statusCode, 200, rejected.body);
  assert.equal((rejected.json() as Detail).status, 'approved', 'the last image closes the item');
  assert.deepEqual(codeOf(await app.inject({ method: 'GET', url: `/api/review/${id}/held/2/image.png`, headers: steward })), [422, 'PREVIEW_UNAVAILABLE']);
  assert.deepEqual(codeOf(await app.inject({ method: 'POST', url: `/api/review/${id}/decision`, headers: steward, payload: { decision: 'reject', reason: 'x' } })), [409, 'REVIEW_ALREADY_DECIDED']);
  assert.equal((await ledger.study('study-1'))?.status, 'done');
  assert.ok(!released.body.includes(rows[0]!.source_key), 'source keys stay on the node');
});
