import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CDM_COLUMNS, dicomRule } from '../profile/attribute-rules.ts';
import { releaseQuasiIdentifiers } from '../profile/quasi-identifiers.ts';
import { checkDeclarations, looksLikeDate, refuseUndeclared } from './declarations.ts';

const QI_NAMES = new Set(releaseQuasiIdentifiers().map((q) => q.name));

test('every rule names a quasi-identifier that is measured, and every quasi-identifier is carried somewhere', () => {
  const carried = new Set<string>();
  for (const [table, columns] of Object.entries(CDM_COLUMNS)) {
    for (const [column, rule] of Object.entries(columns)) {
      if (rule.kind !== 'qi') continue;
      assert.ok(QI_NAMES.has(rule.qi), `${table}.${column}: ${rule.qi} is not measured`);
      carried.add(rule.qi);
      // A cancer_stage record carries the T, N, M or stage group its code names (clinical-release.ts).
      if (rule.qi === 'stage') for (const q of ['tnm_t', 'tnm_n', 'tnm_m']) carried.add(q);
    }
  }
  for (const k of ['Modality', 'Manufacturer', 'ManufacturerModelName', 'BodyPartExamined', 'ImageLaterality', 'InstitutionName', 'PatientSex']) {
    const rule = dicomRule(k, 'CS');
    if (rule?.kind === 'qi') carried.add(rule.qi);
  }
  carried.add(dicomRule('StudyDate', 'DA')!.kind === 'qi' ? 'study_offset' : '');
  carried.add(dicomRule('StudyTime', 'TM')!.kind === 'qi' ? 'study_time' : '');
  assert.deepEqual([...QI_NAMES].filter((q) => !carried.has(q)), []);
});

test('what no rule declares stops the release, named; the steward may declare it with a reason', () => {
  const seen = [
    { keyword: 'Rows', vr: 'US', private: false, informative: true },
    { keyword: 'TableSpeed', vr: 'SH', private: false, informative: true },
    { keyword: 'StationName', vr: 'SH', private: false, informative: false },
    { keyword: 'OperatorsName', vr: 'PN', private: false, informative: false },
  ];
  const refused = checkDeclarations(seen, [{ table: 'patient', column: 'patient_hobby', dateLike: false }], []);
  assert.equal(refused.problems.length, 2);
  assert.match(refused.problems[0]!, /clinical column patient.patient_hobby is neither/);
  assert.match(refused.problems[1]!, /DICOM attribute TableSpeed \(SH\)/);
  assert.throws(() => refuseUndeclared(refused.problems), (e: Error & { code?: string }) => e.code === 'RELEASE_ATTRIBUTE_UNDECLARED' && /release profile/.test(e.message));
  const declared = checkDeclarations(seen, [], [{ attribute: 'TableSpeed', reason: 'X-ray filter set by the protocol' }]);
  assert.deepEqual(declared.problems, []);
  assert.ok(declared.groups.some((g) => g.by === 'steward' && g.attributes.includes('TableSpeed')));
  assert.ok(declared.groups.some((g) => g.attributes.includes('OperatorsName') && /no value/.test(g.declaredAs)), 'emptied by de-identification');
});

test('a date in a column that is not a date, or a birth date released, stops the release', () => {
  assert.ok(looksLikeDate('2021-05-03') && looksLikeDate('on 03/05/2021') && looksLikeDate({ value: '20210503' }));
  assert.ok(!looksLikeDate('8140/3') && !looksLikeDate('C34.1') && !looksLikeDate(67));
  const r = checkDeclarations([], [
    { table: 'treatment', column: 'treatment_intent', dateLike: true },
    { table: 'treatment', column: 'treatment_start_offset_weeks', dateLike: false },
    { table: 'patient', column: 'patient_birth_date', dateLike: true },
  ], []);
  assert.equal(r.problems.length, 2);
  assert.match(r.problems[0]!, /treatment.treatment_intent holds values that read as calendar dates/);
  assert.match(r.problems[1]!, /patient.patient_birth_date holds values that read as calendar dates/);
});
