import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { RiskRecord } from '../table/records.ts';
import { equivalenceClasses } from '../table/equivalence-classes.ts';
import { measureRisk } from './measure-risk.ts';
import { NO_POPULATION } from './risk-report.ts';

const close = (actual: number, expected: number, what: string): void => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

const row = (age: number, sex: string, zip: string | null, diagnosis: string): RiskRecord => ({ age, sex, zip, diagnosis });

/*
 * Ten records; quasi-identifiers age, sex, zip; sensitive attribute diagnosis. Classes:
 *   A (34, F, 1010): records 1-3, diagnoses C50, C50, C34   f = 3, 2 distinct
 *   B (52, M, 1020): records 4-5, diagnoses C61, C34        f = 2, 2 distinct
 *   C (67, M, 1030): records 6-8, diagnoses C18, C18, C61   f = 3, 2 distinct
 *   D (45, F, *):    record 9 (zip missing), C50             f = 1, 1 distinct
 *   E (71, F, 1010): record 10, C18                          f = 1, 1 distinct
 * n = 10, J = 5, k = min f = 1; sizes: 1 → 2 classes / 2 records, 2 → 1 / 2, 3 → 2 / 6.
 * Unique records: D and E, 2 / 10 = 0.2. Distinct l = min(2, 2, 2, 1, 1) = 1; entropy l = exp(0) = 1.
 * Prosecutor: highest 1/1 = 1; average J/n = 5/10 = 0.5;
 *   records at risk, t = 0.2 (1/f > 0.2 ⇔ f < 5): all 10 → 1;  t = 0.4 (f < 2.5): B + D + E = 4 → 0.4.
 */
const SAMPLE: RiskRecord[] = [
  row(34, 'F', '1010', 'C50'),
  row(34, 'F', '1010', 'C50'),
  row(34, 'F', '1010', 'C34'),
  row(52, 'M', '1020', 'C61'),
  row(52, 'M', '1020', 'C34'),
  row(67, 'M', '1030', 'C18'),
  row(67, 'M', '1030', 'C18'),
  row(67, 'M', '1030', 'C61'),
  row(45, 'F', null, 'C50'),
  row(71, 'F', '1010', 'C18'),
];
const QIS = ['age', 'sex', 'zip'];

/*
 * Population of 22: every sample record plus others. F per class: A 6, B 4, C 3, D 2, E 5, and a class
 * G (80, M, 1040) of 2 that is not in the sample (it must not count).
 * Journalist: highest = 1 / min(6, 4, 3, 2, 5) = 1/2 = 0.5.
 *   records at risk (t = 0.2: F < 5): B (f 2) + C (f 3) + D (f 1) = 6 → 6/10 = 0.6.
 *   average = max(J / Σ F = 5 / 20 = 0.25, Σ f/F / n = (3/6 + 2/4 + 3/3 + 1/2 + 1/5) / 10 = 2.7/10 = 0.27) = 0.27.
 * Marketer: Σ f/F / n = 0.27.
 */
const POPULATION_CLASSES: [age: number, sex: string, zip: string | null, size: number][] = [
  [34, 'F', '1010', 6],
  [52, 'M', '1020', 4],
  [67, 'M', '1030', 3],
  [45, 'F', null, 2],
  [71, 'F', '1010', 5],
  [80, 'M', '1040', 2],
];
const recordsOf = (classes: typeof POPULATION_CLASSES): RiskRecord[] =>
  classes.flatMap(([age, sex, zip, size]) => Array.from({ length: size }, () => ({ age, sex, zip })));
const POPULATION = recordsOf(POPULATION_CLASSES);

test('hand-computed example without a population: k, classes, uniques, l-diversity and prosecutor risk', () => {
  const report = measureRisk(SAMPLE, { quasiIdentifiers: QIS, sensitive: 'diagnosis' });
  assert.equal(report.records, 10);
  assert.equal(report.classes, 5);
  assert.equal(report.k, 1);
  assert.deepEqual(report.classSizes, [
    { size: 1, classes: 2, records: 2 },
    { size: 2, classes: 1, records: 2 },
    { size: 3, classes: 2, records: 6 },
  ]);
  assert.equal(report.uniqueRecords, 2);
  close(report.uniqueShare, 0.2, 'unique share');
  assert.deepEqual(report.lDiversity, { attribute: 'diagnosis', distinct: 1, entropy: 1 });
  assert.equal(report.threshold, 0.2);
  assert.deepEqual(report.prosecutor, { highest: 1, average: 0.5, recordsAtRisk: 1 });
  // No population: journalist = prosecutor and marketer = J/n, and the report says it assumed so.
  assert.deepEqual(report.journalist, { highest: 1, average: 0.5, recordsAtRisk: 1, assumption: NO_POPULATION });
  assert.deepEqual(report.marketer, { average: 0.5, assumption: NO_POPULATION });
  assert.equal(report.populationRecords, undefined);

  const at04 = measureRisk(SAMPLE, { quasiIdentifiers: QIS, threshold: 0.4 });
  close(at04.prosecutor.recordsAtRisk, 0.4, 'records at risk above 0.4');
  assert.equal(at04.lDiversity, undefined);
});

