import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFhirBundle } from './fhir-bundle.ts';
import { assertNoPlanted, fixtureDir, throwsOnco } from './test-support.ts';

const { write } = fixtureDir();
const json = (name: string, doc: unknown): string => write(name, JSON.stringify(doc, null, 2));

const ICD10 = 'http://hl7.org/fhir/sid/icd-10';
const ICDO3 = 'http://terminology.hl7.org/CodeSystem/icd-o-3';
const U1 = 'urn:uuid:6f1c2a9e-0b7d-4c1e-9a51-3d2f7e8b9c01';
const U2 = 'urn:uuid:0d7a4b3c-2e1f-4a6b-8c9d-1e2f3a4b5c6d';

function bundle(): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      // A Condition before its Patient: references resolve regardless of order.
      {
        fullUrl: 'urn:uuid:c1',
        resource: {
          resourceType: 'Condition', id: 'cond-1', subject: { reference: U1 },
          code: { coding: [{ system: ICD10, code: 'C50.9', display: 'Malignant neoplasm of breast, unspecified' }, { system: ICDO3, code: '8500/3', display: 'Infiltrating duct carcinoma' }] },
          bodySite: [{ coding: [{ system: ICDO3, code: 'C50.4', display: 'Upper-outer quadrant of breast' }] }],
          onsetDateTime: '2021-02-11',
          stage: [{ summary: { coding: [{ system: 'http://cancerstaging.org', code: 'IIA' }] } }, { summary: { text: 'pT2N0' } }],
        },
        request: { method: 'POST', url: 'Condition' },
      },
      { fullUrl: U1, resource: { resourceType: 'Patient', identifier: [{ system: 'urn:oid:1.2.3', value: 'NHC-99817' }], name: [{ family: 'Quimbalete', given: ['Xabiertxo'] }], gender: 'female', birthDate: '1961-05-23', deceasedBoolean: false } },
      { fullUrl: U2, resource: { resourceType: 'Patient', id: 'p2', gender: 'male', birthDate: '1955-01-01', deceasedDateTime: '2023-07-01T10:00:00+02:00' } },
      { resource: { resourceType: 'Observation', id: 'obs-1', status: 'final', subject: { reference: U1 }, code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] }, valueQuantity: { value: 70.5, unit: 'kg' }, effectiveDateTime: '2021-02-01' } },
      { resource: { resourceType: 'Observation', id: 'obs-2', status: 'final', subject: { reference: 'Patient/p2' }, code: { text: 'ER status' }, valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '416053008', display: 'Estrogen receptor positive' }] } } },
      { resource: { resourceType: 'Observation', id: 'obs-3', status: 'final', subject: { reference: 'https://fhir.example.org/Patient/p9/_history/2' }, code: { coding: [{ code: 'note' }] }, valueString: 'Grado 2', effectivePeriod: { start: '2021-03-01' } } },
      { resource: { resourceType: 'Procedure', id: 'proc-1', status: 'completed', subject: { reference: U2 }, code: { coding: [{ system: 'http://snomed.info/sct', code: '392021009', display: 'Lumpectomy' }] }, performedPeriod: { start: '2021-03-15T08:00:00Z', end: '2021-03-15T10:00:00Z' } } },
      { resource: { resourceType: 'Procedure', id: 'proc-2', status: 'completed', subject: { reference: 'urn:uuid:not-in-bundle' }, code: { coding: [{ code: 'X' }] }, performedDateTime: '2021-04-01' } },
      { resource: { resourceType: 'Encounter', id: 'enc-1', status: 'finished', subject: { reference: U1 } } },
      { resource: { resourceType: 'Encounter', id: 'enc-2', status: 'finished' } },
      { request: { method: 'DELETE', url: 'Patient/old' } },
    ],
  };
}

test('a bundle becomes Patient, Condition, Observation and Procedure tables joined on patient id', () => {
  const path = json('bundle.json', bundle());
  const tables = readFhirBundle(path);
  assert.deepEqual(tables.map((t) => t.name), ['Patient', 'Condition', 'Observation', 'Procedure']);
  const [patients, conditions, observations, procedures] = tables;
  assert.deepEqual(patients.source, { format: 'fhir', encoding: 'utf-8', path });
  assert.deepEqual(patients.rows, [
    { id: '6f1c2a9e-0b7d-4c1e-9a51-3d2f7e8b9c01', identifier_system: 'urn:oid:1.2.3', identifier: 'NHC-99817', gender: 'female', birth_date: '1961-05-23', deceased: 'false', deceased_date: '' },
    { id: 'p2', identifier_system: '', identifier: '', gender: 'male', birth_date: '1955-01-01', deceased: 'true', deceased_date: '2023-07-01T10:00:00+02:00' },
  ]);
  assert.deepEqual(conditions.rows[0], {
    id: 'cond-1', patient: '6f1c2a9e-0b7d-4c1e-9a51-3d2f7e8b9c01', code_system: ICD10, code: 'C50.9', display: 'Malignant neoplasm of breast, unspecified',
    icd10_code: 'C50.9', icd10_display: 'Malignant neoplasm of breast, unspecified', icdo3_topography: 'C50.4', icdo3_morphology: '8500/3',
    onset: '2021-02-11', stage_system: 'http://cancerstaging.org', stage_code: 'IIA', stage_display: '',
    body_site_system: ICDO3, body_site_code: 'C50.4', body_site_display: 'Upper-outer quadrant of breast',
  });
  assert.deepEqual(observations.rows.map((r) => [r.patient, r.code, r.display, r.value, r.unit, r.value_code, r.value_display, r.effective]), [
    ['6f1c2a9e-0b7d-4c1e-9a51-3d2f7e8b9c01', '29463-7', 'Body weight', '70.5', 'kg', '', '', '2021-02-01'],
    ['p2', '', 'ER status', '', '', '416053008', 'Estrogen receptor positive', ''],
    ['p9', 'note', '', 'Grado 2', '', '', '', '2021-03-01'],
  ]);
  assert.deepEqual(procedures.rows.map((r) => [r.id, r.patient, r.status, r.code, r.performed]), [
    ['proc-1', 'p2', 'completed', '392021009', '2021-03-15T08:00:00Z'],
    ['proc-2', '', 'completed', 'X', '2021-04-01'],
  ]);
  assert.deepEqual(patients.warnings, ['1 entries without a resource skipped', '2 entries of unsupported types skipped: Encounter']);
  assert.deepEqual(conditions.warnings, ['1 Condition(s) have more than one stage; only the first is read']);
  assert.deepEqual(observations.warnings, []);
  assert.deepEqual(procedures.warnings, ['1 subject reference(s) are not a Patient/<id> reference nor a Patient in the bundle; patient left empty: entry[7] (Procedure)']);
  for (const t of tables) for (const w of t.warnings) assertNoPlanted(w);
});

