import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { CellValue } from '../table/records.ts';
import { ageHierarchy } from './age-hierarchy.ts';
import { dateHierarchy } from './date-hierarchy.ts';
import { tableHierarchy, type Hierarchy } from './hierarchy.ts';
import { rareCategoryHierarchy } from './rare-category-hierarchy.ts';

const levels = (h: Hierarchy, value: CellValue | undefined): string[] => Array.from({ length: h.height + 1 }, (_, level) => h.generalise(value, level));
const invalid = (err: unknown): boolean => isOncoAtlasError(err, 'CONFIG_INVALID');

test('age: years, then 5-, 10- and 20-year bands, then *; DICOM Age Strings are read', () => {
  const age = ageHierarchy();
  assert.equal(age.height, 4);
  assert.deepEqual(levels(age, 34), ['34', '30-34', '30-39', '20-39', '*']);
  assert.deepEqual(levels(age, '045Y'), ['45', '45-49', '40-49', '40-59', '*']);
  assert.deepEqual(levels(age, ' 89.7 '), ['89', '85-89', '80-89', '80-99', '*']);
  assert.deepEqual(levels(age, '006M'), ['0', '0-4', '0-9', '0-19', '*']);
  assert.deepEqual(levels(age, '730D'), ['1', '0-4', '0-9', '0-19', '*']);
  assert.deepEqual(levels(age, 90), ['90', '90-94', '90-99', '80-99', '*']);
  assert.equal(age.describe(2), '10-year bands');
  assert.equal(age.describe(4), 'suppressed (*)');
  assert.deepEqual(levels(ageHierarchy({ bands: [10] }), 34), ['34', '30-39', '*']);
  assert.throws(() => ageHierarchy({ bands: [5, 12] }), invalid, 'bands that do not nest');
});

test('age: missing and malformed ages are * at every level, never an error', () => {
  const age = ageHierarchy();
  for (const bad of [null, undefined, '', 'abc', '45 years', '-3', -3, 131, Number.NaN, '045X', '12Y']) {
    assert.deepEqual(levels(age, bad), ['*', '*', '*', '*', '*'], String(bad));
  }
});

test('dates: day, month, year, decade, *; YYYYMMDD and YYYY-MM-DD alike', () => {
  const date = dateHierarchy();
  assert.equal(date.height, 4);
  assert.deepEqual(levels(date, '20150312'), ['2015-03-12', '2015-03', '2015', '2010-2019', '*']);
  assert.deepEqual(levels(date, '2015-03-12'), ['2015-03-12', '2015-03', '2015', '2010-2019', '*']);
  assert.deepEqual(levels(date, 20240229), ['2024-02-29', '2024-02', '2024', '2020-2029', '*']);
  assert.deepEqual(['month', 'year', 'decade'], [1, 2, 3].map((l) => date.describe(l)));
});

test('dates: missing and malformed dates (impossible days, other formats) are * at every level, never an error', () => {
  const date = dateHierarchy();
  for (const bad of [null, undefined, '', '20230229', '2015-02-30', '2015-13-01', '2015-00-10', '20150100', '2015031', '2015-0312', '12/03/2015', '20150312101500', 'unknown', 0]) {
    assert.deepEqual(levels(date, bad), ['*', '*', '*', '*', '*'], String(bad));
  }
});

test('rare categories: values seen fewer than N times become other, then *', () => {
  const column = ['CT', 'CT', 'CT', 'MR', 'MR', 'MR', 'PT', 'US', null, ''];
  const modality = rareCategoryHierarchy(column, 2);
  assert.equal(modality.height, 2);
  assert.deepEqual(levels(modality, 'CT'), ['CT', 'CT', '*']);
  assert.deepEqual(levels(modality, ' MR '), ['MR', 'MR', '*']);
  assert.deepEqual(levels(modality, 'PT'), ['PT', 'other', '*']);
  assert.deepEqual(levels(modality, 'NM'), ['NM', 'other', '*'], 'a value absent from the counted column is rare');
  assert.deepEqual(levels(modality, null), ['*', '*', '*']);
  assert.match(modality.describe(1), /fewer than 2/);
  assert.throws(() => rareCategoryHierarchy(column, 0), invalid);
});

test('explicit table: value → level 1 → level 2, * added on top; unknown values are * above level 0', () => {
  const diagnosis = tableHierarchy(
    [
      ['C50.1', 'C50', 'C00-D48'],
      ['C50.9', 'C50', 'C00-D48'],
      ['C34.1', 'C34', 'C00-D48'],
    ],
    { levelNames: ['category', 'chapter'] },
  );
  assert.equal(diagnosis.height, 3);
  assert.deepEqual(levels(diagnosis, 'C50.9'), ['C50.9', 'C50', 'C00-D48', '*']);
  assert.deepEqual(levels(diagnosis, 'I10'), ['I10', '*', '*', '*']);
  assert.deepEqual(levels(diagnosis, null), ['*', '*', '*', '*']);
  assert.equal(diagnosis.describe(1), 'category');

  const sex = tableHierarchy([['F', '*'], ['M', '*']]);
  assert.equal(sex.height, 1, 'a table that already ends in * gets no second top');
  assert.deepEqual(levels(sex, 'M'), ['M', '*']);
  assert.equal(tableHierarchy([['F'], ['M']]).height, 1);
});

test('explicit table: a table that is not a hierarchy is refused when built, not half-way through a release', () => {
  assert.throws(() => tableHierarchy([]), invalid);
  assert.throws(() => tableHierarchy([['a', 'x'], ['b']]), invalid, 'ragged rows');
  assert.throws(() => tableHierarchy([['a', 'x'], ['a', 'y']]), invalid, 'an original value twice');
  assert.throws(() => tableHierarchy([['a', 'x', 'p'], ['b', 'x', 'q']]), invalid, 'x generalises to p and to q');
  assert.throws(() => tableHierarchy([['', 'x']]), invalid, 'no original value');
});
