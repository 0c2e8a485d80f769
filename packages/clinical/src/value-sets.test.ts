import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { curie } from './cdm.ts';
import { conditionConcept } from './codes.ts';
import { conceptByKey, isEnumerated, lookupValue, normalizeLocal, VALUE_SET_NAMES, valueSetKeys } from './value-sets.ts';

const codes = (set: Parameters<typeof lookupValue>[0], raw: string): string[] | null => {
  const r = lookupValue(set, raw);
  return r.ok ? r.coded.codings.map(curie) : null;
};

test('sex: local spellings in several languages, case and accents ignored; the "Unkown" typo is not guessed', () => {
  for (const raw of ['Hombre', 'HOMBRE ', 'home', 'Male', 'varón', 'M']) assert.equal((lookupValue('sex', raw) as { coded: { value: string } }).coded.value, 'male', raw);
  for (const raw of ['Mujer', 'Dona', 'female', 'F']) assert.equal((lookupValue('sex', raw) as { coded: { value: string } }).coded.value, 'female', raw);
  assert.deepEqual(codes('sex', 'Hombre'), ['SNOMEDCT:248153007', 'EUCAIM:COM1001366']);
  assert.deepEqual(codes('sex', 'Mujer'), ['SNOMEDCT:248152002', 'EUCAIM:COM1001370']);
  // Two hyperontology "Unknown" codes exist (COM1002760, COM1001289): neither is picked.
  assert.deepEqual(codes('sex', 'Desconocido'), ['SNOMEDCT:261665006']);
  assert.equal(lookupValue('sex', 'Unkown').ok, false);
  // Locale-specific letters are for the mapping to declare.
  assert.equal(lookupValue('sex', 'H').ok, false);
  assert.equal(lookupValue('sex', 'D').ok, false);
});

test('modality, body part, vital status and treatment carry SNOMED CT and, where the notes give one, EUCAIM codes', () => {
  assert.deepEqual(codes('modality', 'CT'), ['SNOMEDCT:77477000', 'EUCAIM:IMG1000026', 'RadLex:RID10321']);
  assert.deepEqual(codes('modality', 'TC'), codes('modality', 'CT'));
  assert.deepEqual(codes('modality', 'RM'), ['SNOMEDCT:113091000', 'EUCAIM:IMG1000022', 'RadLex:RID10312']);
  assert.deepEqual(codes('modality', 'CR'), ['SNOMEDCT:363680008']);
  assert.equal(lookupValue('modality', 'XA').ok, false);
  assert.deepEqual(codes('body_part', 'Tórax'), ['SNOMEDCT:43799004', 'EUCAIM:BP1000067']);
  assert.deepEqual(codes('body_part', 'BREAST'), ['SNOMEDCT:76752008', 'EUCAIM:BP1000136']);
  // DICOM defined terms the notes give no hyperontology code for: known, SNOMED CT only (the catalogue reports them).
  assert.deepEqual(codes('body_part', 'ABDOMEN'), ['SNOMEDCT:818981001']);
  assert.deepEqual(codes('body_part', 'WHOLEBODY'), ['SNOMEDCT:38266002']);
  assert.deepEqual(codes('body_part', 'Whole body'), codes('body_part', 'WHOLEBODY'));
  assert.equal(lookupValue('body_part', 'TAP IV').ok, false);
  assert.deepEqual(codes('vital_status', 'Éxitus'), ['SNOMEDCT:419099009']);
  assert.deepEqual(codes('vital_status', 'viu'), ['SNOMEDCT:438949009']);
  assert.deepEqual(codes('treatment_type', 'Radioterapia'), ['SNOMEDCT:108290001']);
  assert.deepEqual(codes('manufacturer', 'GE MEDICAL SYSTEMS'), ['EUCAIM:IMG1000047']);
});

