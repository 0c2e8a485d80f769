import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessBurnedIn } from './burned-in.ts';

const base = { hasPixelData: true, burnedInAnnotation: undefined, modality: 'CT', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'] };

test('BurnedInAnnotation YES is held, NO is released', () => {
  assert.equal(assessBurnedIn({ ...base, burnedInAnnotation: 'YES' }).risk, true);
  assert.equal(assessBurnedIn({ ...base, modality: 'US', burnedInAnnotation: 'NO' }).risk, false);
});

test('without the attribute, risky modalities and SOP classes are held, CT is not', () => {
  assert.equal(assessBurnedIn(base).risk, false);
  assert.equal(assessBurnedIn({ ...base, modality: 'US' }).risk, true);
  assert.equal(assessBurnedIn({ ...base, modality: 'OT', sopClassUid: '1.2.840.10008.5.1.4.1.1.7' }).risk, true);
  assert.equal(assessBurnedIn({ ...base, modality: 'MR', sopClassUid: '1.2.840.10008.5.1.4.1.1.4', imageType: ['DERIVED', 'SECONDARY'] }).risk, true);
});

test('PET and mammography are not mistaken for radiography by UID prefix', () => {
  assert.equal(assessBurnedIn({ ...base, modality: 'PT', sopClassUid: '1.2.840.10008.5.1.4.1.1.128' }).risk, false);
  assert.equal(assessBurnedIn({ ...base, modality: 'MG', sopClassUid: '1.2.840.10008.5.1.4.1.1.1.2' }).risk, false);
});

test('objects without pixel data (SR, KOS) carry no burned-in text', () => {
  assert.equal(assessBurnedIn({ ...base, hasPixelData: false, modality: 'SR', sopClassUid: '1.2.840.10008.5.1.4.1.1.88.11' }).risk, false);
});

test('a segmentation is a derived image but its pixels are a mask: not held, unless it says otherwise', () => {
  const seg = { ...base, modality: 'SEG', sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4', imageType: ['DERIVED', 'PRIMARY'] };
  assert.equal(assessBurnedIn(seg).risk, false);
  assert.equal(assessBurnedIn({ ...seg, burnedInAnnotation: 'YES' }).risk, true);
});
