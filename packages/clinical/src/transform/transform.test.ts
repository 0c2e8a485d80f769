import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parseMapping } from '../mapping/parse-mapping.ts';
import { formatQcReport, qcReport } from '../qc/report.ts';
import type { DateContext } from './records.ts';
import { transformToCdm, type SourceTable, type TransformOptions } from './transform.ts';

const MAPPING = `version: 1
dates: { day_first: true, two_digit_year_pivot: 30 }
tables:
  patients:
    source: pat.csv
    entity: patient
    patient_key: ID
    consent: { column: Consent, withdrawn: ["No"] }
    columns:
      Sex: { field: birth_sex, required: warning, values: { H: male } }
      Born: { field: birth_date, required: error }
      Age: { field: age_at_diagnosis, unit: years }
  dx:
    source: "dx.xlsx#Dx"
    entity: cancer_condition
    patient_key: ID
    columns:
      Date: asserted_date
      ICD: { field: code, required: error }
      Topo: topography
      T: tnm_t
      Stage: stage_group
      Size: { field: tumor_size, unit: mm }
  tx:
    source: tx.csv
    entity: treatment
    patient_key: ID
    columns:
      Type: treatment_type
      Start: start_date
      End: end_date
      Drug: medication
      Dose: { field: dose, unit: Gy }
  fu:
    source: fu.csv
    entity: follow_up
    patient_key: ID
    columns:
      Seen: date_of_last_contact
      Status: vital_status
      Died: death_date
`;

function table(name: string, text: string): SourceTable {
  const [header, ...lines] = text.trim().split('\n').map((l) => l.split('|').map((c) => c.trim()));
  return { name, columns: header!, rows: lines.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? '']))) };
}

const TABLES = [
  table('pat.csv', `
ID     | Name              | Sex    | Born       | Age     | Consent
P-0001 | ZARAGOZA-SECRET-A | H      | 12/03/1950 | 70      | Sí
P-0001 | ZARAGOZA-SECRET-A | H      | 12/03/1950 | 70      | Sí
P-0002 | MURCIA-SECRET-B   | Unkown | 1960-01-05 | 21915 d | Sí
P-0003 | TOLEDO-SECRET-C   | F      |            | 50      | Sí
P-0004 | LLEIDA-SECRET-D   | F      | 03/04/1955 | 63      | No
P-0005 | SORIA-SECRET-E    | M      | 07/08/1961 | 58      | Sí
P-0005 | SORIA-SECRET-E    | F      | 07/08/1961 | 58      | Sí
P-0006 | CUENCA-SECRET-F   | M      | 01/01/1950 | 40      | Sí`),
  table('dx.xlsx#Dx', `
ID     | Date       | ICD   | Topo  | T   | Stage | Size
P-0001 | 2020-06-01 | c341  | C34.1 | cT2 | IIA   | 2,3 cm
P-0002 | 15/02/2020 | C50.9 | C50.4 | T9  | IV    | 15 mm
P-0003 | 2019-01-01 | C61   | C61.9 | T1  | IA    | 10 mm
P-0004 | 2019-01-01 | C18.7 | C18.7 | T1  | IA    | 10 mm
P-9999 | 2019-01-01 | C18.7 | C18.7 | T1  | IA    | 10 mm
P-0006 | 2020-01-01 | C20   | C20.9 | T1  | IA    | 10 mm`),
  table('tx.csv', `
ID     | Type          | Start      | End        | Drug       | Dose
P-0001 | Radioterapia  | 01/07/2020 | 01/06/2020 |            | 6000 cGy
P-0001 | Quimioterapia | 01/07/2020 |            | Cisplatino | 75 mg/m2
P-0002 | Cirugía       | 01/01/1950 |            |            |`),
  table('fu.csv', `
ID     | Seen       | Status | Died
P-0001 | 30-06-24   | Exitus | 2023-11-15
P-0002 | 2024-06-30 | Vivo   |`),
];

const ps = (id: string): string => `ps-${createHash('sha256').update(id).digest('hex').slice(0, 10)}`;

