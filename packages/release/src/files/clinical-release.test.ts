import assert from 'node:assert/strict';
import { test } from 'node:test';
import { releaseQuasiIdentifiers } from '../profile/quasi-identifiers.ts';
import { ClinicalReleaseWriter } from './clinical-release.ts';
import { dayNumber } from './release-dates.ts';

const QIS = new Map(releaseQuasiIdentifiers().map((q) => [q.name, q]));
const coded = (value: string, system: string) => ({ value, display: value, codings: [{ system, code: value }] });
const patient = { baselineDay: dayNumber('2020-03-10'), institution: null };

test('dates become offsets from the baseline in the chosen unit; withdrawn, they are gone', () => {
  const w = new ClinicalReleaseWriter({ qis: QIS, levels: { clinical_offset: 1 } });
  const out = w.write('treatment', { treatment_id: 'P-TX01', patient_id: 'P', treatment_type: coded('surgery', 'SNOMEDCT'), treatment_start_date: '2020-04-21', treatment_end_date: null }, patient)!;
  assert.equal(out.treatment_start_offset_weeks, 6, '42 days after the diagnosis');
  assert.equal(out.treatment_end_offset_weeks, null);
  assert.ok(!('treatment_start_date' in out));
  const none = new ClinicalReleaseWriter({ qis: QIS, levels: { clinical_offset: 4 } }).write('treatment', { treatment_id: 'x', treatment_start_date: '2020-04-21' }, patient)!;
  assert.deepEqual(Object.keys(none), ['treatment_id']);
});

test('codes cut to their category, ages to bands, stage records dropped with their value; birth dates and free text never released', () => {
  const w = new ClinicalReleaseWriter({ qis: QIS, levels: { condition: 1, age: 2, stage: 3, tnm_t: 1, sex: 1 } });
  const c = w.write('cancer_condition', { cancer_condition_id: 'P-D01', cancer_condition_code: coded('C34.1', 'ICD-10'), cancer_condition_concept: coded('lung_cancer', 'EUCAIM') }, patient)!;
  assert.deepEqual(c.cancer_condition_code, { value: 'C34', display: 'diagnosis (ICD-10): C34', codings: [{ system: 'ICD-10', code: 'C34' }] });
  assert.deepEqual(c.cancer_condition_concept, coded('lung_cancer', 'EUCAIM'), 'the category keeps its cancer');
  const p = w.write('patient', { patient_id: 'P', patient_birth_date: '1961-02-07', patient_age_at_diagnosis: 63, patient_birth_sex: coded('female', 'EUCAIM'), patient_managing_organization: 'HUSLF' }, patient)!;
  assert.deepEqual(p, { patient_id: 'P', patient_age_at_diagnosis: '60-69', patient_birth_sex: null, patient_managing_organization: null });
  assert.equal(w.write('cancer_stage', { cancer_stage_id: 's', code: 'stage_group', as_concept: coded('IIIA', 'TNM') }, patient), null);
  assert.deepEqual(w.write('cancer_stage', { cancer_stage_id: 's', code: 'cT', as_concept: coded('T2a', 'TNM') }, patient)!.as_concept, { value: 'T2', display: 'TNM T: T2', codings: [{ system: 'TNM', code: 'T2' }] });
  assert.ok(!('procedure_evaluation_finding' in w.write('procedure', { procedure_id: 'p', procedure_evaluation_finding: 'seen by Dr X' }, patient)!));
});

test('a column no rule declares is reported, never written', () => {
  const w = new ClinicalReleaseWriter({ qis: QIS, levels: {} });
  const out = w.write('treatment', { treatment_id: 'x', treatment_followup_date: '2020-05-01' }, patient)!;
  assert.ok(!('treatment_followup_date' in out));
  assert.deepEqual([...w.undeclared], ['treatment.treatment_followup_date']);
});
