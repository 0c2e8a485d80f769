import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StudyHeader } from '../patients/patient-view.ts';
import { versionFacts } from './version-facts.ts';

const study = (modality: string): StudyHeader => ({ study: 's', date: null, time: null, modalities: [modality], manufacturers: ['SIEMENS'], models: [], bodyParts: ['CHEST'], lateralities: [], institutions: [] });
const coded = (value: string, code: string) => ({ value, codings: [{ system: 'EUCAIM', code }] });

function patient(sex: 'female' | 'male', age: number, icd: string) {
  return {
    cdm: new Map([
      ['patient', [{ patient_birth_sex: sex === 'female' ? coded('female', 'COM1001370') : coded('male', 'COM1001366'), patient_age_at_diagnosis: age }]],
      ['cancer_condition', [{ cancer_condition_code: { value: icd, codings: [{ system: 'ICD-10', code: icd }] }, cancer_condition_concept: icd.startsWith('C50') ? coded('breast_cancer', 'CLIN1000060') : null }]],
    ]),
    studies: [study('MG')],
  };
}

test('counted at dataset level: small categories pooled under EUCAIM unknown or other, ages as the bands of at least k', () => {
  const patients = [...[41, 43, 45, 47, 49, 52].map((a) => patient('female', a, 'C50.4')), patient('male', 71, 'C50.1')];
  const f = versionFacts(patients, 5);
  assert.deepEqual(f.sex.map((s) => [s.value, s.count]), [['female', 6], ['unknown', 1]]);
  assert.deepEqual(f.sex[1]!.codings, [{ system: 'EUCAIM', code: 'COM1002760' }]);
  assert.deepEqual(f.conditions.map((c) => [c.value, c.count]), [['C50', 7]]);
  assert.ok(f.conditions[0]!.codings.some((c) => c.code === 'CLIN1000060'));
  assert.deepEqual(f.modalities.map((m) => [m.value, m.count]), [['MG', 7]]);
  assert.deepEqual(f.ageRange, { min: 40, max: 49 }, 'only the 40-49 band holds five');
});