function run(extra: Partial<TransformOptions> = {}, mappingText = MAPPING) {
  const calls: DateContext[] = [];
  const result = transformToCdm(TABLES, parseMapping(mappingText), {
    pseudonymOf: ps,
    datePolicy: (date, ctx) => { calls.push(ctx); return date.slice(0, 4); },
    imagedPatientIds: ['P-0001', ' P-0002 ', 'P-7777'],
    ...extra,
  });
  return { result, calls };
}

const found = (r: ReturnType<typeof run>['result'], check: string): string[] =>
  r.findings.filter((f) => f.check === check).map((f) => `${f.patient === null ? '-' : Object.entries(IDS).find(([, p]) => p === f.patient)?.[0]} ${f.table ?? '-'}#${f.row ?? '-'} ${f.column ?? '-'} ${f.severity}`);
const IDS = Object.fromEntries(['P-0001', 'P-0002', 'P-0003', 'P-0004', 'P-0005', 'P-0006', 'P-9999', 'P-7777'].map((id) => [id, ps(id)]));

test('rows become CDM records keyed by pseudonym, with codes, converted units and the date policy applied', () => {
  const { result, calls } = run();
  const r = result.records;
  assert.deepEqual(r.patient.map((p) => p.patient_id), [IDS['P-0001'], IDS['P-0002'], IDS['P-0006']]);
  const a = r.patient[0]!;
  assert.equal(a.patient_birth_sex?.value, 'male');
  assert.equal(a.patient_birth_date, '1950');
  assert.equal(a.patient_age_at_diagnosis, 70);
  assert.equal(a.patient_deceased, true, 'from the follow-up');
  assert.equal(a.patient_date_of_last_contact, '2024');
  assert.equal(r.patient[1]!.patient_birth_sex, null, '"Unkown" stays unmapped');
  assert.equal(r.patient[1]!.patient_age_at_diagnosis, 60, '21915 days in years, one decimal');

  const dx = r.cancer_condition[0]!;
  assert.equal(dx.cancer_condition_id, `${IDS['P-0001']}-D01`);
  assert.equal(dx.cancer_condition_code?.value, 'C34.1');
  assert.deepEqual(dx.cancer_condition_concept?.codings, [{ system: 'SNOMEDCT', code: '363358000' }, { system: 'EUCAIM', code: 'CLIN1000065' }]);
  assert.equal(dx.cancer_condition_asserted_date, '2020');
  assert.deepEqual(r.cancer_stage.filter((s) => s.cancer_condition_id === dx.cancer_condition_id).map((s) => [s.code, s.as_concept.value]), [['cT', 'T2'], ['stage_group', 'IIA']]);
  assert.deepEqual(r.tumor.map((t) => t.tumor_size_mm), [23, 15, 10]);
  assert.equal(r.tumor[0]!.body_site?.value, 'LUNG', 'from the topography');

  assert.deepEqual(r.treatment.map((t) => [t.treatment_id, t.treatment_subtype, t.episode_id]), [
    [`${IDS['P-0001']}-TX01`, 'radiotherapy', `${IDS['P-0001']}-E02`],
    [`${IDS['P-0001']}-TX02`, 'medication_administration', `${IDS['P-0001']}-E03`],
    [`${IDS['P-0002']}-TX01`, 'surgical_procedure', `${IDS['P-0002']}-E02`],
  ]);
  assert.deepEqual(r.radiotherapy.map((x) => x.radiotherapy_dose_gy), [60]);
  assert.deepEqual(r.medication_administration.map((x) => [x.medication, x.medication_dose_value, x.medication_dose_unit]), [['Cisplatino', 75, 'mg/m2']]);
  assert.deepEqual(r.episode.filter((e) => e.patient_id === IDS['P-0001']).map((e) => [e.episode_type_code, e.episode_number, e.episode_parent_id]), [
    ['Diagnosis', 1, null], ['Treatment', 2, `${IDS['P-0001']}-E01`], ['Treatment', 3, `${IDS['P-0001']}-E01`],
  ]);
  assert.deepEqual(r.follow_up.map((f) => [f.vital_status?.value, f.death_date]), [['dead', '2023'], ['alive', null]]);
  assert.deepEqual(calls[0], { patientId: 'P-0001', pseudonym: IDS['P-0001'], entity: 'patient', field: 'birth_date' });
  assert.ok(calls.every((c) => c.patientId !== 'P-0003' && c.patientId !== 'P-0004'), 'excluded patients are not rendered');
});

