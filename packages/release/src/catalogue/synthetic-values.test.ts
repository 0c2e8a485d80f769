/**
 * Every value our own synthetic hospital writes reaches the catalogue: the Manufacturer, Body Part Examined
 * and Modality of its DICOM files and the sexes and conditions of its clinical tables either map to a EUCAIM
 * hyperontology code in the facts a release generates (versionFacts) or are listed by `unmappedValues`, the
 * steward's list of what the records leave out. Nothing is dropped silently. k = 1: no value is pooled.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { unmappedValues, type CodedCount, type GeneratedFacts } from '@oncoatlas/catalogue';
import { lookupValue, normalizeLocal, parseMapping, transformToCdm, type ColumnMapping, type ValueSetName } from '@oncoatlas/clinical';
import { readClinicalFile, type ClinicalTable } from '@oncoatlas/sources';
import { CLINICAL_MAPPING_FILE, generateHospital, SYNTHETIC_CLINICAL_MAPPING_YAML } from '@oncoatlas/synth';
import { headerFacts, studyHeader, type HeaderFacts } from '../files/header-facts.ts';
import type { CdmData } from '../patients/patient-view.ts';
import { versionFacts, type MemberPatient } from './version-facts.ts';

/** The synthetic hospital's DICOM headers, by patient (files that are not DICOM, or are corrupt, are skipped). */
function headersByPatient(pacs: string): Map<string, HeaderFacts[]> {
  const out = new Map<string, HeaderFacts[]>();
  for (const e of readdirSync(pacs, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name === 'DICOMDIR') continue;
    let h: HeaderFacts;
    try { h = headerFacts(join(e.parentPath, e.name)); } catch { continue; }
    if (h.patientId === null) continue;
    out.set(h.patientId, [...(out.get(h.patientId) ?? []), h]);
  }
  return out;
}

const IMAGING: readonly [ValueSetName, keyof GeneratedFacts & ('modalities' | 'bodyParts' | 'manufacturers'), string, (h: HeaderFacts) => string | null][] = [
  ['manufacturer', 'manufacturers', 'eucaim:hasEquipmentManufacturer', (h) => h.manufacturer],
  ['body_part', 'bodyParts', 'eucaim:hasImageBodyPart', (h) => h.bodyPart],
  ['modality', 'modalities', 'eucaim:hasImageModality', (h) => h.modality],
];

const hasEucaim = (c: CodedCount | undefined): boolean => c?.codings.some((x) => x.system === 'EUCAIM') ?? false;

