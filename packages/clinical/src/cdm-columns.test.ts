import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cdmTableDescription, describeCdmColumn } from './cdm-columns.ts';

test('a column\'s datatype is what its released values share, so a coarsened date is not claimed to be a date', () => {
  assert.equal(describeCdmColumn('patient', 'patient_birth_date', ['1960-01-02', null]).datatype, 'date');
  assert.equal(describeCdmColumn('patient', 'patient_birth_date', ['1960-01-02', '1961']).datatype, 'string');
  assert.equal(describeCdmColumn('patient', 'patient_age_at_diagnosis', [61.5, 70]).datatype, 'number');
  assert.equal(describeCdmColumn('episode', 'episode_number', [1, 2]).datatype, 'integer');
  assert.equal(describeCdmColumn('patient', 'patient_deceased', [true, null]).datatype, 'boolean');
  assert.equal(describeCdmColumn('patient', 'patient_birth_sex', [{ value: 'F', display: 'Female', codings: [] }]).datatype, 'json');
  assert.equal(describeCdmColumn('patient', 'patient_race', [null, null]).datatype, 'string');
});

test('titles and descriptions name the column, never a value', () => {
  const sex = describeCdmColumn('patient', 'patient_birth_sex', [{ value: 'SECRET-VALUE', display: 'x', codings: [] }]);
  assert.equal(sex.title, 'Birth sex');
  assert.doesNotMatch(sex.description, /SECRET-VALUE/);
  assert.equal(describeCdmColumn('tumor', 'tumor_size_mm', [12]).title, 'Size (mm)');
  assert.match(describeCdmColumn('tumor', 'patient_id', ['p']).description, /pseudonym/);
  assert.match(describeCdmColumn('image_series', 'series_uid', ['1.2']).description, /de-identified DICOM UID/);
  assert.equal(cdmTableDescription('cancer_condition').title, 'Cancer conditions');
  assert.equal(cdmTableDescription('other').title, 'other');
});
