import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createHash } from 'node:crypto';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parsePart10 } from '@oncoatlas/dicom';
import { BURNED_IN_IMAGE, burnedInInstance, requireTool } from '@oncoatlas/testkit';
import { identifiersOf } from '../ocr/identifiers.ts';
import { redactHeld } from './redact-held.ts';

const METHOD = 'Burned-in text blanked (OCR and device template)';
const HELD = '_review/P1/1.2.3/1.2.3.4/1.2.3.4.5.dcm';

function heldFile(t: TestContext, bytes: Uint8Array): string {
  const out = mkdtempSync(join(tmpdir(), 'oncoatlas-redact-held-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  mkdirSync(dirname(join(out, HELD)), { recursive: true });
  writeFileSync(join(out, HELD), bytes);
  return out;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const TEXT = [{ text: 'GARCIA, MARIA', x: 8, y: 80 }, { text: 'ID: PAT004512', x: 8, y: 110 }];

test('a redaction OCR no longer reads is written owner-only at the released path and the held file goes', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const source = burnedInInstance(TEXT);
  const out = heldFile(t, source);
  const r = await redactHeld({ outRoot: out, heldPath: HELD, boxes: [[0, 60, 200, 60]], method: METHOD, cleaned: true, ids: identifiersOf(parsePart10(source)) });
  assert.equal(r.written, true);
  assert.equal(r.verified, true);
  assert.equal(r.releasedPath, HELD.replace('_review/', ''));
  assert.deepEqual(r.remaining, []);
  assert.ok(r.changedPixels > 0);
  const released = join(out, r.releasedPath);
  assert.equal(r.sha256, sha(readFileSync(released)));
  assert.equal(statSync(released).mode & 0o777, 0o600);
  assert.equal(statSync(dirname(released)).mode & 0o777, 0o700);
  assert.equal(existsSync(join(out, HELD)), false);
  assert.deepEqual(readdirSync(join(out, '.redacting')), [], 'no temporary file left');

  // A re-run (the chunk's commit was lost) redacts the re-written held file to the same bytes, and keeps the file.
  writeFileSync(join(out, HELD), source);
  const before = statSync(released).mtimeMs;
  const again = await redactHeld({ outRoot: out, heldPath: HELD, boxes: [[0, 60, 200, 60]], method: METHOD, cleaned: true, ids: identifiersOf(parsePart10(source)) });
  assert.equal(again.sha256, r.sha256);
  assert.equal(statSync(released).mtimeMs, before);
  assert.equal(existsSync(join(out, HELD)), false);
});

test('boxes that miss an identifier write nothing and say where OCR still reads one', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const source = burnedInInstance(TEXT);
  const out = heldFile(t, source);
  const r = await redactHeld({ outRoot: out, heldPath: HELD, boxes: [[0, 60, 200, 30]], method: METHOD, cleaned: true, ids: identifiersOf(parsePart10(source)) });
  assert.equal(r.written, false);
  assert.equal(r.verified, false);
  assert.equal(r.sha256, null);
  assert.ok(r.remaining.some((x) => x.kind === 'id' && x.box[1] >= 90), JSON.stringify(r.remaining));
  assert.deepEqual(Object.keys(r.remaining[0]!).sort(), ['box', 'kind']);
  assert.equal(existsSync(join(out, r.releasedPath)), false);
  assert.equal(existsSync(join(out, HELD)), true, 'the held file stays held');
});

test('without OCR (or without identifiers) the redaction is written unverified', async (t) => {
  const source = burnedInInstance([]);
  const out = heldFile(t, source);
  const r = await redactHeld({ outRoot: out, heldPath: HELD, boxes: [[0, 0, BURNED_IN_IMAGE.width, 40]], method: METHOD, cleaned: false, ids: identifiersOf(parsePart10(source)), tesseract: '/nonexistent/tesseract' });
  assert.equal(r.written, true);
  assert.equal(r.verified, null);
  assert.ok(existsSync(join(out, r.releasedPath)));
});

test('only a held path can be released, and pixel data it cannot blank is REDACTION_UNSUPPORTED', async (t) => {
  const out = heldFile(t, burnedInInstance([]));
  await assert.rejects(redactHeld({ outRoot: out, heldPath: 'P1/x.dcm', boxes: [[0, 0, 4, 4]], method: METHOD, cleaned: true }), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
  await assert.rejects(redactHeld({ outRoot: out, heldPath: '_review/../x.dcm', boxes: [[0, 0, 4, 4]], method: METHOD, cleaned: true }), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
  // The same header with its Pixel Data cut off: nothing to blank.
  const noPixels = Buffer.from(readFileSync(join(out, HELD)));
  const cut = noPixels.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  writeFileSync(join(out, HELD), noPixels.subarray(0, cut));
  await assert.rejects(redactHeld({ outRoot: out, heldPath: HELD, boxes: [[0, 0, 4, 4]], method: METHOD, cleaned: true }), (e: unknown) => isOncoAtlasError(e, 'REDACTION_UNSUPPORTED'));
});
