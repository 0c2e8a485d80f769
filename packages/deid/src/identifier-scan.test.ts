import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { NeedleIndex } from './identifier-scan.ts';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

test('finds names case-insensitively and only as whole tokens', () => {
  const ix = new NeedleIndex();
  ix.add(bytes('GARCIA^MARIA'), 'name', 'PatientName');
  ix.add(bytes('ANA'), 'name', 'PatientName');
  const text = bytes('Informe de Garcia^Maria: ANATOMY normal');
  const hit = ix.first(text, 0, text.length);
  assert.equal(hit?.needle.source, 'PatientName');
  assert.equal(ix.first(bytes('ANATOMY and BANANA'), 0, 18), undefined);
});

test('a UID is not found inside a longer UID, but is found on its own', () => {
  const ix = new NeedleIndex();
  ix.add(bytes('1.2.840.99999.1.2.3'), 'uid', 'StudyInstanceUID');
  const longer = bytes('1.2.840.99999.1.2.3.4');
  assert.equal(ix.first(longer, 0, longer.length), undefined);
  const exact = bytes('ref 1.2.840.99999.1.2.3\\x');
  assert.ok(ix.first(exact, 0, exact.length));
});

test('short values are not searched for (they match by chance)', () => {
  const ix = new NeedleIndex();
  assert.equal(ix.add(bytes('AB'), 'id', 'PatientID'), false);
  assert.equal(ix.add(bytes('2023'), 'date', 'StudyDate'), false);
});

test('property: any planted needle is found wherever it sits between separators', () => {
  fc.assert(fc.property(
    fc.stringMatching(/^[A-Z]{3,12}$/), fc.stringMatching(/^[a-z ]{0,40}$/), fc.stringMatching(/^[a-z ]{0,40}$/),
    (name, before, after) => {
      const ix = new NeedleIndex();
      ix.add(bytes(name), 'name', 'PatientName');
      const text = bytes(`${before} ${name} ${after}`);
      return ix.first(text, 0, text.length) !== undefined;
    },
  ), { numRuns: 300 });
});
