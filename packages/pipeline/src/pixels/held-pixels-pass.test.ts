import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isOncoAtlasError, privateDir, writePrivateFile } from '@oncoatlas/core';
import { findElement, parsePart10, stringAt } from '@oncoatlas/dicom';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { burnedInInstance, requireTool } from '@oncoatlas/testkit';
import { FileProcessor, type FileOutcome } from '@oncoatlas/deid';
import { AUTOMATIC_REDACTION_METHOD, passHeldPixels, recordHeldPixels, requireOcr, type PixelCandidate } from './held-pixels-pass.ts';

const AT = '2024-05-01T10:00:00.000Z';
const TEXT = [{ text: 'GARCIA, MARIA', x: 8, y: 80 }, { text: 'ID: PAT004512', x: 8, y: 110 }, { text: 'TIS 0.4', x: 240, y: 220 }];

/** A source file and its held copy (the pipeline's held file is de-identified; the pixels are what matters here). */
function held(t: TestContext, lines = TEXT): { out: string; h: PixelCandidate } {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-held-pixels-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const bytes = burnedInInstance(lines);
  const source = join(root, 'pacs', 'IM1');
  const out = join(root, 'out');
  const heldPath = '_review/P1/S1/SE1/I1.dcm';
  for (const f of [source, join(out, heldPath)]) {
    privateDir(dirname(f));
    writePrivateFile(f, bytes);
  }
  return { out, h: { key: 'k1', study: 's1', sourcePath: source, outputPath: heldPath } };
}

async function ledgerFor(t: TestContext): Promise<StudyLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-held-pixels-ledger-'));
  const store = await openStore({ dataDir: dir });
  t.after(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });
  return new StudyLedger(store.db);
}

test('without the option a held image is scanned and stays held; its scan is recorded without any text', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const { out, h } = held(t);
  const [r] = await passHeldPixels([h], { outRoot: out, clean: false, jobs: 1 });
  assert.equal(r!.scan.outcome, 'found');
  assert.equal(r!.released, undefined);
  assert.ok(existsSync(join(out, h.outputPath)));
  const ledger = await ledgerFor(t);
  await ledger.transaction((l) => recordHeldPixels(l, [r!], AT, 'oncoatlas populate'));
  const row = (await ledger.pixels.scansOfStudy('s1')).get('k1')!;
  assert.equal(row.outcome, 'found');
  assert.match(row.engine, /^tesseract /);
  assert.ok(row.identifiers >= 2);
  assert.doesNotMatch(row.findings, /GARCIA|PAT004512|MARIA/);
  assert.deepEqual(await ledger.pixels.counts(), { scanned: 1, withIdentifiers: 1, failed: 0, released: 0, redacted: 0, redactedAutomatically: 0, rejected: 0 });
  assert.equal((await ledger.auditHead()).size, 0, 'nothing was decided');
});

test('Clean Pixel Data blanks what OCR found and the device zone, verifies, releases, and records the decision', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const { out, h } = held(t);
  const [r] = await passHeldPixels([h], { outRoot: out, clean: true, jobs: 1 });
  assert.ok(r!.released, 'released');
  assert.equal(r!.released.path, h.outputPath.replace('_review/', ''));
  assert.ok(r!.released.boxes.some((b) => b[0] === 0 && b[1] === 0 && b[3] === 40), 'the LOGIQ E9 top band is among the boxes');
  assert.ok(!existsSync(join(out, h.outputPath)));
  const f = parsePart10(readFileSync(join(out, r!.released.path)));
  assert.equal(stringAt(f.buffer, f.dataset, 0x00280301), 'NO');
  assert.match(stringAt(f.buffer, f.dataset, 0x00120063) ?? '', /OCR and device template/);
  assert.ok(findElement(f.dataset, 0x00120064)!.items!.some((i) => stringAt(f.buffer, i, 0x00080100) === '113101'));

  const ledger = await ledgerFor(t);
  await ledger.transaction((l) => recordHeldPixels(l, [r!], AT, 'oncoatlas populate'));
  const d = (await ledger.pixels.decisionsOfStudy('s1')).get('k1')!;
  assert.deepEqual([d.item_id, d.action, d.method, d.verified, d.decided_by, d.output_sha256], [null, 'redact', AUTOMATIC_REDACTION_METHOD, 1, 'oncoatlas populate', r!.released.sha256]);
  const events = (await ledger.readAudit(0, 10)).map((e) => JSON.parse(e.event).event);
  assert.deepEqual(events, [{ type: 'PIXELS_DECIDED', study: 's1', path: h.outputPath, action: 'redact', boxes: r!.released.boxes.length, verified: true, contentHash: r!.released.sha256 }]);
  // A re-run of the chunk (its commit lost) records the same decision once.
  await ledger.transaction((l) => recordHeldPixels(l, [r!], AT, 'oncoatlas populate'));
  assert.equal((await ledger.pixels.counts()).redactedAutomatically, 1);
});

