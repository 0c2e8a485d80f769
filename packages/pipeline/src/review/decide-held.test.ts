import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isOncoAtlasError, privateDir, writePrivateFile } from '@oncoatlas/core';
import { findElement, parsePart10, PIXEL_DATA, stringAt } from '@oncoatlas/dicom';
import { openStore, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { el, hasTool, part10, TS } from '@oncoatlas/testkit';
import { outputHash } from '../populate/deidentify-stage.ts';
import { redactHeld } from '../pixels/redact-held.ts';
import { releaseHeldFile } from './decision-record.ts';
import { decideHeldInstance, REVIEWER_METHOD } from './decide-held.ts';
import { decideReview, reviewDetail } from './review-queue.ts';
import { sourceIdentifiers } from './source-identifiers.ts';

const SC = '1.2.826.0.1.3680043.10.99';
const [ROWS, COLUMNS] = [12, 16];
const AT = '2024-05-01T10:00:00.000Z';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** An 8-bit Secondary Capture image of 16 x 12 with values 10.. (no zero: a blanked pixel is the frame minimum, 10). */
function image(n: number, name = 'GARCIA^MARIA'): Buffer {
  const pixels = Uint8Array.from({ length: ROWS * COLUMNS }, (_, i) => 10 + ((i * 7 + n) % 200));
  return part10({
    transferSyntax: TS.explicitLE, sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: `${SC}.${n}`,
    dataset: [
      el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'), el(0x00080018, 'UI', `${SC}.${n}`), el(0x00080060, 'CS', 'OT'),
      el(0x00100010, 'PN', name), el(0x00100020, 'LO', 'PAT-1'), el(0x00280002, 'US', [1]), el(0x00280004, 'CS', 'MONOCHROME2'),
      el(0x00280010, 'US', [ROWS]), el(0x00280011, 'US', [COLUMNS]), el(0x00280100, 'US', [8]), el(0x00280101, 'US', [8]),
      el(0x00280102, 'US', [7]), el(0x00280103, 'US', [0]), el(0x00280301, 'CS', 'YES'), el(PIXEL_DATA, 'OB', pixels),
    ],
  });
}

interface Fixture { ledger: StudyLedger; out: string; root: string; paths: SourcePathKeys; item: (study: string) => Promise<number> }

/** A ledger with studies `held` (3 images held, nothing released) and `mixed` (1 released, 2 held), each with its review item. */
async function fixture(t: TestContext): Promise<Fixture> {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-decide-held-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const store = await openStore({ dataDir: join(root, 'data') });
  t.after(() => store.close());
  const ledger = new StudyLedger(store.db);
  const out = privateDir(join(root, 'out'));
  const paths = SourcePathKeys.fromSiteSecret(new TextEncoder().encode('the site secret of this test, long enough'));
  let n = 0;
  const studies: [string, ('review' | 'deidentified')[]][] = [['held', ['review', 'review', 'review']], ['mixed', ['deidentified', 'review', 'review']]];
  for (const [study, states] of studies) {
    await ledger.setStudy(study, { stage: 'deidentify', status: states.includes('deidentified') ? 'done' : 'review', updated_at: AT });
    const rows = states.map((status, i) => {
      const bytes = image(++n);
      const source = join(root, 'pacs', `${study}-${i}.dcm`);
      privateDir(dirname(source));
      writePrivateFile(source, bytes);
      const path = `${status === 'review' ? '_review/' : ''}P/${study}/S/${i}.dcm`;
      privateDir(dirname(join(out, path)));
      writePrivateFile(join(out, path), bytes);
      return { ...paths.seal(source), study_key: study, size: bytes.length, status, modality: 'OT', output_path: path, output_sha256: sha(bytes), updated_at: AT };
    });
    await ledger.upsertInstances(rows);
    if (study === 'mixed') await ledger.setStudy(study, { output_hash: outputHash(rows.filter((r) => r.status === 'deidentified')), updated_at: AT });
    await ledger.addReview({ study_key: study, kind: 'burned_in', created_at: AT });
  }
  const item = async (study: string): Promise<number> => (await ledger.pendingReviews()).find((i) => i.study_key === study)!.id;
  return { ledger, out, root, paths, item };
}

async function auditEvents(ledger: StudyLedger): Promise<{ actor: string; event: Record<string, unknown> }[]> {
  const head = await ledger.auditHead();
  return (await ledger.readAudit(0, head.size)).map((e) => JSON.parse(e.event) as { actor: string; event: Record<string, unknown> });
}

const pixelsOf = (bytes: Uint8Array): Uint8Array => {
  const f = parsePart10(bytes);
  const p = findElement(f.dataset, PIXEL_DATA)!;
  return f.buffer.subarray(p.valueOffset, p.valueOffset + p.length);
};

test('per image: release, redact these boxes, reject; the last decision closes the item and integrates its study', async (t) => {
  const { ledger, out, item } = await fixture(t);
  const id = await item('held');
  const before = await reviewDetail(ledger, id);
  assert.deepEqual(before.held.map((h) => [h.index, h.path, h.file, h.decision]), [0, 1, 2].map((i) => [i, `_review/P/held/S/${i}.dcm`, `_review/P/held/S/${i}.dcm`, null]));
  const who = { by: 'Dra. Revisora', at: AT };

  const released = await decideHeldInstance(ledger, out, id, 0, { action: 'release', why: 'no text', ...who });
  assert.deepEqual([released.action, released.verified, released.verification, released.detail.item.status], ['release', null, 'not-redacted', 'pending']);
  assert.ok(!existsSync(join(out, before.held[0]!.path)) && existsSync(join(out, 'P/held/S/0.dcm')), 'moved to its released path');
  assert.equal((await ledger.study('held'))?.status, 'review', 'the study waits until the item closes');

  // Boxes are checked before anything is touched.
  for (const boxes of [[[0, 0, 17, 1]], [[0.5, 0, 2, 2]], [[0, 0, 0, 4]], [], undefined]) {
    await assert.rejects(decideHeldInstance(ledger, out, id, 1, { action: 'redact', boxes, why: 'x', ...who }), (e) => isOncoAtlasError(e, 'REDACTION_INVALID_BOX'));
  }
  const held1 = readFileSync(join(out, before.held[1]!.path));
  const redacted = await decideHeldInstance(ledger, out, id, 1, { action: 'redact', boxes: [[2, 3, 5, 4]], why: 'a name top left', ids: null, ...who });
  assert.deepEqual([redacted.verified, redacted.verification], [null, 'no-source']);
  const file = readFileSync(join(out, 'P/held/S/1.dcm'));
  const [a, b] = [pixelsOf(held1), pixelsOf(file)];
  for (let y = 0; y < ROWS; y++) {
    for (let x = 0; x < COLUMNS; x++) {
      const inBox = x >= 2 && x < 7 && y >= 3 && y < 7;
      assert.equal(b[y * COLUMNS + x], inBox ? 10 : a[y * COLUMNS + x], `pixel ${x},${y}`);
    }
  }
  const f = parsePart10(file);
  assert.match(stringAt(f.buffer, f.dataset, 0x00120063) ?? '', new RegExp(REVIEWER_METHOD.replace(/[()]/g, '\\$&')));
  assert.equal(stringAt(f.buffer, f.dataset, 0x00280301)?.trim(), 'NO', 'cleaned by the reviewer\'s boxes');
  assert.ok(!existsSync(join(out, before.held[1]!.path)));
  await assert.rejects(decideHeldInstance(ledger, out, id, 1, { action: 'reject', why: 'again', ...who }), (e) => isOncoAtlasError(e, 'REVIEW_ALREADY_DECIDED'));
  await assert.rejects(decideHeldInstance(ledger, out, id, 3, { action: 'reject', why: 'x', ...who }), (e) => isOncoAtlasError(e, 'REVIEW_NOT_FOUND'));
  await assert.rejects(decideHeldInstance(ledger, out, id, 2, { action: 'release', boxes: [[0, 0, 1, 1]], why: 'x', ...who }), (e) => isOncoAtlasError(e, 'USAGE'));

  const rejected = await decideHeldInstance(ledger, out, id, 2, { action: 'reject', why: 'a face', ...who });
  assert.ok(!existsSync(join(out, before.held[2]!.path)), 'a rejected held file is removed');
  const after = rejected.detail;
  assert.equal(after.item.status, 'approved', 'two of its images were released');
  assert.deepEqual(after.held.map((h) => [h.path, h.file, h.decision?.action, h.decision?.boxes, h.decision?.by]), [
    ['_review/P/held/S/0.dcm', 'P/held/S/0.dcm', 'release', [], 'Dra. Revisora'],
    ['_review/P/held/S/1.dcm', 'P/held/S/1.dcm', 'redact', [[2, 3, 5, 4]], 'Dra. Revisora'],
    ['_review/P/held/S/2.dcm', null, 'reject', [], 'Dra. Revisora'],
  ]);
  const instances = await ledger.instancesOfStudy('held');
  const study = await ledger.study('held');
  assert.deepEqual([study?.status, study?.output_hash], ['done', outputHash(instances.filter((i) => i.status === 'deidentified'))]);
  assert.deepEqual(instances.map((i) => [i.status, i.reason]).sort(), [['deidentified', null], ['deidentified', null], ['rejected', 'rejected_in_review']]);
  assert.equal(instances.find((i) => i.output_path === 'P/held/S/1.dcm')?.output_sha256, sha(file));
  assert.deepEqual((await ledger.pixels.counts()), { scanned: 0, withIdentifiers: 0, failed: 0, released: 1, redacted: 1, redactedAutomatically: 0, rejected: 1 });

  const events = await auditEvents(ledger);
  assert.deepEqual(events.map((e) => [e.event.type, e.event.action ?? e.event.decision, e.event.boxes, e.actor]), [
    ['PIXELS_DECIDED', 'release', 0, 'Dra. Revisora'], ['PIXELS_DECIDED', 'redact', 1, 'Dra. Revisora'], ['PIXELS_DECIDED', 'reject', 0, 'Dra. Revisora'],
    ['REVIEW_DECIDED', 'approved', undefined, 'Dra. Revisora'],
  ]);
  assert.equal(events[1]!.event.contentHash, sha(file));
  assert.ok(!JSON.stringify(events).includes('a name top left'), 'reasons are hashed in the log');
});

test('the item-level decision releases or rejects every image still held, each with its decision row', async (t) => {
  const { ledger, out, item } = await fixture(t);
  const mixed = await item('mixed');
  const hashBefore = (await ledger.study('mixed'))?.output_hash;
  await decideHeldInstance(ledger, out, mixed, 0, { action: 'release', by: 'A', why: 'clean', at: AT });
  const integrated = await ledger.study('mixed');
  assert.notEqual(integrated?.output_hash, hashBefore, 'an integrated study\'s hash follows what it releases, while its item is open');
  await decideReview(ledger, out, mixed, { approve: false, by: 'B', why: 'text on it', at: AT });
  const detail = await reviewDetail(ledger, mixed);
  assert.deepEqual(detail.held.map((h) => [h.decision?.action, h.decision?.by, h.file]), [['release', 'A', 'P/mixed/S/1.dcm'], ['reject', 'B', null]]);
  assert.equal(detail.item.status, 'approved', 'one of its images went out');
  assert.equal((await ledger.study('mixed'))?.status, 'done');
  await assert.rejects(decideReview(ledger, out, mixed, { approve: true, by: 'B', why: 'again', at: AT }), (e) => isOncoAtlasError(e, 'REVIEW_ALREADY_DECIDED') && /already decided \(approved\)/.test(e.message));
  await assert.rejects(decideHeldInstance(ledger, out, mixed, 1, { action: 'release', by: 'B', why: 'again', at: AT }), (e) => isOncoAtlasError(e, 'REVIEW_ALREADY_DECIDED'));

  const held = await item('held');
  await decideReview(ledger, out, held, { approve: false, by: 'B', why: 'names everywhere', at: AT });
  assert.equal((await reviewDetail(ledger, held)).item.status, 'rejected');
  assert.deepEqual([(await ledger.study('held'))?.status, (await ledger.study('held'))?.reason], ['rejected', 'rejected_in_review']);
  assert.ok([0, 1, 2].every((i) => !existsSync(join(out, `_review/P/held/S/${i}.dcm`))));
  assert.equal((await ledger.pixels.counts()).rejected, 4);
});

test('a redaction is verified against the source\'s identifiers read through its sealed path; a source gone leaves it unverified', async (t) => {
  const { ledger, out, item, paths } = await fixture(t);
  const id = await item('held');
  const rows = await ledger.instancesOfStudy('held');
  const held = (await reviewDetail(ledger, id)).held;
  const source = (i: number) => rows.find((r) => r.source_key === held[i]!.sourceKey)!;
  assert.deepEqual(sourceIdentifiers(paths, source(0))?.names, ['GARCIA^MARIA']);
  assert.throws(() => sourceIdentifiers(SourcePathKeys.fromSiteSecret(new TextEncoder().encode('another secret, long enough to be one')), source(0)), (e) => isOncoAtlasError(e, 'SECRET_MISMATCH'));

  // No text in these pixels: OCR (when installed) reads none of the identifiers.
  const checked = await decideHeldInstance(ledger, out, id, 0, { action: 'redact', boxes: [[0, 0, 4, 4]], by: 'A', why: 'corner', at: AT, sourcePaths: paths });
  assert.deepEqual([checked.verified, checked.verification], hasTool('tesseract') ? [true, 'verified'] : [null, 'no-ocr']);
  assert.equal(checked.detail.held[0]!.decision?.verified, checked.verified);

  rmSync(paths.open({ source_key: source(1).source_key, source_sealed: source(1).source_sealed! }));
  assert.equal(sourceIdentifiers(paths, source(1)), null);
  const unchecked = await decideHeldInstance(ledger, out, id, 1, { action: 'redact', boxes: [[0, 0, 4, 4]], by: 'A', why: 'corner', at: AT, sourcePaths: paths });
  assert.deepEqual([unchecked.verified, unchecked.verification], [null, 'no-source']);
});

test('a decision that crashed after writing its released file and before recording leaves the image held; any later decision wins', async (t) => {
  const { ledger, out, item } = await fixture(t);
  const id = await item('held');
  const who = { by: 'Dra. Revisora', at: AT };
  // A redaction written, then the process died before the ledger recorded it.
  await redactHeld({ outRoot: out, heldPath: '_review/P/held/S/0.dcm', boxes: [[0, 0, 4, 4]], method: REVIEWER_METHOD, cleaned: true, removeHeld: false });
  assert.ok(existsSync(join(out, '_review/P/held/S/0.dcm')), 'the held file stays until the decision is recorded');
  assert.equal((await reviewDetail(ledger, id)).held[0]!.decision, null, 'still held');
  await decideHeldInstance(ledger, out, id, 0, { action: 'reject', why: 'a face after all', ...who });
  assert.ok(!existsSync(join(out, 'P/held/S/0.dcm')), 'nothing of a rejected image stays at its released path');
  assert.ok(!existsSync(join(out, '_review/P/held/S/0.dcm')));

  // A release linked into place, then a crash; the reviewer then redacts: the redacted file replaces the copy.
  const held1 = readFileSync(join(out, '_review/P/held/S/1.dcm'));
  releaseHeldFile(out, '_review/P/held/S/1.dcm');
  await decideHeldInstance(ledger, out, id, 1, { action: 'redact', boxes: [[1, 1, 2, 2]], why: 'a name', ids: null, ...who });
  const file = readFileSync(join(out, 'P/held/S/1.dcm'));
  assert.notEqual(sha(file), sha(held1), 'the redacted file, not the unredacted copy, is released');
  assert.equal((await ledger.instancesOfStudy('held')).find((i) => i.output_path === 'P/held/S/1.dcm')?.output_sha256, sha(file));
});
