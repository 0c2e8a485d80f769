import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runDeid } from '@oncoatlas/cli';
import { findElement, parsePart10, stringAt } from '@oncoatlas/dicom';
import { writeFixtureCorpus } from '@oncoatlas/testkit';

/*
 * Our EUCAIM profile against the real EUCAIM CTP v5 tool: the reference values were written by RSNA CTP's
 * DicomAnonymizerTool over this same (deterministic) fixture corpus; packages/deid/scripts/eucaim-reference.ts
 * says how to produce them again.
 */
const reference = JSON.parse(readFileSync(new URL('./fixtures/eucaim-ctp-reference.json', import.meta.url), 'utf8')) as {
  provenance: { secret: string; siteId: string };
  files: Record<string, Record<string, string>>;
};
const TAGS: Record<string, number> = {
  PatientID: 0x00100020, PatientName: 0x00100010, StudyInstanceUID: 0x0020000d, SeriesInstanceUID: 0x0020000e,
  SOPInstanceUID: 0x00080018, FrameOfReferenceUID: 0x00200052, AccessionNumber: 0x00080050, InstitutionName: 0x00080080,
  StudyDate: 0x00080020, PatientBirthDate: 0x00100030, SiteID: 0x00131013,
};
const work = mkdtempSync(join(tmpdir(), 'oncoatlas-eucaim-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('pseudonyms, UIDs, dates and the site hash equal those of the real EUCAIM CTP tool', async () => {
  const manifest = await writeFixtureCorpus(join(work, 'in'));
  const { report } = await runDeid({
    input: join(work, 'in'), output: join(work, 'out'), progress: false, jobs: 1,
    settings: {
      profile: 'eucaim', options: [], secret: Buffer.from(reference.provenance.secret), siteId: reference.provenance.siteId,
      allowBurnedIn: false, recordMappings: false,
    },
  });
  assert.equal(report.summary.rejected, 0);
  let compared = 0;
  const inputOrder = manifest.files.map((f) => f.path).sort();
  manifest.files.forEach((f) => {
    const i = inputOrder.indexOf(f.path);
    const expected = reference.files[f.path];
    assert.ok(expected, `no reference for ${f.path}`);
    const out = parsePart10(readFileSync(join(work, 'out', report.files[i]!.output!)));
    for (const [name, value] of Object.entries(expected)) {
      const actual = name === 'MediaStorageSOPInstanceUID'
        ? stringAt(out.source, out.meta, 0x00020003)
        : findElement(out.dataset, TAGS[name]!) ? stringAt(out.buffer, out.dataset, TAGS[name]!) : undefined;
      assert.equal(actual, value, `${f.path}: ${name}`);
      compared++;
    }
  });
  assert.ok(compared > 150);
});
