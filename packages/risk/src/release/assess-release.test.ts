import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { ageHierarchy } from '../hierarchy/age-hierarchy.ts';
import { tableHierarchy } from '../hierarchy/hierarchy.ts';
import { measureRisk } from '../measures/measure-risk.ts';
import { leastGeneralisation } from '../search/least-generalisation.ts';
import type { RiskRecord } from '../table/records.ts';
import { assessRelease } from './assess-release.ts';

// 10 records: classes (34, F) × 5, (52, M) × 4, (57, M) × 1 → k = 1, one unique record, 5 in classes below 5.
const ROWS: RiskRecord[] = [
  ...Array.from({ length: 5 }, () => ({ age: 34, sex: 'F', diagnosis: 'C50' })),
  ...Array.from({ length: 4 }, (_, i) => ({ age: 52, sex: 'M', diagnosis: ['C61', 'C34', 'C18', 'C61'][i]! })),
  { age: 57, sex: 'M', diagnosis: 'C61' },
];
const OPTIONS = { quasiIdentifiers: ['age', 'sex'], sensitive: 'diagnosis' };
const HIERARCHIES = { age: ageHierarchy(), sex: tableHierarchy([['F'], ['M']]) };

test('refuses with one failure per measure, naming it and by how much, and a suggestion', () => {
  const decision = assessRelease(measureRisk(ROWS, OPTIONS));
  assert.equal(decision.allowed, false);
  assert.deepEqual(decision.failures, [
    'k-anonymity: k = 1 is below the minimum 5 (4 short); 5 of 10 records (50 %) are in classes smaller than 5',
    'prosecutor risk: the highest re-identification risk 1 (100 %) exceeds the maximum 0.2 (20 %) by 0.8',
    'unique records: 1 of 10 records (10 %) are unique on the quasi-identifiers, above the maximum 0 % by 10 percentage points',
  ]);
  assert.equal(
    decision.suggestion,
    'generalise or suppress age and sex until every class has at least 5 records (5 records are in smaller classes); the generalisation search gives a concrete plan',
  );
});

test('with a plan from the search, the refusal carries its concrete suggestion', () => {
  const plan = leastGeneralisation(ROWS, { ...OPTIONS, hierarchies: HIERARCHIES, k: 5, maxSuppression: 0.1 });
  const decision = assessRelease(measureRisk(ROWS, OPTIONS), { minK: 5 }, plan);
  assert.equal(decision.allowed, false);
  assert.equal(decision.suggestion, plan.suggestion);
  // Only 10-year bands merge 52 and 57; suppressing the one record of 57 would leave a class of 4.
  assert.equal(plan.suggestion, 'generalise age to 10-year bands');
  // The plan's own report passes the same policy.
  assert.deepEqual(assessRelease(plan.report, { minK: 5 }), { allowed: true, failures: [] });
});

test('l-diversity and average risk are checked when the policy asks for them', () => {
  const passing = measureRisk(ROWS.slice(0, 9), OPTIONS); // classes of 5 and 4: k = 4, average 2/9
  const decision = assessRelease(passing, { minK: 4, maxProsecutorRisk: 0.25, minL: 2, maxAverageRisk: 0.1 });
  assert.equal(decision.allowed, false);
  assert.deepEqual(decision.failures, [
    'average risk: 0.2222 (22.2 %) exceeds the maximum 0.1 (10 %) by 0.1222',
    'l-diversity: distinct l = 1 for diagnosis is below the minimum 2 (1 short)',
  ]);
  const noSensitive = assessRelease(measureRisk(ROWS.slice(0, 9), { quasiIdentifiers: ['age'] }), { minK: 4, maxProsecutorRisk: 0.25, minL: 2 });
  assert.match(noSensitive.failures[0]!, /^l-diversity: no sensitive attribute was measured/);
});

test('allows a table that meets the policy, and an empty one', () => {
  const generalised = measureRisk(ROWS, { ...OPTIONS, hierarchies: HIERARCHIES, levels: { age: 4 } });
  assert.equal(generalised.k, 5);
  assert.deepEqual(assessRelease(generalised), { allowed: true, failures: [] }, 'the default policy: k ≥ 5, risk ≤ 0.2, no uniques');
  const stricter = assessRelease(generalised, { minK: 6, maxProsecutorRisk: 0.2 });
  assert.equal(stricter.allowed, false);
  assert.match(stricter.failures[0]!, /^k-anonymity: k = 5 is below the minimum 6/);
  assert.equal(assessRelease(measureRisk([], OPTIONS)).allowed, true);
});

test('an invalid policy is refused', () => {
  const report = measureRisk(ROWS, OPTIONS);
  const invalid = (err: unknown): boolean => isOncoAtlasError(err, 'CONFIG_INVALID');
  assert.throws(() => assessRelease(report, { minK: 0 }), invalid);
  assert.throws(() => assessRelease(report, { maxProsecutorRisk: 2 }), invalid);
  assert.throws(() => assessRelease(report, { maxUniqueShare: -0.1 }), invalid);
});
