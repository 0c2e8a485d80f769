import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readClinicalCsv } from './csv-table.ts';
import { assertNoPlanted, fixtureDir, throwsOnco, windows1252 } from './test-support.ts';

const { write } = fixtureDir();
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);

test('Windows-1252 with semicolons and Spanish/Catalan accents (Excel on Spanish Windows)', () => {
  const path = write('pacientes.csv', windows1252(
    'NHC;Apellidos;Ciudad;Diagnóstico;Peso;Coste\r\n' +
    'NHC-99817;Pérez Quimbalete;Lleida;Carcinoma ductal infiltrante;70,5;1.200 €\r\n' +
    'NHC-10002;Muñoz i Castellà;Girona;Adenocarcinoma pulmón;81,2;900 €\r\n'));
  const t = readClinicalCsv(path);
  assert.equal(t.name, 'pacientes.csv');
  assert.deepEqual(t.source, { format: 'csv', encoding: 'windows-1252', delimiter: ';', path });
  assert.deepEqual(t.columns, ['NHC', 'Apellidos', 'Ciudad', 'Diagnóstico', 'Peso', 'Coste']);
  assert.equal(t.rows.length, 2);
  assert.deepEqual(t.rows[0], {
    NHC: 'NHC-99817', Apellidos: 'Pérez Quimbalete', Ciudad: 'Lleida', Diagnóstico: 'Carcinoma ductal infiltrante', Peso: '70,5', Coste: '1.200 €',
  });
  assert.equal(t.rows[1].Apellidos, 'Muñoz i Castellà');
  assert.deepEqual(t.warnings, []);
});

test('UTF-8 with a BOM and tabs; header names are trimmed, values are kept as written', () => {
  const path = write('export.tsv', Buffer.concat([BOM8, Buffer.from(' id \tdiagnóstico\t sexo\n1\tC50.9 \tF\n2\tC34.1\tM\n')]));
  const t = readClinicalCsv(path);
  assert.equal(t.source.encoding, 'utf-8');
  assert.equal(t.source.delimiter, '\t');
  assert.deepEqual(t.columns, ['id', 'diagnóstico', 'sexo']);
  assert.deepEqual(t.rows.map((r) => r.diagnóstico), ['C50.9 ', 'C34.1']);
});

test('UTF-16LE with a BOM (Excel "Unicode text")', () => {
  const path = write('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\tciudad\r\n1\tLleida\r\n2\tA Coruña\r\n', 'utf16le')]));
  const t = readClinicalCsv(path);
  assert.equal(t.source.encoding, 'utf-16le');
  assert.deepEqual(t.rows.map((r) => r.ciudad), ['Lleida', 'A Coruña']);
});

test('quoted fields keep delimiters, quotes and line breaks; row numbers are the lines records start on', () => {
  const path = write('quoted.csv',
    'id,note,stage\n' +
    '1,"Carcinoma, ductal; infiltrante",IIA\n' +
    '2,"first line\nsecond line, with comma",IIB\n' +
    '3,"he said ""T2N0""",IIIA\n' +
    '\n' +
    '4,extra,IV,unexpected\n');
  const t = readClinicalCsv(path);
  assert.equal(t.source.delimiter, ',');
  assert.deepEqual(t.rows.map((r) => r.note), ['Carcinoma, ductal; infiltrante', 'first line\nsecond line, with comma', 'he said "T2N0"', 'extra']);
  assert.deepEqual(t.warnings, ['row 7 has 4 fields, header has 3']);
});

test('ragged rows are kept, padded or truncated, and warned about by row number only', () => {
  const path = write('ragged.csv', 'id;apellido;edad;sexo\r\n1;Quimbalete;54;F\r\n2;Xabiertxo\r\n3;Urrutikoetxea;61;M;extra;more\r\n4;Pérez;40;F\r\n');
  const t = readClinicalCsv(path);
  assert.equal(t.rows.length, 4);
  assert.deepEqual(t.rows[1], { id: '2', apellido: 'Xabiertxo', edad: '', sexo: '' });
  assert.deepEqual(t.rows[2], { id: '3', apellido: 'Urrutikoetxea', edad: '61', sexo: 'M' });
  assert.deepEqual(t.warnings, ['row 3 has 2 fields, header has 4', 'row 4 has 6 fields, header has 4']);
  for (const w of t.warnings) assertNoPlanted(w);
});

