import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepOrSuppress } from '../hierarchy/derived-hierarchy.ts';
import { ageHierarchy } from '../hierarchy/age-hierarchy.ts';
import { tableHierarchy } from '../hierarchy/hierarchy.ts';
import { measureRisk } from '../measures/measure-risk.ts';
import { failingPatients, measurePatients } from './measure-patients.ts';
import { minimalGeneralisation } from './minimal-generalisation.ts';
import { PatientTable, type PatientRecord, type QuasiIdentifier } from './patient-record.ts';

const modality: QuasiIdentifier = { name: 'modality', hierarchy: tableHierarchy([['CT', 'CT'], ['MR', 'MR']]), groups: ['studies'] };
const sex: QuasiIdentifier = { name: 'sex', hierarchy: keepOrSuppress() };

const patient = (id: string, s: string, modalities: string[], treatments = 'surgery'): PatientRecord => ({
  id, values: { sex: s, treatments }, events: { studies: modalities.map((m) => ({ modality: m })) },
});

/*
 * Five women with one CT, five with one MR, and X, a woman with both. Per study (11 + 1 records: 6 CT
 * studies, 6 MR studies) every class has 6 records: k = 6. Per patient, X is the only one with {CT, MR}: k = 1.
 */
const COHORT: PatientRecord[] = [
  ...[1, 2, 3, 4, 5].map((i) => patient(`ct${i}`, 'F', ['CT'])),
  ...[1, 2, 3, 4, 5].map((i) => patient(`mr${i}`, 'F', ['MR'])),
  patient('X', 'F', ['CT', 'MR']),
];

test('two studies of one patient break k: per study every class has 6, per patient X is unique', () => {
  const perStudy = COHORT.flatMap((p) => (p.events.studies ?? []).map((s) => ({ sex: p.values.sex!, modality: s.modality! })));
  assert.equal(measureRisk(perStudy, { quasiIdentifiers: ['sex', 'modality'] }).k, 6);
  const perPatient = measurePatients(COHORT, [sex, modality]);
  assert.equal(perPatient.k, 1);
  assert.equal(perPatient.uniqueRecords, 1);
  assert.equal(perPatient.records, 11);
  assert.equal(perPatient.classes, 3);
});

test('a patient kept by leaving one study out, within the budget; without a budget, suppressed', () => {
  const table = new PatientTable(COHORT, [sex, modality]);
  const rescued = failingPatients(table, {}, { k: 5 }, { group: 'studies', maxEvents: 1 });
  assert.equal(rescued.count, 0);
  assert.deepEqual([...rescued.leftOut], [[10, [0]]], 'X leaves its first study (CT) out and joins the five MR patients');
  const none = failingPatients(table, {}, { k: 5 }, { group: 'studies', maxEvents: 0 });
  assert.equal(none.count, 1);
  assert.equal(none.failing[10], 1);
});

test('counts of records are not measured: two CTs and one CT are the same set', () => {
  const table = new PatientTable([patient('a', 'F', ['CT', 'CT']), patient('b', 'F', ['CT'])], [sex, modality]);
  assert.equal(failingPatients(table, {}, { k: 2 }).count, 0);
});

test('l-diversity: a class of one treatment fails; a class that holds no value at all has nothing to disclose', () => {
  const same = [1, 2, 3, 4, 5].map((i) => patient(`p${i}`, 'M', ['CT'], 'chemotherapy'));
  assert.equal(failingPatients(new PatientTable(same, [sex, modality]), {}, { k: 5, minL: 2, sensitive: 'treatments' }).count, 5);
  const diverse = same.map((p, i) => (i === 0 ? { ...p, values: { ...p.values, treatments: 'surgery' } } : p));
  assert.equal(failingPatients(new PatientTable(diverse, [sex, modality]), {}, { k: 5, minL: 2, sensitive: 'treatments' }).count, 0);
  const missing = same.map((p) => ({ ...p, values: { ...p.values, treatments: null } }));
  assert.equal(failingPatients(new PatientTable(missing, [sex, modality]), {}, { k: 5, minL: 2, sensitive: 'treatments' }).count, 0);
});

test('the least generalisation: ages to the band that reaches k, and nothing lower would do', () => {
  const age: QuasiIdentifier = { name: 'age', hierarchy: ageHierarchy({ bands: [5, 10, 20] }), weight: 2 };
  const records = [41, 42, 44, 47, 48, 61, 63, 64, 66, 69].map((a, i) => ({ id: `p${i}`, values: { age: a, sex: 'F', treatments: i % 2 ? 'a' : 'b' }, events: {} }));
  const plan = minimalGeneralisation(records, [age, sex], { k: 5, minL: 2, sensitive: 'treatments' });
  assert.equal(plan.found, true);
  assert.deepEqual(plan.levels, { age: 2, sex: 0 }, '10-year bands put five patients in 40-49 and five in 60-69');
  assert.equal(plan.suppressed.length, 0);
  assert.match(plan.suggestion, /age to 10-year bands/);
  const tight = minimalGeneralisation(records, [age, sex], { k: 11 });
  assert.equal(tight.found, false);
  assert.match(tight.suggestion, /10 patients of 10 \(100 %\) remain/);
});

test('suppression is used for outliers, within its limit, and named', () => {
  const age: QuasiIdentifier = { name: 'age', hierarchy: ageHierarchy({ bands: [5, 10, 20] }) };
  const records = [40, 41, 42, 43, 44, 95].map((a, i) => ({ id: `p${i}`, values: { age: a }, events: {} }));
  const plan = minimalGeneralisation(records, [age], { k: 5, maxSuppression: 0.2 });
  assert.deepEqual(plan.levels, { age: 1 });
  assert.deepEqual(plan.suppressed, ['p5']);
  assert.match(plan.suggestion, /suppress 1 patient \(16.7 %\)/);
});
