import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pseudonymizer } from './pseudonyms.ts';

const a = new Pseudonymizer(Buffer.from('site-secret-one-0123456789'));
const b = new Pseudonymizer(Buffer.from('site-secret-two-0123456789'));

test('the same secret gives the same pseudonyms; another secret gives others', () => {
  assert.equal(a.patientId('PAT-001'), new Pseudonymizer(Buffer.from('site-secret-one-0123456789')).patientId('PAT-001'));
  assert.notEqual(a.patientId('PAT-001'), b.patientId('PAT-001'));
  assert.equal(a.uid('1.2.3.4.5'), new Pseudonymizer(Buffer.from('site-secret-one-0123456789')).uid('1.2.3.4.5'));
  assert.notEqual(a.uid('1.2.3.4.5'), b.uid('1.2.3.4.5'));
});

test('patient keys ignore padding and Unicode normalisation', () => {
  assert.equal(a.patientId(' PAT-001 '), a.patientId('PAT-001'));
  assert.equal(a.patientId('Jose\u0301'), a.patientId('Jos\u00e9'));
});

test('UIDs are valid 2.25 UUID-derived UIDs of at most 64 characters', () => {
  for (let i = 0; i < 200; i++) {
    const u = a.uid(`1.2.826.0.1.3680043.${i}`);
    assert.match(u, /^2\.25\.(0|[1-9][0-9]*)$/);
    assert.ok(u.length <= 64);
    const n = BigInt(u.slice(5));
    assert.equal((n >> 76n) & 0xfn, 8n, 'UUID version 8');
  }
});

test('pseudonyms fit LO and PN, and date shifts stay within ten years', () => {
  const id = a.patientId('X');
  assert.match(id, /^OA-[0-9A-HJKMNP-TV-Z]{20}$/);
  for (let i = 0; i < 100; i++) {
    const d = a.dateShiftDays(`P${i}`);
    assert.ok(d >= 1 && d <= 3650);
  }
});

test('the keyed hashes are HMAC-SHA-256 under the secret, whatever the length or script of the value', async () => {
  const { createHmac } = await import('node:crypto');
  const secret = Buffer.from('site-secret-one-0123456789');
  for (const path of ['/a/b.dcm', 'x'.repeat(1000), '/données/患者/Ærø.dcm', '']) {
    const expected = createHmac('sha256', secret).update(`path\0${path}`).digest('hex').slice(0, 16);
    assert.equal(a.pathHash(path), expected);
  }
  const long = new Pseudonymizer(Buffer.alloc(100, 7));
  assert.equal(long.pathHash('/p'), createHmac('sha256', Buffer.alloc(100, 7)).update('path\0/p').digest('hex').slice(0, 16));
});
