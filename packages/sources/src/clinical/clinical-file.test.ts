import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { readClinicalFile } from './clinical-file.ts';
import { fixtureDir, rejectsOnco, windows1252 } from './test-support.ts';

const { write, dir } = fixtureDir();

async function xlsxBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Diagnósticos').addRows([['nhc', 'cie10'], ['NHC-99817', 'C50.9']]);
  const path = `${dir}/source.xlsx`;
  await wb.xlsx.writeFile(path);
  return readFileSync(path);
}

/** A one-file zip with no compression: a zip that is not a workbook. */
function storedZip(name: string, data: Buffer): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + n.length, 12); end.writeUInt32LE(30 + n.length + data.length, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

test('the reader is chosen by content, whatever the extension says', async () => {
  const xlsx = await readClinicalFile(write('diagnosticos.csv', await xlsxBytes()));
  assert.deepEqual(xlsx.map((t) => [t.name, t.source.format]), [['diagnosticos.csv#Diagnósticos', 'xlsx']]);
  assert.equal(xlsx[0].rows[0].cie10, 'C50.9');

  const fhir = await readClinicalFile(write('export.txt', `  \n${JSON.stringify({ resourceType: 'Patient', id: 'p1' })}`));
  assert.deepEqual(fhir.map((t) => [t.name, t.source.format]), [['Patient', 'fhir']]);

  // Hospital information systems like to call tab-separated text ".xls".
  const tsv = await readClinicalFile(write('informe.xls', windows1252('nhc\tciudad\nNHC-99817\tCastelló\n')));
  assert.deepEqual(tsv.map((t) => [t.name, t.source.format, t.source.delimiter, t.source.encoding]), [['informe.xls', 'csv', '\t', 'windows-1252']]);

  const csv = await readClinicalFile(write('tabla.csv', 'a;b\n1;2\n'));
  assert.deepEqual(csv.map((t) => t.source.format), ['csv']);
});

test('files that are not what they claim get a CLINICAL_UNREADABLE that says what to do', async () => {
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
  assert.match((await rejectsOnco(() => readClinicalFile(write('viejo.xls', ole)), 'CLINICAL_UNREADABLE')).message, /Excel 97-2003.*re-save it as XLSX or CSV/);
  const html = '<!DOCTYPE html><html><table><tr><td>Quimbalete</td></tr></table></html>';
  assert.match((await rejectsOnco(() => readClinicalFile(write('web.xls', html)), 'CLINICAL_UNREADABLE')).message, /HTML or XML/);
  assert.match((await rejectsOnco(() => readClinicalFile(write('named.xlsx', 'NHC;Apellidos\nNHC-99817;Quimbalete\n')), 'CLINICAL_UNREADABLE')).message, /named \.xlsx but is not an XLSX workbook/);
  const bytes = await xlsxBytes();
  await rejectsOnco(() => readClinicalFile(write('half.xlsx', bytes.subarray(0, bytes.length >> 1))), 'CLINICAL_UNREADABLE');
  await rejectsOnco(() => readClinicalFile(write('other.zip', storedZip('notes.txt', Buffer.from('Quimbalete')))), 'CLINICAL_UNREADABLE');
});

test('JSON without a resourceType goes to the FHIR reader and is FHIR_INVALID, missing files SOURCE_NOT_FOUND', async () => {
  await rejectsOnco(() => readClinicalFile(write('data.json', '{"patients": ["Quimbalete"]}')), 'FHIR_INVALID');
  await rejectsOnco(() => readClinicalFile(write('list.json', '["Quimbalete"]')), 'FHIR_INVALID');
  await rejectsOnco(() => readClinicalFile(`${dir}/nowhere.csv`), 'SOURCE_NOT_FOUND');
  await rejectsOnco(() => readClinicalFile(dir), 'CLINICAL_UNREADABLE');
});