// Seed 'catalogue' plants sex typos and ICD-10 written as `c341`; seed '7' an empty sex and withdrawn consent.
for (const seed of ['catalogue', '7']) test(`every value the synthetic hospital writes (seed ${seed}) maps to a EUCAIM code in the catalogue facts, or is reported`, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-values-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: dir, studies: 160, seed });
  const headers = headersByPatient(join(dir, 'pacs'));

  const tables: ClinicalTable[] = [];
  for (const file of ['patients.csv', 'diagnosticos.xlsx', 'outcomes.csv']) tables.push(...await readClinicalFile(join(dir, 'clinical', file)));
  const mapping = parseMapping(SYNTHETIC_CLINICAL_MAPPING_YAML, CLINICAL_MAPPING_FILE);
  const cdm = transformToCdm(tables, mapping, {
    pseudonymOf: (id) => id, datePolicy: (date) => date, imagedPatientIds: [...headers.keys()],
  });
  // As a release reads them back: the CDM records as stored, JSON.
  const stored = JSON.parse(JSON.stringify(cdm.records)) as Record<'patient' | 'cancer_condition', CdmData[]>;
  const rowsOf = (table: 'patient' | 'cancer_condition', id: string): CdmData[] => stored[table].filter((r) => r.patient_id === id);
  const patients: MemberPatient[] = [...new Set([...headers.keys(), ...cdm.records.patient.map((r) => r.patient_id)])].map((id) => ({
    cdm: new Map([['patient', rowsOf('patient', id)], ['cancer_condition', rowsOf('cancer_condition', id)]]),
    studies: headers.has(id) ? [studyHeader(id, headers.get(id)!)] : [],
  }));
  const facts = versionFacts(patients, 1);
  const unmapped = unmappedValues({ ...facts, counts: { patients: 0, studies: 0, series: 0, instances: 0, bytes: 0 }, clinicalTables: [], pseudonymised: true, manifestSha256: '' });
  const reported = (property: string, value: string): boolean => unmapped.some((u) => u.property === property && u.value === value);

  // Imaging: each distinct value as written, through the value sets, to the facts.
  const outcome: Record<string, Record<string, string>> = {};
  for (const [set, key, property, pick] of IMAGING) {
    outcome[set] = {};
    const written = new Set([...headers.values()].flat().map(pick).filter((v): v is string => v !== null));
    for (const raw of written) {
      const found = lookupValue(set, raw);
      const value = found.ok ? found.coded.value : raw.trim();
      const fact = facts[key].find((c) => c.value === value);
      assert.ok(fact && fact.count > 0, `${set} ${raw} is counted`);
      if (hasEucaim(fact)) outcome[set]![raw] = `${value} ${fact.codings.find((c) => c.system === 'EUCAIM')!.code}`;
      else {
        assert.ok(reported(property, value), `${set} ${raw}: neither coded nor reported`);
        outcome[set]![raw] = `${value} reported`;
      }
    }
  }
  // What the hospital writes, and what becomes of it (codes from the EUCAIM reference notes only).
  assert.deepEqual(outcome.manufacturer, {
    SIEMENS: 'Siemens IMG1000044', 'GE MEDICAL SYSTEMS': 'GE IMG1000047', Philips: 'Philips IMG1000046',
    'Philips Medical Systems': 'Philips IMG1000046', CANON_MEC: 'Canon IMG1000050', AGFA: 'Agfa reported', 'Hologic, Inc.': 'Hologic reported',
  });
  assert.deepEqual(outcome.body_part, {
    CHEST: 'CHEST BP1000067', PROSTATE: 'PROSTATE BP1000021', BREAST: 'BREAST BP1000136', ABDOMEN: 'ABDOMEN reported', WHOLEBODY: 'WHOLEBODY reported',
  });
  for (const m of ['CT', 'MR', 'PT', 'MG', 'US']) assert.match(outcome.modality![m] ?? '', /^\w+ IMG\d+$/, m);
  for (const m of Object.keys(outcome.modality!).filter((x) => !['CT', 'MR', 'PT', 'MG', 'US'].includes(x))) assert.equal(outcome.modality![m], `${m} reported`);

  // Clinical: each distinct cell of the sex and diagnosis columns, through the mapping and the value sets, to
  // the facts; a cell that is no value of its set (the `Unkown` typo, an empty sex) is a QC finding instead.
  const columnOf = (source: string, column: string): ColumnMapping => mapping.tables.find((x) => x.source === source)!.columns.find((c) => c.column === column)!;
  const clinical = [
    ['patients.csv', 'Sexo', 'sex', 'sex', 'eucaim:hasBirthSex', (key: string) => key],
    ['diagnosticos.xlsx#Diagnósticos', 'CIE10', 'icd10', 'conditions', 'eucaim:hasCondition', (key: string) => key.slice(0, 3)],
  ] as const;
  const unresolved: string[] = [];
  for (const [source, column, set, key, property, factValue] of clinical) {
    const mapped = columnOf(source, column);
    const rows = tables.find((x) => x.name === source)!.rows.map((r) => r[column] ?? '');
    for (const raw of new Set(rows)) {
      const local = mapped.values.get(normalizeLocal(raw));
      const found = lookupValue(set, raw);
      const value = local ?? (found.ok ? found.coded.value : null);
      if (value === null) {
        unresolved.push(`${column} ${raw}`);
        // Rows are numbered from 1, as the findings name them.
        const flagged = new Set(cdm.findings.filter((f) => f.table === source && f.column === column).map((f) => f.row));
        assert.ok(rows.every((cell, i) => cell !== raw || flagged.has(i + 1)), `${column} ${JSON.stringify(raw)}: no value, and not every such cell is a QC finding`);
        continue;
      }
      const fact = facts[key].find((c) => c.value === factValue(value));
      assert.ok(fact && fact.count > 0, `${column} ${raw} is counted`);
      assert.ok(hasEucaim(fact) || reported(property, fact.value), `${column} ${raw}: neither coded nor reported`);
    }
  }
  assert.ok(unresolved.length > 0, 'the planted typos are checked too');
  assert.deepEqual(facts.conditions.filter((c) => !hasEucaim(c)).map((c) => c.value), ['C20'], 'rectum: no hyperontology code in the notes');
  assert.deepEqual(unmapped.filter((u) => u.property === 'eucaim:hasCondition').map((u) => u.value), ['C20']);
});
