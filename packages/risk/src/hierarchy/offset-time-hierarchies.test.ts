import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandHierarchy, derivedHierarchy } from './derived-hierarchy.ts';
import { binRange, offsetHierarchy, offsetRange, parseOffsetLabel } from './offset-hierarchy.ts';
import { hourOf, timeHierarchy } from './time-hierarchy.ts';

test('offsets: days, weeks, months, years, then *; each label names the days it covers', () => {
  const h = offsetHierarchy();
  assert.deepEqual([0, 1, 2, 3, 4].map((l) => h.generalise(45, l)), ['45d', '6w', '1m', '0y', '*']);
  assert.deepEqual([0, 1, 2, 3].map((l) => h.generalise(-3, l)), ['-3d', '-1w', '-1m', '-1y']);
  assert.equal(h.generalise('not a number', 0), '*');
  assert.deepEqual(offsetRange('6w'), [42, 48]);
  assert.deepEqual(offsetRange('1m'), [31, 60]);
  assert.equal(offsetRange('*'), undefined);
  // Every day of a bin maps back to it, for every unit: a written bin start reads back as the same bin.
  for (const unit of ['days', 'weeks', 'months', 'years'] as const) {
    for (let bin = -30; bin <= 30; bin++) {
      const [lo, hi] = binRange(bin, unit);
      const level = ['days', 'weeks', 'months', 'years'].indexOf(unit);
      assert.equal(parseOffsetLabel(h.generalise(lo, level))?.bin, bin);
      assert.equal(parseOffsetLabel(h.generalise(hi, level))?.bin, bin);
    }
  }
});

test('times: the hour at best, never the exact time', () => {
  const h = timeHierarchy();
  assert.equal(h.generalise('083510', 0), '08');
  assert.equal(h.generalise('08:35:10.123', 0), '08');
  assert.equal(h.generalise('0835', 0), '08');
  assert.equal(h.generalise('083510', 1), '*');
  assert.equal(h.generalise('256000', 0), '*', 'not a time');
  assert.equal(hourOf('23'), 23);
});

test('codes cut to their category and numbers to nested bands', () => {
  const icd = derivedHierarchy([{ name: 'ICD-10 category', from: (v) => v.slice(0, 3) }]);
  assert.deepEqual([0, 1, 2].map((l) => icd.generalise('C34.1', l)), ['C34.1', 'C34', '*']);
  const size = bandHierarchy([10, 20, 40], (w) => `${w} mm bands`);
  assert.deepEqual([0, 1, 2, 3, 4].map((l) => size.generalise(24, l)), ['24', '20-29', '20-39', '0-39', '*']);
  assert.throws(() => bandHierarchy([10, 15], (w) => `${w} mm`), /not a multiple/);
});
