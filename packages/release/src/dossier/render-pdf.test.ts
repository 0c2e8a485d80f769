import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { isOncoAtlasError } from '@oncoatlas/core';
import { requireChromium, requireTool } from '@oncoatlas/testkit';
import type { DossierData } from './dossier-data.ts';
import { sampleDossierData } from './dossier-fixture.ts';
import { renderDossierHtml } from './render-dossier-html.ts';
import { chromiumAvailable, renderPdf } from './render-pdf.ts';

const run = promisify(execFile);

/** Chromium prints the PDF; poppler-utils turns it into pages and text. Skipped on a laptop, failed under CI. */
function requirePdfTools(t: TestContext): boolean {
  return requireChromium(t) && requireTool(t, 'pdftoppm') && requireTool(t, 'pdftotext');
}

/** Values that a dossier must never show; the test first makes sure the data does not hold them either. */
const NEVER_RENDERED = ['DOE^JANE', 'DOE JANE', 'MRN-0042-7781', '1.2.840.99999'];

const flat = (text: string): string => text.replace(/\s+/g, ' ');

async function renderToPages(t: TestContext, data: DossierData): Promise<{ pages: number | undefined; pngs: string[]; text: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-dossier-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pdf = join(dir, 'dossier.pdf');
  const { pages } = await renderPdf(renderDossierHtml(data), pdf);
  assert.ok(existsSync(pdf));
  assert.ok(!existsSync(`${pdf}.tmp`), 'the temporary file is renamed');
  assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
  await run('pdftoppm', ['-png', '-r', '50', pdf, join(dir, 'page')]);
  const pngs = readdirSync(dir).filter((f) => f.endsWith('.png')).sort().map((f) => join(dir, f));
  const { stdout } = await run('pdftotext', [pdf, '-'], { maxBuffer: 16 << 20 });
  return { pages, pngs, text: flat(stdout), dir };
}

test('the sample dossier prints to a multi-page A4 PDF showing its facts and nothing else', async (t) => {
  if (!requirePdfTools(t)) return;
  const data = sampleDossierData();
  const json = JSON.stringify(data);
  for (const s of NEVER_RENDERED) assert.ok(!json.includes(s), `the fixture must not hold ${s}`);

  const { pages, pngs, text } = await renderToPages(t, data);
  assert.ok(pngs.length >= 2, `${pngs.length} pages`);
  assert.equal(pages, pngs.length, 'renderPdf counts the pages poppler sees');
  for (const png of pngs) assert.ok(statSync(png).size > 4000, `${png} is nearly blank (${statSync(png).size} bytes)`);

  for (const shown of [data.dataset.title, data.dataset.id, data.dataset.manifestSha256, data.purpose!, data.legalBasis!, data.provenance.auditLog.rootHash]) {
    assert.ok(text.includes(flat(shown)), `"${shown}" is not in the PDF text`);
  }
  for (const heading of ['1. Summary', '2. Source and funnel', '3. De-identification', '4. Clinical data quality', '5. Re-identification risk', '6. Provenance']) {
    assert.ok(text.includes(heading), heading);
  }
  assert.ok(text.includes(`Page 1 of ${pngs.length}`), 'footer with page numbers');
  for (const s of NEVER_RENDERED) assert.ok(!text.includes(s), `${s} in the PDF`);
  assert.ok(!text.includes('Released above the risk threshold'), 'no override box without an override');
});

test('a steward override is printed, boxed, with its justification', async (t) => {
  if (!requirePdfTools(t)) return;
  const justification = 'Rare sarcoma cohort: access limited to one consortium under a data transfer agreement.';
  const data = sampleDossierData({
    dataset: { title: 'Retroperitoneal sarcoma CT cohort <pilot> & "test"', state: 'draft', releasedAt: null, releasedBy: null },
    purpose: null,
    clinical: null,
    risk: {
      decision: { allowed: false, failures: ['k-anonymity: k = 3 is below the minimum 5 (2 short)'], suggestion: 'generalise age to 20-year bands' },
      override: { by: 'steward-02', at: '2025-05-19T14:02:00Z', justification },
    },
  });
  const { text } = await renderToPages(t, data);
  assert.ok(text.includes('Retroperitoneal sarcoma CT cohort <pilot> & "test"'), 'escaped text prints as written');
  assert.ok(text.toUpperCase().includes('RELEASED ABOVE THE RISK THRESHOLD BY STEWARD OVERRIDE'));
  assert.ok(text.includes(justification));
  assert.ok(text.includes('Not stated by the data holder'));
  assert.ok(text.includes('No clinical data in this version'));
});

test('a missing Chromium is DOSSIER_PDF_FAILED, says what to do, and writes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-dossier-'));
  try {
    const out = join(dir, 'dossier.pdf');
    const missing = join(dir, 'no-such-chromium');
    assert.equal(chromiumAvailable(missing), false);
    await assert.rejects(renderPdf('<!DOCTYPE html><p>x</p>', out, { executablePath: missing }), (err: unknown) => {
      assert.ok(isOncoAtlasError(err, 'DOSSIER_PDF_FAILED'), String(err));
      assert.equal(err.code, 'DOSSIER_PDF_FAILED');
      assert.match(err.message, /chromium/);
      assert.match(err.message, /ONCOATLAS_CHROMIUM/);
      assert.match(err.message, /--no-pdf/);
      return true;
    });
    // A file that exists but is no browser: the launch itself fails.
    await assert.rejects(renderPdf('<p>x</p>', out, { executablePath: '/bin/false', timeoutMs: 20_000 }), (err: unknown) => isOncoAtlasError(err, 'DOSSIER_PDF_FAILED'));
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
