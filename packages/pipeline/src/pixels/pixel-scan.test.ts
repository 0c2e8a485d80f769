import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURNED_IN_IMAGE, burnedInInstance, requireTool } from '@oncoatlas/testkit';
import { ocrEngine, scanInstance } from './pixel-scan.ts';

test('a scan finds the instance\'s own identifiers and adds its device\'s text zones, without any text', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const bytes = burnedInInstance([{ text: 'GARCIA, MARIA', x: 8, y: 80 }, { text: 'ID: PAT004512', x: 8, y: 110 }, { text: '5 cm', x: 250, y: 220 }]);
  const scan = await scanInstance(bytes);
  assert.equal(scan.outcome, 'found');
  assert.equal(scan.reason, null);
  const kinds = new Set(scan.findings.map((f) => f.kind));
  assert.ok(kinds.has('name') && kinds.has('id'), [...kinds].join(','));
  const zone = scan.findings.filter((f) => f.kind === 'zone');
  assert.deepEqual(zone, [{ frame: 1, kind: 'zone', box: [0, 0, BURNED_IN_IMAGE.width, 40], confidence: null, source: 'template' }]);
  for (const f of scan.findings) {
    assert.deepEqual(Object.keys(f).sort(), ['box', 'confidence', 'frame', 'kind', 'source']);
    if (f.source === 'ocr') assert.ok(f.confidence !== null && f.confidence >= 0 && f.confidence <= 1);
  }
  assert.deepEqual(scan.ids?.ids, ['PAT004512'], 'the identifiers stay in the process for verification');
});

test('an image with no identifier text is none; a device without zones adds none', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const scan = await scanInstance(burnedInInstance([{ text: 'TIS 0.4', x: 200, y: 220 }], { manufacturer: 'ACME' }));
  assert.equal(scan.outcome, 'none');
  assert.ok(scan.findings.every((f) => f.kind === 'text'));
});

test('an unreadable file or a missing OCR engine fails with a code, keeping what the header gives', async () => {
  const garbage = await scanInstance(new Uint8Array(300));
  assert.equal(garbage.outcome, 'failed');
  assert.match(garbage.reason ?? '', /^[A-Z0-9_]+$/);
  assert.deepEqual(garbage.findings, []);
  const noOcr = await scanInstance(burnedInInstance([]), { tesseract: '/nonexistent/tesseract' });
  assert.equal(noOcr.outcome, 'failed');
  assert.equal(noOcr.reason, 'IO_FAILED');
  assert.deepEqual(noOcr.findings.map((f) => f.kind), ['zone']);
});

test('ocrEngine names the installed engine, or null', (t) => {
  assert.equal(ocrEngine('/nonexistent/tesseract'), null);
  if (!requireTool(t, 'tesseract')) return;
  assert.match(ocrEngine() ?? '', /^tesseract \d+\.\d+/);
});