test('each source row has an outcome: kept, merged into the row it repeats, or excluded with the checks why', () => {
  const { result } = run();
  const outcome = (table: string, row: number) => {
    const o = result.outcomes.find((x) => x.table === table && x.row === row)!;
    return [o.status, o.reasons.join(','), o.mergedInto];
  };
  assert.deepEqual(outcome('pat.csv', 1), ['kept', '', null]);
  assert.deepEqual(outcome('pat.csv', 2), ['merged', 'uniqueness.duplicate_row', 1]);
  assert.deepEqual(outcome('pat.csv', 4), ['excluded', 'completeness.required_field', null]);
  assert.deepEqual(outcome('dx.xlsx#Dx', 3), ['excluded', 'completeness.required_field', null], 'the patient\'s exclusion reaches every table');
  assert.deepEqual(outcome('pat.csv', 5), ['excluded', 'consent.withdrawn', null]);
  assert.deepEqual(outcome('dx.xlsx#Dx', 4), ['excluded', 'consent.withdrawn', null]);
  assert.deepEqual(outcome('pat.csv', 6), ['excluded', 'uniqueness.conflicting_duplicate', null]);
  assert.deepEqual(outcome('pat.csv', 7), ['excluded', 'uniqueness.conflicting_duplicate', null]);
  assert.deepEqual(outcome('dx.xlsx#Dx', 5), ['excluded', 'linkage.orphan_record', null]);
  assert.deepEqual(result.outcomes.find((o) => o.table === 'pat.csv' && o.row === 1)!.records, [IDS['P-0001']]);
  assert.deepEqual(result.excludedPatients.map((p) => p.patient).sort(), [IDS['P-0003'], IDS['P-0004'], IDS['P-0005']].sort());
});

test('QC findings name the patient by pseudonym, the row by number and the column by header', () => {
  const { result } = run();
  assert.deepEqual(found(result, 'conformance.code_format'), ['P-0001 dx.xlsx#Dx#1 ICD warning']);
  assert.deepEqual(found(result, 'conformance.value_set'), ['P-0002 pat.csv#3 Sex warning', 'P-0002 dx.xlsx#Dx#2 T warning']);
  assert.deepEqual(found(result, 'plausibility.age_unit'), ['P-0002 pat.csv#3 Age warning']);
  assert.deepEqual(found(result, 'plausibility.unit'), ['P-0001 dx.xlsx#Dx#1 Size warning', 'P-0001 tx.csv#1 Dose warning']);
  assert.deepEqual(found(result, 'plausibility.date_order').sort(), ['P-0001 fu.csv#1 Seen warning', 'P-0001 tx.csv#1 End warning', 'P-0002 tx.csv#3 Start warning']);
  assert.deepEqual(found(result, 'validity.two_digit_year'), ['P-0001 fu.csv#1 Seen warning']);
  assert.deepEqual(found(result, 'plausibility.age_mismatch'), ['P-0006 pat.csv#8 Age warning']);
  assert.deepEqual(found(result, 'completeness.required_field'), ['P-0003 pat.csv#4 Born error']);
  assert.deepEqual(found(result, 'consent.withdrawn'), ['P-0004 pat.csv#5 Consent error']);
  assert.deepEqual(found(result, 'uniqueness.duplicate_row'), ['P-0001 pat.csv#2 - warning']);
  assert.deepEqual(found(result, 'conformance.unmapped_code'), ['P-0006 dx.xlsx#Dx#6 ICD warning']);
  assert.deepEqual(found(result, 'linkage.clinical_without_images'), ['P-0003 pat.csv#4 ID warning', 'P-0004 pat.csv#5 ID warning', 'P-0005 pat.csv#6 ID warning', 'P-0006 pat.csv#8 ID warning', 'P-9999 dx.xlsx#Dx#5 ID warning']);
  assert.deepEqual(found(result, 'linkage.images_without_clinical'), ['P-7777 -#- - warning']);
});

