/**
 * `oncoatlas deid --option clean-pixel-data`: a held ultrasound image and a mammogram the rules would release
 * (BurnedInAnnotation NO) with the patient's name burned in both come out redacted and released; an image with
 * no identifier in its pixels is left as the rules decided. Nothing identifying is printed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parsePart10, stringAt } from '@oncoatlas/dicom';
import { burnedInInstance, requireTool } from '@oncoatlas/testkit';

const bin = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const TEXT = [{ text: 'GARCIA, MARIA', x: 8, y: 80 }, { text: 'ID: PAT004512', x: 8, y: 110 }];

test('deid with clean-pixel-data redacts and releases what OCR verifies, and says how many', (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const work = mkdtempSync(join(tmpdir(), 'oncoatlas-deid-clean-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const input = join(work, 'in');
  mkdirSync(input);
  writeFileSync(join(input, 'us.dcm'), burnedInInstance(TEXT, { n: 1 }));
  writeFileSync(join(input, 'mg.dcm'), burnedInInstance(TEXT, { n: 2, modality: 'MG', burnedIn: 'NO', manufacturer: 'ACME' }));
  writeFileSync(join(input, 'mg-clean.dcm'), burnedInInstance([{ text: 'R CC', x: 250, y: 220 }], { n: 3, modality: 'MG', burnedIn: 'NO', manufacturer: 'ACME' }));
  const secret = join(work, 'site.secret');
  assert.equal(spawnSync(process.execPath, [bin, 'secret', 'new', secret]).status, 0);
  const out = join(work, 'out');
  const r = spawnSync(process.execPath, [bin, 'deid', input, out, '--secret-file', secret, '--option', 'clean-pixel-data', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /GARCIA|PAT004512/);
  const { summary } = JSON.parse(r.stdout) as { summary: { deidentified: number; review: number; cleanPixelData: { scanned: number; redacted: number; held: number } } };
  assert.deepEqual([summary.deidentified, summary.review], [3, 0]);
  assert.deepEqual(summary.cleanPixelData, { scanned: 3, redacted: 2, held: 0 });
  const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.dcm')).map((e) => join(e.parentPath, e.name));
  assert.equal(files.length, 3);
  assert.ok(files.every((f) => !f.includes('_review')));
  const methods = files.map((f) => { const d = parsePart10(readFileSync(f)); return stringAt(d.buffer, d.dataset, 0x00120063) ?? ''; });
  assert.equal(methods.filter((m) => m.includes('Burned-in text blanked (OCR and device template)')).length, 2, 'the two images with a name are redacted; the other is not');
});
