import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isOncoAtlasError } from '@oncoatlas/core';
import { decodeText, parseSpecificCharacterSet } from './charset.ts';

const hex = (s: string): Uint8Array => Buffer.from(s.replace(/\s/g, ''), 'hex');
const cat = (...parts: (string | Uint8Array)[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
const ESC = '\x1b';

test('PS3.5 H.3.1: Japanese person name in ISO 2022 IR 87', () => {
  const name = cat('Yamada^Tarou=', ESC, '$B', hex('3b33 4544'), ESC, '(B^', ESC, '$B', hex('4240 4f3a'), ESC, '(B=',
    ESC, '$B', hex('2464 245e 2440'), ESC, '(B^', ESC, '$B', hex('243f 246d 2426'), ESC, '(B');
  assert.equal(decodeText(name, parseSpecificCharacterSet('\\ISO 2022 IR 87'), 'PN'), 'Yamada^Tarou=山田^太郎=やまだ^たろう');
});

test('PS3.5 H.3.2: half-width katakana in ISO 2022 IR 13 with JIS X 0208', () => {
  const name = cat(hex('d4cf c0de'), '^', hex('c0db b3'), '=', ESC, '$B', hex('3b33 4544'), ESC, '(J^', ESC, '$B', hex('4240 4f3a'), ESC, '(J=',
    ESC, '$B', hex('2464 245e 2440'), ESC, '(J^', ESC, '$B', hex('243f 246d 2426'), ESC, '(J');
  assert.equal(decodeText(name, parseSpecificCharacterSet('ISO 2022 IR 13\\ISO 2022 IR 87'), 'PN'), 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
});

test('PS3.5 I.2: Korean person name in ISO 2022 IR 149', () => {
  const name = cat('Hong^Gildong=', ESC, '$)C', hex('fbf3'), '^', ESC, '$)C', hex('d1ce d4d7'), '=', ESC, '$)C', hex('c8ab'), '^', ESC, '$)C', hex('b1e6 b5bf'));
  assert.equal(decodeText(name, parseSpecificCharacterSet('\\ISO 2022 IR 149'), 'PN'), 'Hong^Gildong=洪^吉洞=홍^길동');
});

test('single-byte and Unicode sets hospitals use', () => {
  assert.equal(decodeText(Buffer.from('Buc^Jérôme', 'latin1'), parseSpecificCharacterSet('ISO_IR 100'), 'PN'), 'Buc^Jérôme');
  assert.equal(decodeText(Buffer.from('MÜLLER^JOSÉ 😀', 'utf8'), parseSpecificCharacterSet('ISO_IR 192'), 'PN'), 'MÜLLER^JOSÉ 😀');
  // ISO 8859-5 and 8859-7 place their alphabets contiguously from 0xB0 and 0xC1.
  assert.equal(decodeText(hex('b8d2d0ddded2'), parseSpecificCharacterSet('ISO_IR 144'), 'PN'), 'Иванов');
  assert.equal(decodeText(hex('c4e9efedf5f3e9eff2'), parseSpecificCharacterSet('ISO_IR 126'), 'PN'), 'Διονυσιος');
  assert.equal(decodeText(Buffer.from('PLAIN^ASCII  ', 'latin1'), parseSpecificCharacterSet(undefined), 'PN'), 'PLAIN^ASCII');
  assert.equal(decodeText(Buffer.from('Wang^XiaoDong=王^小東', 'utf8'), parseSpecificCharacterSet('ISO_IR 192'), 'PN'), 'Wang^XiaoDong=王^小東');
});

test('misspelt terms seen in the wild are understood; unknown terms are refused by name', () => {
  assert.deepEqual(parseSpecificCharacterSet('ISO_IR100').terms, ['ISO_IR 100']);
  assert.deepEqual(parseSpecificCharacterSet('UTF-8').terms, ['ISO_IR 192']);
  assert.throws(() => parseSpecificCharacterSet('KLINGON'), (e) => isOncoAtlasError(e, 'DICOM_CHARSET'));
});

test('property: decoding never throws, for any bytes and any supported set', () => {
  const sets = ['', 'ISO_IR 100', 'ISO_IR 192', '\\ISO 2022 IR 87', '\\ISO 2022 IR 149', 'ISO 2022 IR 13\\ISO 2022 IR 87', 'GB18030', 'ISO_IR 166'].map(parseSpecificCharacterSet);
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(sets.length - 1), fc.constantFrom('PN', 'LO', 'UT'), (b, i, vr) => {
    decodeText(b, sets[i]!, vr);
  }), { numRuns: 2000 });
});
