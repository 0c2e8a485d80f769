import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drugUnit, readQuantity, splitQuantity } from './quantities.ts';

test('quantities convert to the CDM unit and say when the unit differs from the column\'s', () => {
  assert.deepEqual(readQuantity('23 mm', 'length', 'mm'), { ok: true, value: 23, from: 'mm', offUnit: false });
  assert.deepEqual(readQuantity('2,3 cm', 'length', 'mm'), { ok: true, value: 23, from: 'cm', offUnit: true });
  assert.deepEqual(readQuantity('23', 'length', 'mm'), { ok: true, value: 23, from: 'mm', offUnit: false });
  assert.deepEqual(readQuantity('23', 'length'), { ok: false, reason: 'no_unit' });
  assert.deepEqual(readQuantity('23 in', 'length', 'mm'), { ok: false, reason: 'unknown_unit' });
  assert.deepEqual(readQuantity('6000 cGy', 'radiation_dose', 'Gy'), { ok: true, value: 60, from: 'cGy', offUnit: true });
  assert.deepEqual(readQuantity('60', 'radiation_dose', undefined, 'Gy'), { ok: true, value: 60, from: 'Gy', offUnit: false });
  const days = readQuantity('24511 d', 'age', 'years');
  assert.ok(days.ok && days.offUnit && Math.abs(days.value - 67.107) < 0.001);
  assert.deepEqual(readQuantity('67 años', 'age', 'years'), { ok: true, value: 67, from: 'years', offUnit: false });
  assert.deepEqual(readQuantity('abc', 'age', 'years'), { ok: false, reason: 'unparseable' });
});

test('DICOM age strings and drug units', () => {
  assert.deepEqual(splitQuantity('067Y'), { value: 67, unit: 'y' });
  assert.deepEqual(splitQuantity('018M'), { value: 18, unit: 'mo' });
  assert.equal(drugUnit('mg/m²'), 'mg/m2');
  assert.equal(drugUnit('MG/M2'), 'mg/m2');
  assert.equal(drugUnit('Gy'), null);
});