test('hand-computed journalist and marketer risk against a population table, given as records or as class sizes', () => {
  const fromRecords = measureRisk(SAMPLE, { quasiIdentifiers: QIS, sensitive: 'diagnosis', population: { records: POPULATION } });
  const fromClasses = measureRisk(SAMPLE, {
    quasiIdentifiers: QIS,
    sensitive: 'diagnosis',
    population: { classes: POPULATION_CLASSES.map(([age, sex, zip, size]) => ({ values: { age, sex, zip }, size })) },
  });
  for (const report of [fromRecords, fromClasses]) {
    assert.equal(report.populationRecords, 22);
    assert.deepEqual(report.prosecutor, { highest: 1, average: 0.5, recordsAtRisk: 1 }, 'the prosecutor does not use the population');
    close(report.journalist.highest, 0.5, 'journalist highest');
    close(report.journalist.recordsAtRisk, 0.6, 'journalist records at risk');
    close(report.journalist.average, 0.27, 'journalist average');
    close(report.marketer.average, 0.27, 'marketer');
    assert.equal(report.journalist.assumption, undefined);
    assert.equal(report.marketer.assumption, undefined);
  }
});

test('entropy l-diversity of two classes: A {C50, C50, C34} and B {C61, C34}', () => {
  // exp(H_A) = exp(-(2/3 ln 2/3 + 1/3 ln 1/3)) = (3/2)^(2/3) · 3^(1/3) ≈ 1.8899 < exp(H_B) = exp(ln 2) = 2.
  const report = measureRisk(SAMPLE.slice(0, 5), { quasiIdentifiers: QIS, sensitive: 'diagnosis' });
  assert.equal(report.lDiversity?.distinct, 2);
  close(report.lDiversity!.entropy, Math.pow(3 / 2, 2 / 3) * Math.pow(3, 1 / 3), 'entropy l');
});

test('missing, empty and blank values are one value of their own', () => {
  const rows: RiskRecord[] = [{ zip: null }, { zip: '' }, { zip: '  ' }, {}, { zip: '1010 ' }, { zip: '1010' }];
  const { classOf, sizes } = equivalenceClasses(rows, ['zip']);
  assert.deepEqual([...classOf], [0, 0, 0, 0, 1, 1]);
  assert.deepEqual(sizes, [4, 2]);
});

test('the report holds counts only: no record and no quasi-identifier or sensitive value', () => {
  const text = JSON.stringify(measureRisk(SAMPLE, { quasiIdentifiers: QIS, sensitive: 'diagnosis', population: { records: POPULATION } }));
  for (const value of ['1010', '1020', '1030', '"F"', '"M"', 'C50', 'C34', 'C61', 'C18', '67', '71']) assert.ok(!text.includes(value), value);
});

test('an empty table measures zero everywhere', () => {
  const report = measureRisk([], { quasiIdentifiers: QIS });
  assert.equal(report.k, 0);
  assert.equal(report.classes, 0);
  assert.deepEqual(report.prosecutor, { highest: 0, average: 0, recordsAtRisk: 0 });
});

test('a mistyped attribute, a bad threshold and a population that does not contain the sample are refused', () => {
  const invalid = (err: unknown): boolean => isOncoAtlasError(err, 'CONFIG_INVALID');
  const unknown = (err: unknown): boolean => isOncoAtlasError(err, 'RISK_ATTRIBUTE_UNKNOWN') && err.details.attribute === 'zipcode';
  const mismatch = (err: unknown): boolean => isOncoAtlasError(err, 'RISK_POPULATION_MISMATCH');
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: ['age', 'zipcode'] }), unknown);
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: QIS, sensitive: 'zipcode' }), unknown);
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: ['age', 'age'] }), invalid);
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: QIS, sensitive: 'zip' }), invalid, 'a sensitive attribute that is also a quasi-identifier');
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: [] }), invalid);
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: QIS, threshold: 0 }), invalid);
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: QIS, levels: { age: 1 } }), invalid, 'a level without a hierarchy');
  // Class D (45, F, *) is missing from this population, and class C has 2 instead of at least 3.
  const partial = recordsOf(POPULATION_CLASSES.filter(([age]) => age !== 45).map(([age, sex, zip, size]) => [age, sex, zip, age === 67 ? 2 : size]));
  assert.throws(
    () => measureRisk(SAMPLE, { quasiIdentifiers: QIS, population: { records: partial } }),
    (err: unknown) => mismatch(err) && isOncoAtlasError(err) && err.details.classes === 2,
  );
  assert.throws(() => measureRisk(SAMPLE, { quasiIdentifiers: QIS, population: { classes: [{ values: {}, size: 0 }] } }), mismatch);
});
