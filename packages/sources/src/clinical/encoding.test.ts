import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDelimiter } from './delimiter.ts';
import { detectEncoding } from './encoding.ts';
import { windows1252 } from './test-support.ts';

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

test('a byte-order mark decides the encoding and is reported for skipping', () => {
  assert.deepEqual(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('id;nom\n')])), { encoding: 'utf-8', bom: 3 });
  assert.deepEqual(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tnom\n', 'utf16le')])), { encoding: 'utf-16le', bom: 2 });
  assert.deepEqual(detectEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('id\tnom\n', 'utf16le').swap16()])), { encoding: 'utf-16be', bom: 2 });
});

test('valid UTF-8 is UTF-8; Spanish Excel bytes are Windows-1252', () => {
  assert.deepEqual(detectEncoding(utf8('diagnóstico;ciudad\nCarcinoma ductal infiltrante;Lleida\n')), { encoding: 'utf-8', bom: 0 });
  assert.deepEqual(detectEncoding(utf8('plain ascii,only\n')), { encoding: 'utf-8', bom: 0 });
  assert.deepEqual(detectEncoding(windows1252('diagnóstico;ciudad;coste\nCarcinoma;Lleida;12 €\n')), { encoding: 'windows-1252', bom: 0 });
  assert.deepEqual(detectEncoding(new Uint8Array()), { encoding: 'utf-8', bom: 0 });
});

test('UTF-16 without a byte-order mark is recognised from its zero bytes', () => {
  assert.equal(detectEncoding(Buffer.from('id;diagnóstico\n1;C50.9\n', 'utf16le')).encoding, 'utf-16le');
  assert.equal(detectEncoding(Buffer.from('id;diagnóstico\n1;C50.9\n', 'utf16le').swap16()).encoding, 'utf-16be');
});

test('semicolon wins over the decimal commas of a Spanish export', () => {
  assert.equal(detectDelimiter('id;peso;talla\n1;70,5;1,72\n2;80,1;1,80\n3;65;1,60\n'), ';');
  assert.equal(detectDelimiter('id;diagnostico\n1;Carcinoma, ductal\n2;Linfoma\n'), ';');
});

test('comma, tab and pipe files', () => {
  assert.equal(detectDelimiter('id,sex,age\r\n1,F,54\r\n2,M,61\r\n'), ',');
  assert.equal(detectDelimiter('id\tdiagnosis; note\tage\n1\tC50.9; left\t54\n'), '\t');
  assert.equal(detectDelimiter('id|code|date\n1|C50.9|2020-01-01\n2|C34.1|2021-02-03\n'), '|');
});

test('delimiters and line breaks inside quotes are not splits', () => {
  const text = 'id,note,stage\n1,"a; b; c; d",IIA\n2,"line one\nline; two; three",IIB\n3,"say ""x;y""",IIIA\n';
  assert.equal(detectDelimiter(text), ',');
  const semi = 'id;note;stage\n1;"a, b, c, d";IIA\n2;"x,\ny,z";IIB\n';
  assert.equal(detectDelimiter(semi), ';');
});

test('a single-column file falls back to comma', () => {
  assert.equal(detectDelimiter('id\n1\n2\n'), ',');
  assert.equal(detectDelimiter(''), ',');
});

test('the sample is the first records only, so a huge file is sniffed quickly and a cut record is ignored', () => {
  const text = 'a;b;c\n' + '1;2;3\n'.repeat(20_000);
  assert.equal(detectDelimiter(text), ';');
});