test('manufacturer: the spellings scanners write name their maker, by word patterns as well as spellings', () => {
  const maker = (raw: string): string | null => { const r = lookupValue('manufacturer', raw); return r.ok ? r.coded.value : null; };
  const spellings: Record<string, string[]> = {
    Siemens: ['SIEMENS', 'Siemens', 'Siemens Healthineers', 'Siemens Healthineers AG', 'SIEMENS HEALTHCARE GMBH', ' siemens '],
    GE: ['GE MEDICAL SYSTEMS', 'GE Healthcare', 'GE MEDICAL SYSTEMS, LLC', 'GE HealthCare Japan', 'General Electric'],
    Philips: ['Philips', 'PHILIPS', 'Philips Medical Systems', 'Philips Healthcare', 'Philips Medical Systems Nederland B.V.'],
    Canon: ['CANON_MEC', 'Canon Medical Systems', 'Canon Medical Systems Corporation', 'CANON'],
    Toshiba: ['TOSHIBA_MEC', 'TOSHIBA', 'Toshiba', 'Toshiba Medical Systems', 'TOSHIBA_MEC_US'],
    Agfa: ['AGFA', 'Agfa-Gevaert', 'Agfa HealthCare'],
    Hologic: ['Hologic, Inc.', 'HOLOGIC', 'HOLOGIC, Inc.'],
  };
  for (const [key, raws] of Object.entries(spellings)) for (const raw of raws) assert.equal(maker(raw), key, raw);
  assert.deepEqual(codes('manufacturer', 'CANON_MEC'), ['EUCAIM:IMG1000050']);
  assert.deepEqual(codes('manufacturer', 'TOSHIBA_MEC'), ['EUCAIM:IMG1000045']);
  assert.deepEqual(codes('manufacturer', 'Philips Medical Systems'), ['EUCAIM:IMG1000046']);
  // No code in the notes: known by name, uncoded (reported by the catalogue, never guessed).
  assert.deepEqual(codes('manufacturer', 'Hologic, Inc.'), []);
  // A word that only starts like a maker's is not one; an unknown maker stays unknown.
  for (const raw of ['Generic Scanner', 'GEMINI', 'Canonical', 'FUJIFILM Corporation', '', '  ']) assert.equal(maker(raw), null, raw);
});

test('structural code sets: well-formed codes pass, repairable ones are flagged, others are refused', () => {
  const r = lookupValue('icd10', 'c341');
  assert.ok(r.ok && r.repaired && r.coded.value === 'C34.1');
  assert.deepEqual(lookupValue('icd10', 'C34.1'), { ok: true, repaired: false, coded: { value: 'C34.1', display: 'ICD-10 C34.1', codings: [{ system: 'ICD-10', code: 'C34.1' }] } });
  assert.ok((lookupValue('icd10', 'c61') as { repaired: boolean }).repaired);
  assert.equal(lookupValue('icd10', 'I10').ok, false, 'not a neoplasm');
  assert.equal(lookupValue('icd10', 'C3').ok, false);
  assert.equal((lookupValue('icdo3_topography', 'C341') as { coded: { value: string } }).coded.value, 'C34.1');
  assert.equal((lookupValue('icdo3_morphology', '81403') as { coded: { value: string } }).coded.value, '8140/3');
  assert.equal(lookupValue('icdo3_morphology', '8140/5').ok, false, 'no behaviour code 5');
  assert.deepEqual(['T2', 'pT1a', '3', 'Tis', 'TX'].map((v) => { const x = lookupValue('tnm_t', v); return x.ok ? [x.coded.value, x.repaired] : null; }),
    [['T2', false], ['T1a', false], ['T3', true], ['Tis', false], ['TX', false]]);
  assert.equal(lookupValue('tnm_t', 'T5').ok, false);
  assert.equal(lookupValue('tnm_n', 'N4').ok, false);
  assert.equal((lookupValue('tnm_m', 'M1') as { coded: { value: string } }).coded.value, 'M1');
  assert.deepEqual(['IIIA', 'Estadio IIB', '3a', 'IV'].map((v) => { const x = lookupValue('stage_group', v); return x.ok ? [x.coded.value, x.repaired] : null; }),
    [['IIIA', false], ['IIB', false], ['IIIA', true], ['IV', false]]);
  assert.deepEqual(conditionConcept('C34.1')?.codings.map(curie), ['SNOMEDCT:363358000', 'EUCAIM:CLIN1000065']);
  assert.equal(conditionConcept('C20'), null, 'rectum is not colon');
});