test('no finding, outcome, report or error carries a cell value', () => {
  const { result } = run();
  const report = qcReport(result, { maxExamples: 50 });
  const text = JSON.stringify([result.findings, result.outcomes, report]) + formatQcReport(report);
  for (const t of TABLES) {
    for (const row of t.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (['ID', 'Name', 'Born', 'Date', 'Start', 'End', 'Seen', 'Died'].includes(column) && value !== '') assert.ok(!text.includes(value), `${column} value leaked`);
      }
    }
  }
  assert.ok(!text.includes('SECRET'));
  assert.ok(!text.includes('Unkown') && !text.includes('21915') && !text.includes('c341'));
});

test('a mapping severity can make a warning check exclude rows', () => {
  const { result } = run({}, `${MAPPING}qc:\n  severity:\n    plausibility.date_order: error\n`);
  const o = result.outcomes.find((x) => x.table === 'tx.csv' && x.row === 1)!;
  assert.deepEqual([o.status, o.reasons], ['excluded', ['plausibility.date_order']]);
  assert.deepEqual(result.records.radiotherapy, []);
});

test('without the list of imaged patients, linkage is not checked', () => {
  const { result } = run({ imagedPatientIds: undefined });
  assert.equal(result.linkageChecked, false);
  assert.equal(result.findings.filter((f) => f.check.startsWith('linkage.') && f.check !== 'linkage.orphan_record').length, 0);
  assert.match(formatQcReport(qcReport(result)), /linkage with images not checked/);
});

test('a mapping that does not fit the tables is refused with the mapping\'s line numbers, all problems at once', () => {
  const text = MAPPING.replace('      Age: { field', '      Edad: { field').replace('source: fu.csv', 'source: followup.csv');
  assert.throws(() => transformToCdm(TABLES, parseMapping(text, 'm.yaml'), { pseudonymOf: ps, datePolicy: (d) => d }), (e: unknown) => {
    // The mapping itself is valid: it does not fit these tables (a renamed column, a missing export).
    assert.ok(isOncoAtlasError(e, 'CLINICAL_MAPPING_MISMATCH'));
    assert.deepEqual([e.details.file, e.details.problems], ['m.yaml', 2]);
    assert.equal(e.message, [
      'The mapping does not fit the clinical tables:',
      'm.yaml:12: tables.patients.columns.Edad: table "pat.csv" has no column "Edad"',
      'm.yaml:35: tables.fu.source: no table named "followup.csv" among the 4 given (add optional: true if it may be absent)',
    ].join('\n'));
    return true;
  });
  const optional = MAPPING.replace('source: fu.csv', 'source: followup.csv\n    optional: true');
  assert.equal(transformToCdm(TABLES, parseMapping(optional), { pseudonymOf: ps, datePolicy: (d) => d }).records.follow_up.length, 0);
});

test('image tables need the caller\'s UID de-identification', () => {
  const text = `version: 1
dates: { day_first: true }
tables:
  series:
    source: series.csv
    entity: image_series
    patient_key: ID
    columns:
      UID: series_uid
      Mod: modality
      Part: body_site
`;
  const series = table('series.csv', `
ID     | UID        | Mod | Part
P-0001 | 1.2.3.4    | TC  | CHEST
P-0001 | not-a-uid  | XA  | KNEE`);
  assert.throws(() => transformToCdm([series], parseMapping(text), { pseudonymOf: ps, datePolicy: (d) => d }), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
  const r = transformToCdm([series], parseMapping(text), { pseudonymOf: ps, datePolicy: (d) => d, uidOf: (uid) => `2.25.${uid.length}` });
  assert.deepEqual(r.records.image_series.map((s) => [s.series_uid, s.series_modality?.value ?? null, s.series_body_site?.value ?? null]), [['2.25.7', 'CT', 'CHEST'], [null, null, null]]);
  assert.deepEqual(r.findings.map((f) => `${f.check} ${f.row} ${f.column}`), ['conformance.value_set 2 UID', 'conformance.value_set 2 Mod', 'conformance.value_set 2 Part']);
});
