import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parseMapping, validateMapping } from './parse-mapping.ts';

const VALID_YAML = `version: 1
dates:
  day_first: true
tables:
  patients:
    source: patients.csv
    entity: patient
    patient_key: NHC
    consent:
      column: Consentimiento
      withdrawn: [Revocado]
    columns:
      Sexo:
        field: birth_sex
        required: warning
        values: { H: male, D: female, NC: null }
      Fecha nacimiento: { field: birth_date, two_digit_year_pivot: 20 }
      Edad: { field: age_at_diagnosis, unit: años }
  dx:
    source: "dx.xlsx#Hoja 1"
    entity: cancer_condition
    patient_key: NHC
    columns:
      CIE10: { field: code, required: true, values: { Pulmón: C34.9 } }
      cT: { field: tnm_t, basis: clinical }
`;

/** The problems of a mapping text, as `line: path: message`. */
function problems(text: string): string[] {
  const r = validateMapping(text, 'm.yaml');
  assert.equal(r.mapping, null, 'expected problems');
  return r.problems.map((p) => `${p.line}: ${p.path}: ${p.message}`);
}

test('a valid YAML mapping parses into tables, columns, value maps, units and date formats', () => {
  const m = parseMapping(VALID_YAML, 'm.yaml');
  assert.equal(m.file, 'm.yaml');
  assert.deepEqual(m.tables.map((t) => [t.id, t.source, t.entity, t.patientKey.column, t.onePerPatient]), [
    ['patients', 'patients.csv', 'patient', 'NHC', true],
    ['dx', 'dx.xlsx#Hoja 1', 'cancer_condition', 'NHC', false],
  ]);
  const [patients, dx] = m.tables;
  assert.deepEqual([...patients!.consent!.withdrawn], ['revocado']);
  const sex = patients!.columns.find((c) => c.column === 'Sexo')!;
  assert.equal(sex.field, 'birth_sex');
  assert.equal(sex.required, 'warning');
  assert.equal(sex.line, 13);
  assert.deepEqual([...sex.values], [['h', 'male'], ['d', 'female'], ['nc', null]]);
  assert.deepEqual(patients!.columns.find((c) => c.field === 'birth_date')!.dateFormat, { dayFirst: true, twoDigitYearPivot: 20 });
  assert.equal(patients!.columns.find((c) => c.field === 'age_at_diagnosis')!.unit, 'years');
  assert.equal(dx!.columns.find((c) => c.field === 'code')!.required, 'error');
  assert.deepEqual([...dx!.columns.find((c) => c.field === 'code')!.values], [['pulmon', 'C34.9']]);
  assert.equal(dx!.columns.find((c) => c.field === 'tnm_t')!.basis, 'c');
});

test('a JSON mapping parses the same way, with line numbers in its errors', () => {
  const json = JSON.stringify({
    version: 1,
    dates: { day_first: false },
    tables: { outcomes: { source: 'outcomes.csv', entity: 'follow_up', patient_key: 'id', columns: { last: 'date_of_last_contact', vital: { field: 'vital_status' } } } },
  }, null, 2);
  const m = parseMapping(json, 'm.json');
  assert.deepEqual(m.tables[0]!.columns.map((c) => [c.column, c.field, c.dateFormat?.dayFirst ?? null]), [['last', 'date_of_last_contact', false], ['vital', 'vital_status', null]]);
  const broken = json.replace('"vital_status"', '"vitalstatus"');
  assert.deepEqual(problems(broken), ['14: tables.outcomes.columns.vital: unknown CDM field "vitalstatus" (did you mean "vital_status"?)']);
});

test('an unknown field is reported at its line with the closest field name', () => {
  const text = VALID_YAML.replace('field: birth_sex', 'field: gendr');
  assert.deepEqual(problems(text), ['14: tables.patients.columns.Sexo: unknown CDM field "gendr" (did you mean "gender"?)']);
  const err = (() => { try { parseMapping(text, 'mapping.yaml'); } catch (e) { return e; } })();
  assert.ok(isOncoAtlasError(err, 'CLINICAL_MAPPING_INVALID'));
  assert.equal(err.message, 'mapping.yaml has 1 problem:\nmapping.yaml:14: tables.patients.columns.Sexo: unknown CDM field "gendr" (did you mean "gender"?)');
  assert.equal(err.details.line, 14);
});

