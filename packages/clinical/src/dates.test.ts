import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysBetween, isoDate, parseClinicalDate, shiftDate, type DateFormat } from './dates.ts';

const dayFirst: DateFormat = { dayFirst: true, twoDigitYearPivot: 30 };

test('hospital date spellings read as calendar dates', () => {
  const read = (raw: string, f: DateFormat = dayFirst) => { const r = parseClinicalDate(raw, f); return r.ok ? `${r.date}${r.twoDigitYear ? ' (yy)' : ''}` : r.reason; };
  assert.equal(read('05/06/2020'), '2020-06-05');
  assert.equal(read('05/06/2020', { dayFirst: false }), '2020-05-06');
  assert.equal(read('5.6.2020'), '2020-06-05');
  assert.equal(read('2020-06-05'), '2020-06-05');
  assert.equal(read('2020-06-05T00:00:00'), '2020-06-05');
  assert.equal(read('20200605'), '2020-06-05');
  assert.equal(read('05-06-45'), '1945-06-05 (yy)');
  assert.equal(read('30-06-24'), '2024-06-30 (yy)');
  assert.equal(read('30-06-24', { dayFirst: true }), 'no_century');
  assert.equal(read('31/04/2020'), 'unparseable');
  assert.equal(read('29/02/2023'), 'unparseable');
  assert.equal(read('29/02/2024'), '2024-02-29');
  assert.equal(read('05/06-2020'), 'unparseable');
  assert.equal(read('44197'), 'unparseable');
  assert.equal(read('ayer'), 'unparseable');
});

test('date arithmetic for age checks and shifting policies', () => {
  assert.equal(isoDate(2023, 2, 29), null);
  assert.equal(daysBetween('2020-01-01', '2021-01-01'), 366);
  assert.equal(shiftDate('2020-03-01', -1), '2020-02-29');
  assert.equal(shiftDate('2020-12-31', 1), '2021-01-01');
});