test('a single resource is read as a one-row table; an empty bundle gives no table', () => {
  const [t] = readFhirBundle(json('patient.json', { resourceType: 'Patient', id: 'p1', gender: 'other' }));
  assert.equal(t.name, 'Patient');
  assert.equal(t.rows[0].gender, 'other');
  assert.deepEqual(readFhirBundle(json('empty.json', { resourceType: 'Bundle', type: 'searchset', total: 0 })), []);
});

test('invalid documents are FHIR_INVALID naming entry and field, never values', () => {
  const cases: [string, unknown, RegExp][] = [
    ['no-type.json', { id: 'x', name: 'Quimbalete' }, /has no resourceType/],
    ['array.json', [{ resourceType: 'Patient' }], /not an object/],
    ['encounter.json', { resourceType: 'Encounter', id: 'e' }, /is a resource of type Encounter; supported/],
    ['weird-type.json', { resourceType: 'Quimbalete Pérez' }, /is not a FHIR resource type/],
    ['history.json', { resourceType: 'Bundle', type: 'history', entry: [] }, /a history Bundle/],
    ['only-encounters.json', { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Encounter' } }] }, /holds no Patient, Condition, Observation or Procedure entries \(1 entries of unsupported types skipped: Encounter\)/],
    ['entry-not-array.json', { resourceType: 'Bundle', type: 'collection', entry: { resource: {} } }, /Bundle\.entry is not a JSON array/],
  ];
  const b = (resource: unknown) => ({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p1' } }, { resource }] });
  cases.push(
    ['no-subject.json', b({ resourceType: 'Condition', code: { text: 'Quimbalete' } }), /entry\[1\] \(Condition\) has no subject\.reference/],
    ['obs-no-code.json', b({ resourceType: 'Observation', subject: { reference: 'Patient/p1' } }), /entry\[1\] \(Observation\) has no code/],
    ['bad-birth.json', b({ resourceType: 'Patient', id: 'p2', birthDate: 19610523 }), /entry\[1\] \(Patient\) has birthDate that is not a string/],
    ['bad-coding.json', b({ resourceType: 'Condition', subject: { reference: 'Patient/p1' }, code: { coding: { code: 'C50.9' } } }), /has code\.coding that is not a JSON array/],
    ['bad-value.json', b({ resourceType: 'Observation', subject: { reference: 'Patient/p1' }, code: { text: 'w' }, valueQuantity: { value: 'Pérez' } }), /valueQuantity\.value that is not a number/],
    ['no-resource-type.json', b({ id: 'Quimbalete' }), /entry\[1\] has a resource without resourceType/],
    ['patient-no-id.json', b({ resourceType: 'Patient', name: [{ family: 'Urrutikoetxea' }] }), /entry\[1\] \(Patient\) has no id/],
  );
  for (const [name, doc, message] of cases) {
    const err = throwsOnco(() => readFhirBundle(json(name, doc)), 'FHIR_INVALID');
    assert.match(err.message, message, name);
  }
});

test('invalid JSON is FHIR_INVALID with a position, not the text around it', () => {
  const err = throwsOnco(() => readFhirBundle(write('broken.json', '{"resourceType": "Patient",\n "name": Quimbalete Pérez}')), 'FHIR_INVALID');
  assert.match(err.message, /broken\.json is not valid JSON/);
  throwsOnco(() => readFhirBundle(write('cut.json', '{"resourceType": "Patient", "name": "Quimbalete')), 'FHIR_INVALID');
  throwsOnco(() => readFhirBundle(write('missing.json', '')), 'FHIR_INVALID');
});

test('a Windows-1252 bundle is read with a warning', () => {
  const text = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Procedure', status: 'completed', subject: { reference: 'Patient/p1' }, code: { text: 'Biopsia de mama' } } }] })
    .replace('Biopsia', 'Biopsía');
  const [t] = readFhirBundle(write('latin.json', Buffer.from(text, 'latin1')));
  assert.equal(t.rows[0].display, 'Biopsía de mama');
  assert.deepEqual(t.warnings, ['the file is windows-1252, not UTF-8 as FHIR requires; it was read as windows-1252']);
});