test('every problem of a file is reported at once, each at its own line', () => {
  const text = `version: 2
tabels: {}
tables:
  patients:
    source: patients.csv
    entity: patients
    columns:
      Sexo: sex
  dx:
    source: dx.csv
    entity: cancer_condition
    patient_key: NHC
    columns:
      Nacimiento: birth_date
      CIE10: { field: code, unit: cm, requird: true }
      Fecha: asserted_date
      Tamaño: { field: tumor_size, unit: milimeters }
      Talla: tumor_size
      T: { field: tnm_t, basis: radiological }
`;
  assert.deepEqual(problems(text), [
    '2: tabels: unknown key "tabels" (did you mean "tables"?); expected one of version, dates, qc, tables',
    '1: version: must be 1, the only mapping format this version reads',
    '6: tables.patients.entity: unknown CDM entity "patients" (did you mean "patient"?); expected one of patient, cancer_condition, treatment, procedure, follow_up, image_study, image_series',
    '5: tables.patients.patient_key: is required: the column holding the hospital patient ID',
    '14: tables.dx.columns.Nacimiento: unknown CDM field "birth_date" (it is a field of patient; this table feeds cancer_condition)',
    '15: tables.dx.columns.CIE10.requird: unknown key "requird" (did you mean "required"?); expected one of field, required, values, unit, unit_column, day_first, two_digit_year_pivot, basis',
    '15: tables.dx.columns.CIE10.unit: does not apply to field "code" (value set icd10)',
    '16: tables.dx.columns.Fecha: a date column needs day_first (here or under dates:): is 05/06/2020 the 5th of June?',
    '17: tables.dx.columns["Tamaño"].unit: unknown unit "milimeters"; expected one of mm, cm',
    '18: tables.dx.columns.Talla: field "tumor_size" is already fed by column "Tamaño" (line 17)',
    '19: tables.dx.columns.T.basis: must be clinical or pathological',
  ]);
});

test('value maps must point into the value set, with a suggestion for enumerated sets', () => {
  const text = VALID_YAML.replace('H: male', 'H: mael').replace('Pulmón: C34.9', 'Pulmón: C3');
  assert.deepEqual(problems(text), [
    '16: tables.patients.columns.Sexo.values.H: "mael" is not in value set sex (did you mean "male"?); expected one of male, female, other, unknown, or null for "no value"',
    '24: tables.dx.columns.CIE10.values["Pulmón"]: "C3" is not in value set icd10 written in standard form, or null for "no value"',
  ]);
  const clash = VALID_YAML.replace('D: female', 'h: female');
  assert.deepEqual(problems(clash), ['16: tables.patients.columns.Sexo.values.h: reads the same as another local value here (case and accents are ignored) but maps elsewhere']);
});

test('qc severities are checked, and withdrawn consent cannot be made a warning', () => {
  const text = `${VALID_YAML}qc:
  severity:
    plausibility.date_order: error
    plausibility.age_rnage: error
    consent.withdrawn: warning
    uniqueness.duplicate_row: fatal
`;
  assert.deepEqual(problems(text), [
    '29: qc.severity["plausibility.age_rnage"]: unknown check "plausibility.age_rnage" (did you mean "plausibility.age_range"?)',
    '30: qc.severity["consent.withdrawn"]: cannot be lowered: rows of a patient who withdrew consent are never released',
    '31: qc.severity["uniqueness.duplicate_row"]: must be error or warning',
  ]);
  const ok = parseMapping(`${VALID_YAML}qc:\n  severity:\n    plausibility.date_order: error\n`);
  assert.deepEqual(ok.severity, { 'plausibility.date_order': 'error' });
});

test('YAML syntax errors and duplicate keys are reported with their line', () => {
  assert.deepEqual(problems('version: 1\ntables:\n  patients:\n    source: a\n   entity: b\n'), ['5: (file): not valid YAML/JSON: All mapping items must start at the same column']);
  const duplicate = problems(VALID_YAML.replace('      Edad:', '      Sexo: gender\n      Edad:'));
  assert.equal(duplicate.length, 1);
  assert.match(duplicate[0]!, /^18: \(file\): not valid YAML\/JSON: Map keys must be unique/);
  assert.throws(() => parseMapping('version: 1\ntables: [\n', 'broken.yaml'), (e: unknown) => isOncoAtlasError(e, 'CLINICAL_MAPPING_INVALID') && e.details.file === 'broken.yaml');
});

test('consent belongs on the patient table; a table needs columns', () => {
  const text = `version: 1
tables:
  dx:
    source: dx.csv
    entity: cancer_condition
    patient_key: NHC
    consent: { column: C, withdrawn: [] }
    columns: {}
`;
  assert.deepEqual(problems(text), [
    '7: tables.dx.consent: belongs on the table that feeds the patient entity',
    '7: tables.dx.consent.withdrawn: must be a non-empty list',
    '8: tables.dx.columns: must map at least one column',
  ]);
});