test('duplicate rows are not dropped; rows with no value at all are skipped with a count', () => {
  const path = write('dups.csv', ';;\nid;code;date\n1;C50.9;2020-01-01\n1;C50.9;2020-01-01\n;;\n ; ; \n2;C34.1;2021-05-05\n');
  const t = readClinicalCsv(path);
  assert.deepEqual(t.columns, ['id', 'code', 'date']);
  assert.equal(t.rows.length, 3);
  assert.deepEqual(t.warnings, ['2 row(s) with no value in any column skipped']);
});

test('an unnamed empty last column (trailing delimiter) is dropped with a warning', () => {
  const t = readClinicalCsv(write('trailing.csv', 'id;code;\n1;C50.9;\n2;C34.1;\n'));
  assert.deepEqual(t.columns, ['id', 'code']);
  assert.deepEqual(t.warnings, ['1 unnamed empty column(s) at the end of the header ignored']);
  assert.equal(t.rows[1].code, 'C34.1');
});

test('column names that are also JavaScript object keys are ordinary columns', () => {
  const t = readClinicalCsv(write('keys.csv', '__proto__,constructor,toString\n1,2,3\n'));
  // A computed key defines an own property, unlike a literal `__proto__:` which would set the prototype.
  assert.deepEqual(t.rows, [{ ['__proto__']: '1', constructor: '2', toString: '3' }]);
  assert.equal(Object.getPrototypeOf(t.rows[0]), Object.prototype);
  assert.deepEqual(Object.keys(t.rows[0]), ['__proto__', 'constructor', 'toString']);
});

test('header-only table is read with a warning', () => {
  const t = readClinicalCsv(write('empty-body.csv', 'id,code\n'));
  assert.deepEqual(t.columns, ['id', 'code']);
  assert.deepEqual(t.rows, []);
  assert.deepEqual(t.warnings, ['the table has a header but no data rows']);
});

test('header problems are CLINICAL_NO_HEADER and never echo the row taken for a header', () => {
  // A file exported without a header: its first patient becomes the "header" and has a repeated surname.
  const dup = throwsOnco(() => readClinicalCsv(write('headerless.csv', 'Quimbalete;Quimbalete;NHC-99817\nXabiertxo;Pérez;NHC-10002\n')), 'CLINICAL_NO_HEADER');
  assert.match(dup.message, /headerless\.csv: column 1 and column 2 .*same name/);
  const empty = throwsOnco(() => readClinicalCsv(write('gap.csv', 'id;;edad\n1;Quimbalete;40\n')), 'CLINICAL_NO_HEADER');
  assert.match(empty.message, /column 2 of the header row has no name/);
  throwsOnco(() => readClinicalCsv(write('nothing.csv', '')), 'CLINICAL_NO_HEADER');
  throwsOnco(() => readClinicalCsv(write('blank.csv', '\n\n;;\n')), 'CLINICAL_NO_HEADER');
});

test('binary content is CLINICAL_UNREADABLE', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR Quimbalete'), Buffer.alloc(64)]);
  const err = throwsOnco(() => readClinicalCsv(write('scan.csv', png)), 'CLINICAL_UNREADABLE');
  assert.match(err.message, /scan\.csv is not a text table/);
  const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  throwsOnco(() => readClinicalCsv(write('noise.csv', noise)), 'CLINICAL_UNREADABLE');
  // A BOM promising UTF-16 followed by an odd number of bytes.
  throwsOnco(() => readClinicalCsv(write('odd16.csv', Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]))), 'CLINICAL_UNREADABLE');
});

test('an unclosed quote is CLINICAL_UNREADABLE naming the line, not the text', () => {
  const err = throwsOnco(() => readClinicalCsv(write('open-quote.csv', 'id,name\n1,Quimbalete\n2,"Xabiertxo Pérez\n3,NHC-99817\n')), 'CLINICAL_UNREADABLE');
  assert.match(err.message, /never closed \(near line \d+\)/);
});

test('a missing file is SOURCE_NOT_FOUND', () => {
  throwsOnco(() => readClinicalCsv('/nonexistent/oncoatlas/missing.csv'), 'SOURCE_NOT_FOUND');
});
