import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateSpellings, parseDicomDate, transformDate, transformDateTime, transformDateValues } from './dates.ts';

test('year-month keeps year and month and sets day 01 (EUCAIM rule)', () => {
  assert.equal(transformDate('20230115', 'year-month', 0), '20230101');
  assert.equal(transformDateTime('20230115101530.123+0100', 'year-month', 0), '20230101101530.123+0100');
});

test('shift moves dates back by whole days, across month and leap-year boundaries', () => {
  assert.equal(transformDate('20240301', 'shift', 1), '20240229');
  assert.equal(transformDate('20230101', 'shift', 365), '20220101');
});

test('invalid or partial dates are not transformed (the caller empties them)', () => {
  assert.equal(parseDicomDate('20230230'), undefined);
  assert.equal(transformDate('2023', 'shift', 3), undefined);
  assert.equal(transformDateValues('20230101\\garbage', 'DA', 'year-month', 0), undefined);
  assert.equal(transformDateValues('20230115\\20230220', 'DA', 'year-month', 0), '20230101\\20230201');
});

test('free-text spellings of a date are generated for redaction', () => {
  assert.deepEqual(dateSpellings('20230115').slice(0, 2), ['2023-01-15', '15/01/2023']);
});