test('an image where nothing is seen to clean stays held for a reviewer', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const { out, h } = held(t, []);
  const noZones = await passHeldPixels([h], { outRoot: out, clean: true, jobs: 1, zones: [] });
  assert.equal(noZones[0]!.released, undefined);
  assert.ok(existsSync(join(out, h.outputPath)));
});

test('Clean Pixel Data needs OCR: OCR_UNAVAILABLE before any work; without it and without the option, nothing is scanned', async (t) => {
  const { out, h } = held(t);
  assert.throws(() => requireOcr('/nonexistent/tesseract'), (e: unknown) => isOncoAtlasError(e, 'OCR_UNAVAILABLE') && /tesseract-ocr/.test((e as Error).message));
  await assert.rejects(passHeldPixels([h], { outRoot: out, clean: true, tesseract: '/nonexistent/tesseract' }), (e: unknown) => isOncoAtlasError(e, 'OCR_UNAVAILABLE'));
  assert.deepEqual(await passHeldPixels([h], { outRoot: out, clean: false, tesseract: '/nonexistent/tesseract' }), []);
});

test('under the option a text-prone image the rules released is OCR\'d, held when it shows an identifier, redacted, and a killed run\'s redaction is found again', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-released-pixels-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const out = join(root, 'out');
  const secret = new TextEncoder().encode('a site secret for this test, long enough');
  const settings = { profile: 'basic' as const, options: ['clean-pixel-data'], secret, allowBurnedIn: false, recordMappings: false };
  const write = (name: string, lines: typeof TEXT, n: number): string => {
    const f = join(root, 'pacs', name);
    privateDir(dirname(f));
    writePrivateFile(f, burnedInInstance(lines, { modality: 'MG', burnedIn: 'NO', n }));
    return f;
  };
  const [withText, plain] = [write('IM1', TEXT, 1), write('IM2', [{ text: 'R CC', x: 250, y: 220 }], 2)];
  const deid = (path: string, index: number): FileOutcome => new FileProcessor(settings, out, true).process({ index, path });
  const first = [deid(withText, 0), deid(plain, 1)];
  assert.deepEqual(first.map((r) => r.status), ['deidentified', 'deidentified'], `BurnedInAnnotation NO: the rules release both (${first.map((r) => r.reason).join('; ')})`);
  const candidates = (rs: FileOutcome[]): PixelCandidate[] => rs.map((r, i) => ({ key: `k${i}`, study: 's1', sourcePath: [withText, plain][i]!, outputPath: r.output!, modality: 'MG' }));
  assert.deepEqual(await passHeldPixels(candidates(first), { outRoot: out, clean: false, jobs: 1 }), [], 'without the option released images are not looked at');
  const [a, b] = await passHeldPixels(candidates(first), { outRoot: out, clean: true, jobs: 2 });
  assert.equal(b!.scan.outcome, 'none');
  assert.equal(b!.released, undefined);
  assert.equal(b!.heldPath, undefined, 'no identifier: it stays released as it was');
  assert.ok(existsSync(join(out, first[1]!.output!)));
  assert.ok(a!.released, 'the identifier was redacted and the redaction verified');
  assert.equal(a!.released.path, first[0]!.output);
  const redacted = readFileSync(join(out, a!.released.path));

  // Killed before the commit: the re-run writes the same output again, finds the redaction in its place, and redacts to the same bytes.
  const again = deid(withText, 0);
  assert.deepEqual([again.status, again.output, again.sha256], ['deidentified', first[0]!.output, a!.released.sha256]);
  const [a2] = await passHeldPixels(candidates([again]), { outRoot: out, clean: true, jobs: 1 });
  assert.equal(a2!.released?.sha256, a!.released.sha256);
  assert.deepEqual(readFileSync(join(out, a!.released.path)), redacted);
  assert.ok(!existsSync(join(out, `_review/${a!.released.path}`)));
});
