/**
 * Rebuilds test/fixtures/eucaim-ctp-reference.json from a run of the REAL EUCAIM CTP tool over the fixture
 * corpus, so our EUCAIM profile is checked against the implementation whose pseudonyms it must match.
 *
 *   npx node -e "import('@oncoatlas/testkit').then(t => t.writeFixtureCorpus('/tmp/fx'))"
 *   cd <eucaim_anon_pipeline>/ctp && java -jar DAT.jar -n 1 -da anon.script -pUIDROOT 1.3.6.1.4.1.58108.2023 \
 *     -pPROVIDERID $(printf SITE-TEST-01 | sha256sum | cut -d' ' -f1) -pSECRET_KEY 0190c9a3b2c47d6e8f9a0b1c2d3e4f5a7 \
 *     -in /tmp/fx -out /tmp/ctp-out
 *   npx node packages/deid/scripts/eucaim-reference.ts /tmp/ctp-out <eucaim_anon_pipeline>/ctp/anon.script <commit>
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findElement, parsePart10, stringAt } from '@oncoatlas/dicom';
import { writeFixtureCorpus } from '@oncoatlas/testkit';

const [ctpOut, scriptPath, commit] = process.argv.slice(2);
if (!ctpOut || !scriptPath || !commit) {
  process.stderr.write('usage: eucaim-reference.ts CTP_OUTPUT_DIR ANON_SCRIPT COMMIT\n');
  process.exit(1);
}
export const REFERENCE_TAGS: Record<string, number> = {
  PatientID: 0x00100020, PatientName: 0x00100010, StudyInstanceUID: 0x0020000d, SeriesInstanceUID: 0x0020000e,
  SOPInstanceUID: 0x00080018, FrameOfReferenceUID: 0x00200052, AccessionNumber: 0x00080050, InstitutionName: 0x00080080,
  StudyDate: 0x00080020, PatientBirthDate: 0x00100030, SiteID: 0x00131013,
};
const manifest = await writeFixtureCorpus(join(ctpOut, '..', 'fixture-corpus-check'));
const files: Record<string, Record<string, string>> = {};
for (const f of manifest.files) {
  const out = parsePart10(readFileSync(join(ctpOut, f.path)));
  const values: Record<string, string> = {};
  for (const [k, t] of Object.entries(REFERENCE_TAGS)) if (findElement(out.dataset, t)) values[k] = stringAt(out.buffer, out.dataset, t) ?? '';
  values.MediaStorageSOPInstanceUID = stringAt(out.source, out.meta, 0x00020003) ?? '';
  files[f.path] = values;
}
writeFileSync('test/fixtures/eucaim-ctp-reference.json', `${JSON.stringify({
  provenance: {
    producedBy: `RSNA CTP DicomAnonymizerTool (DAT.jar and ctp/libraries of github.com/sgsfak/eucaim_anon_pipeline at ${commit}), java 17, over the @oncoatlas/testkit fixture corpus`,
    anonScriptSha256: createHash('sha256').update(readFileSync(scriptPath)).digest('hex'),
    secret: '0190c9a3b2c47d6e8f9a0b1c2d3e4f5a7',
    siteId: 'SITE-TEST-01',
    note: 'Synthetic data only. Values CTP wrote at the top level of each output.',
  },
  files,
}, null, 1)}\n`);
process.stdout.write(`wrote ${Object.keys(files).length} reference entries\n`);
