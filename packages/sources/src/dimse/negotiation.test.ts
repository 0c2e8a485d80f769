import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideContext } from './negotiation.ts';
import { isAeTitle, isPlainUid } from './part10-meta.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const J2K = '1.2.840.10008.1.2.4.90';

test('accepts Verification and storage classes in the first syntax it can keep verbatim', () => {
  assert.deepEqual(decideContext('1.2.840.10008.1.1', [EXPLICIT, IMPLICIT]), { accept: true, transferSyntaxUid: IMPLICIT });
  assert.deepEqual(decideContext(CT, [J2K, EXPLICIT]), { accept: true, transferSyntaxUid: J2K });
  assert.deepEqual(decideContext('1.2.840.10008.5.1.4.1.1.104.1', ['1.2.840.10008.1.2.2']), { accept: true, transferSyntaxUid: '1.2.840.10008.1.2.2' });
  // Encapsulated Uncompressed (1.2.1.98) is not one our parser reads: skipped for the next proposal.
  assert.deepEqual(decideContext(CT, ['1.2.840.10008.1.2.1.98', '1.2.840.10008.1.2.1.99']), { accept: true, transferSyntaxUid: '1.2.840.10008.1.2.1.99' });
});

test('refuses what is not patient storage, and syntaxes it cannot keep', () => {
  assert.deepEqual(decideContext(CT, ['1.2.840.10008.1.2.1.98']), { accept: false, reason: 'transfer-syntaxes' });
  assert.deepEqual(decideContext('1.2.840.10008.5.1.4.1.2.2.1', [IMPLICIT]), { accept: false, reason: 'abstract-syntax' }); // Q/R FIND
  assert.deepEqual(decideContext('1.2.840.10008.5.1.4.38.1', [IMPLICIT]), { accept: false, reason: 'abstract-syntax' }); // hanging protocol
  assert.deepEqual(decideContext('1.2.840.113619.4.30', [IMPLICIT]), { accept: false, reason: 'abstract-syntax' }); // private
});

test('UIDs used as file names and AE titles are checked', () => {
  for (const ok of ['1.2.3', '2.25.158288586562316950592961369740951185608']) assert.ok(isPlainUid(ok), ok);
  for (const bad of ['', '..', '1..2', '1.2.', '.1', '1.2/3', '1.2 ', `1.${'2'.repeat(63)}`]) assert.ok(!isPlainUid(bad), bad);
  for (const ok of ['ONCO', 'A B', 'X'.repeat(16)]) assert.ok(isAeTitle(ok), ok);
  for (const bad of ['', '   ', 'A\\B', 'X'.repeat(17), 'A\nB']) assert.ok(!isAeTitle(bad), JSON.stringify(bad));
});
