import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageRecords } from './image-records.ts';

test('image records: one per released study and series, numbered per patient, coded from the value sets', () => {
  const r = imageRecords([
    { patient: 'X1', studyUid: '2.25.2', seriesUid: '2.25.21', modality: 'MR', manufacturer: 'SIEMENS', bodyPart: 'BRAIN' },
    { patient: 'X1', studyUid: '2.25.1', seriesUid: '2.25.11', modality: 'CT', manufacturer: 'GE MEDICAL SYSTEMS', bodyPart: 'CHEST' },
    { patient: 'X1', studyUid: '2.25.1', seriesUid: '2.25.12', modality: 'CT', manufacturer: null, bodyPart: 'NOT A PART' },
    { patient: 'X2', studyUid: '2.25.3', seriesUid: '2.25.31', modality: 'PT', manufacturer: 'ACME', bodyPart: null },
  ]);
  assert.deepEqual(r.image_study.map((s) => [s.study_id, s.study_uid]), [['X1-IMG01', '2.25.1'], ['X1-IMG02', '2.25.2'], ['X2-IMG01', '2.25.3']]);
  assert.deepEqual(r.image_series.map((s) => s.series_id), ['X1-IMG01-S01', 'X1-IMG01-S02', 'X1-IMG02-S01', 'X2-IMG01-S01']);
  const ct = r.image_series[0]!;
  assert.equal(ct.series_modality?.value, 'CT');
  assert.ok(ct.series_modality!.codings.length > 0, 'CT has its standard codes');
  const unknownPart = r.image_series[1]!.series_body_site!;
  assert.deepEqual(unknownPart.codings, [], 'an unknown body part is kept uncoded, never guessed');
  assert.equal(r.image_series[1]!.series_manufacturer, null);
});
