import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessDatasetRisk, keptAsIs, releaseHierarchies, type StudyFacts } from './release-risk.ts';

/** 12 studies: two clear groups of 5 on every quasi-identifier but age, and 2 outliers that only suppression can hide. */
function cohort(): StudyFacts[] {
  const base = (i: number, group: 'a' | 'b'): StudyFacts => ({
    study: `s${i}`, patient: `P${i}`, age: group === 'a' ? 60 + i : 40 + i, sex: group === 'a' ? 'male' : 'female',
    diagnosisDate: group === 'a' ? `2021-03-${String(10 + i).padStart(2, '0')}` : `2022-07-${String(10 + i).padStart(2, '0')}`,
    site: group === 'a' ? 'C34' : 'C50', histology: i % 2 === 0 ? '8140/3' : '8070/3',
    modalities: [group === 'a' ? 'CT' : 'MG'], vendors: ['ACME'], bodyParts: [group === 'a' ? 'CHEST' : 'BREAST'],
  });
  const list = [0, 1, 2, 3, 4].map((i) => base(i, 'a')).concat([5, 6, 7, 8, 9].map((i) => base(i - 5, 'b')).map((s, j) => ({ ...s, study: `s${5 + j}`, patient: `P${5 + j}` })));
  list.push({ ...base(0, 'a'), study: 's10', patient: 'P10', vendors: ['RAREVENDOR'] });
  list.push({ ...base(1, 'b'), study: 's11', patient: 'P11', bodyParts: ['KNEE'] });
  return list;
}

test('attributes written in the images are never generalised, only suppressed', () => {
  const h = keptAsIs('in the images');
  assert.equal(h.generalise('SIEMENS ', 1), 'SIEMENS');
  assert.equal(h.generalise('SIEMENS', 0), 'SIEMENS');
  const all = releaseHierarchies(false);
  for (const qi of ['modality', 'vendor', 'body_part']) assert.equal(all[qi]!.generalise('X', all[qi]!.height), 'X', qi);
  // With retain-patient-characteristics the files carry age and sex, so they are fixed too.
  assert.equal(releaseHierarchies(true).age!.generalise(63, 3), '63');
  assert.notEqual(releaseHierarchies(false).age!.generalise(63, 1), '63');
});

test('the least generalisation reaches k: ages and dates generalised, the outliers suppressed', () => {
  const r = assessDatasetRisk(cohort(), { policy: { minK: 5 }, maxSuppression: 0.2 });
  assert.equal(r.before.k, 1);
  assert.ok(r.after.k >= 5, `k after: ${r.after.k}`);
  assert.deepEqual([...r.suppressed].sort(), ['s10', 's11']);
  assert.equal(r.decision.allowed, true);
  assert.ok((r.levels.age ?? 0) > 0 && (r.levels.diagnosis_date ?? 0) > 0, JSON.stringify(r.levels));
  assert.equal(r.levels.vendor, 0);
  assert.equal(r.released.size, 10);
  assert.ok(r.generalisation.some((g) => g.startsWith('age:')));
});

test('without generalisation, or with too little suppression allowed, the release is refused with what to do', () => {
  const raw = assessDatasetRisk(cohort(), { generalise: false });
  assert.equal(raw.decision.allowed, false);
  assert.equal(raw.suppressed.length, 0, 'nothing is suppressed outside a plan');
  assert.match(raw.decision.failures.join(' '), /k = 1 is below the minimum 5/);
  const tight = assessDatasetRisk(cohort(), { maxSuppression: 0 });
  assert.equal(tight.decision.allowed, false);
  assert.match(tight.decision.suggestion ?? '', /2 of 12 records .* remain in classes smaller than 5/);
});