test('value-set keys name concepts; local values normalise the same way everywhere', () => {
  assert.equal(conceptByKey('sex', 'male')?.display, 'Male');
  assert.equal(conceptByKey('sex', 'Hombre'), null);
  assert.equal(conceptByKey('icd10', 'C34.9')?.value, 'C34.9');
  assert.equal(conceptByKey('icd10', 'c349'), null, 'a key must be in standard form');
  assert.equal(normalizeLocal('  Sí.  '), 'si');
});

/**
 * The code tables of the EUCAIM reference notes (shared/reference/eucaim.md §4.1, §6.3), copied verbatim into
 * a fixture so the check runs on a clean clone: the provenance header (an HTML comment) is left out, the
 * rest is `### heading` sections of copied lines.
 */
const EXCERPT_FILE = new URL('./fixtures/eucaim-reference-codes.md', import.meta.url);
const NOTES_FILE = fileURLToPath(new URL('../../../../shared/reference/eucaim.md', import.meta.url));

function referenceExcerpt(): { text: string; sections: { heading: string; lines: string[] }[] } {
  const raw = readFileSync(EXCERPT_FILE, 'utf8');
  assert.match(raw, /^<!--[\s\S]*?Excerpt of the EUCAIM reference notes[\s\S]*?-->\n/, 'the fixture starts with its provenance header');
  const text = raw.replace(/^<!--[\s\S]*?-->\n/, '');
  const sections: { heading: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('### ')) sections.push({ heading: line, lines: [] });
    else if (line.trim() !== '') {
      assert.ok(sections.length > 0, `a copied line before any section heading: ${line}`);
      sections.at(-1)!.lines.push(line);
    }
  }
  return { text, sections };
}

test('every EUCAIM code built in appears in the EUCAIM reference notes (no invented codes)', () => {
  const { text } = referenceExcerpt();
  const all = VALUE_SET_NAMES.filter(isEnumerated).flatMap((set) => valueSetKeys(set).flatMap((k) => conceptByKey(set, k)!.codings));
  for (const icd of ['C18.7', 'C34.1', 'C50.9', 'C61']) all.push(...conditionConcept(icd)!.codings);
  const eucaim = all.filter((c) => c.system === 'EUCAIM' || c.system === 'RadLex');
  assert.ok(eucaim.length > 15);
  // The notes abbreviate runs of codes: "`IMG1000044` Siemens, `…45` Toshiba" on one line.
  const lines = text.split('\n');
  const given = (code: string): boolean => text.includes(code) || lines.some((l) => l.includes(code.slice(0, -2)) && l.includes(`…${code.slice(-2)}\``));
  for (const c of eucaim) assert.ok(given(c.code), `${curie(c)} is not in the reference notes`);
});

test('the fixture excerpt still matches the EUCAIM reference notes beside the repository', (t) => {
  const { sections } = referenceExcerpt();
  assert.deepEqual(sections.map((s) => s.heading.slice(0, 7)), ['### 4.1', '### 6.3']);
  if (!existsSync(NOTES_FILE)) { t.skip('../shared/reference/eucaim.md is not beside the repository'); return; }
  const notes = readFileSync(NOTES_FILE, 'utf8').split('\n');
  for (const { heading, lines } of sections) {
    const start = notes.indexOf(heading);
    assert.notEqual(start, -1, `section "${heading}" is no longer in the notes`);
    const next = notes.findIndex((l, i) => i > start && l.startsWith('#'));
    const section = new Set(notes.slice(start + 1, next === -1 ? undefined : next));
    for (const line of lines) assert.ok(section.has(line), `no longer in "${heading}" of the notes, word for word: ${line}`);
  }
});
