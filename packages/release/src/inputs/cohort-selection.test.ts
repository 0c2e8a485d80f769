import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { selectCohort } from './cohort-selection.ts';
import type { IntegratedStudy } from './integrated-inputs.ts';

const study = (key: string, patient: string, modality: string, bodyPart: string): IntegratedStudy => ({
  key, patient, folder: `${patient}/${key}`, files: [],
  header: { study: key, date: '20990101', time: null, modalities: [modality, 'SR'], manufacturers: [], models: [], bodyParts: [bodyPart], lateralities: [], institutions: [] },
});
const STUDIES = [study('s1', 'A', 'CT', 'CHEST'), study('s2', 'A', 'MR', 'BRAIN'), study('s3', 'B', 'CT', 'CHEST'), study('s4', 'C', 'CT', 'ABDOMEN')];
const CDM = new Map([
  ['A', new Map([['patient', [{}]], ['cancer_condition', [{ cancer_condition_code: { value: 'C34.1' }, cancer_condition_concept: { value: 'lung_cancer' } }]]])],
  ['B', new Map([['cancer_condition', [{ cancer_condition_code: { value: 'C50.4' } }]]])],
]);
const REAL: Record<string, string> = { s1: '20190301', s2: '20210701', s3: '20200115', s4: '20200601' };

test('a cohort by modality, condition, body part, real study dates and clinical record, with what each left out', () => {
  const pick = (s: Parameters<typeof selectCohort>[2]) => selectCohort(STUDIES, CDM, s, (k) => REAL[k]!);
  assert.deepEqual(pick({ modalities: ['ct'] }).studies.map((s) => s.key), ['s1', 's3', 's4']);
  assert.deepEqual(pick({ conditions: ['C34'] }).studies.map((s) => s.key), ['s1', 's2']);
  assert.deepEqual(pick({ conditions: ['lung_cancer'] }).studies.map((s) => s.key), ['s1', 's2']);
  assert.deepEqual(pick({ bodyParts: ['CHEST'], from: '2020-01-01', to: '2020-12-31' }), { studies: [STUDIES[2]], excluded: { body_part: 2, study_date: 1 } });
  assert.deepEqual(pick({ hasClinicalRecord: true }).studies.map((s) => s.key), ['s1', 's2']);
  assert.throws(() => pick({ from: '2020-13-01' }), (e) => isOncoAtlasError(e, 'USAGE'));
  assert.throws(() => pick({ from: '2021-01-01', to: '2020-01-01' }), /ends before it starts/);
});
