import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterRows, headerRows, windowPresets, type DicomJson } from './header-model.ts';

const header: DicomJson = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'PSEUDO^0001' }] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00120064': { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: ['113100'] } }] },
  '00281050': { vr: 'DS', Value: [40, 300] },
  '00281051': { vr: 'DS', Value: [400, 1500] },
  '00281055': { vr: 'LO', Value: ['SOFT TISSUE', ''] },
  '00291010': { vr: 'OB' },
  '7FE00010': { vr: 'OW' },
};

test('the header lists attributes in tag order, sequences with their items beneath', () => {
  const rows = headerRows(header);
  assert.deepEqual(rows.map((r) => [r.tag, r.name, r.value, r.depth]), [
    ['(0008,0060)', 'Modality', 'CT', 0],
    ['(0010,0010)', 'Patient\'s Name', 'PSEUDO^0001', 0],
    ['(0012,0064)', 'De-identification Method Code Sequence', '1 item', 0],
    ['', 'Item 1', '', 1],
    ['(0008,0100)', '', '113100', 2],
    ['(0028,1050)', 'Window Center', '40\\300', 0],
    ['(0028,1051)', 'Window Width', '400\\1500', 0],
    ['(0028,1055)', 'Window Center & Width Explanation', 'SOFT TISSUE\\', 0],
    ['(0029,1010)', 'Private', '(no value given)', 0],
    ['(7FE0,0010)', 'Pixel Data', '(no value given)', 0],
  ]);
  assert.equal(new Set(rows.map((r) => r.key)).size, rows.length, 'keys are unique');
});

test('search matches tag (with or without punctuation), name and value, every word', () => {
  const rows = headerRows(header);
  assert.deepEqual(filterRows(rows, 'window width').map((r) => r.tag), ['(0028,1051)', '(0028,1055)']);
  assert.deepEqual(filterRows(rows, '00100010').map((r) => r.name), ['Patient\'s Name']);
  assert.deepEqual(filterRows(rows, '(0008,0060)').map((r) => r.value), ['CT']);
  assert.equal(filterRows(rows, '  ').length, rows.length);
});

test('window presets come from the file, labelled by their explanation', () => {
  assert.deepEqual(windowPresets(header), [
    { centre: 40, width: 400, label: 'SOFT TISSUE' }, { centre: 300, width: 1500, label: 'Window 2 of the file' },
  ]);
  assert.deepEqual(windowPresets(null), []);
});
