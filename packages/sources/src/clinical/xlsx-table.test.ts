import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { cellText, readClinicalXlsx } from './xlsx-table.ts';
import { assertNoPlanted, fixtureDir, rejectsOnco } from './test-support.ts';

const { write, dir } = fixtureDir();

async function workbookFile(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = `${dir}/${name}`;
  await wb.xlsx.writeFile(path);
  return path;
}

function clinicalWorkbook(wb: ExcelJS.Workbook): void {
  const patients = wb.addWorksheet('Pacientes');
  patients.addRow([]); // a blank row above the header, as hospital templates often have
  patients.addRow(['NHC', ' Apellidos ', 'Nacimiento', 'Cirugía', 'Peso', 'Peso doble', 'Informe', 'Nota', 'Fumador', 'Ratio']);
  patients.addRow(['NHC-99817', 'Pérez Quimbalete', new Date(Date.UTC(1961, 4, 23)), new Date(Date.UTC(2021, 2, 4, 9, 15)), 70.5,
    { formula: 'E3*2', result: 141 }, { text: 'informe', hyperlink: 'https://example.org/r/1' },
    { richText: [{ text: 'Carcinoma ' }, { text: 'ductal', font: { bold: true } }] }, true, { formula: '1/0', result: { error: '#DIV/0!' } }]);
  patients.addRow([]);
  patients.addRow(['NHC-10002', 'Xabiertxo', new Date(Date.UTC(1955, 0, 1)), null, 81, { formula: 'E5*2' }, null, 'Lleida', false, { error: '#N/A' }]);
  patients.addRow(['NHC-10002', 'Xabiertxo', new Date(Date.UTC(1955, 0, 1)), null, 81, null, null, 'Lleida', false, null]);
  wb.addWorksheet('Vacía');
  const treatments = wb.addWorksheet('Tratamientos');
  treatments.getCell('B3').value = 'nhc';
  treatments.getCell('C3').value = 'tratamiento';
  treatments.getCell('D3').value = 'hora';
  treatments.getCell('B4').value = 'NHC-99817';
  treatments.getCell('C4').value = 'Radioterapia';
  treatments.getCell('D4').value = new Date(Date.UTC(1899, 11, 30, 10, 30));
  treatments.getCell('F4').value = 'Quimbalete'; // a stray note right of the table
}

test('XLSX: one table per non-empty sheet, cells converted to text', async () => {
  const path = await workbookFile('clinica.xlsx', clinicalWorkbook);
  const tables = await readClinicalXlsx(path);
  assert.deepEqual(tables.map((t) => t.name), ['clinica.xlsx#Pacientes', 'clinica.xlsx#Tratamientos']);
  const [p, t] = tables;
  assert.deepEqual(p.source, { format: 'xlsx', sheet: 'Pacientes', path });
  assert.deepEqual(p.columns, ['NHC', 'Apellidos', 'Nacimiento', 'Cirugía', 'Peso', 'Peso doble', 'Informe', 'Nota', 'Fumador', 'Ratio']);
  assert.equal(p.rows.length, 3, 'the duplicate row is kept');
  assert.deepEqual(p.rows[0], {
    NHC: 'NHC-99817', Apellidos: 'Pérez Quimbalete', Nacimiento: '1961-05-23', Cirugía: '2021-03-04T09:15:00', Peso: '70.5',
    'Peso doble': '141', Informe: 'informe', Nota: 'Carcinoma ductal', Fumador: 'true', Ratio: '#DIV/0!',
  });
  assert.deepEqual(p.rows[1], {
    NHC: 'NHC-10002', Apellidos: 'Xabiertxo', Nacimiento: '1955-01-01', Cirugía: '', Peso: '81',
    'Peso doble': '', Informe: '', Nota: 'Lleida', Fumador: 'false', Ratio: '#N/A',
  });
  assert.deepEqual(p.warnings, []);

  assert.deepEqual(t.columns, ['nhc', 'tratamiento', 'hora']);
  assert.deepEqual(t.rows[0], { nhc: 'NHC-99817', tratamiento: 'Radioterapia', hora: '10:30:00' });
  assert.deepEqual(t.warnings, ['row 4 has values outside the header\'s columns (F)']);
  for (const w of [...p.warnings, ...t.warnings]) assertNoPlanted(w);
});

test('hidden sheets are read, with a warning; whitespace-only rows above the header are skipped', async () => {
  const path = await workbookFile('hidden.xlsx', (wb) => {
    const s = wb.addWorksheet('Listas', { state: 'hidden' });
    s.addRow(['   ']);
    s.addRow(['estadio']);
    s.addRow(['IIA']);
  });
  const [t] = await readClinicalXlsx(path);
  assert.deepEqual(t.columns, ['estadio']);
  assert.deepEqual(t.rows, [{ estadio: 'IIA' }]);
  assert.deepEqual(t.warnings, ['the sheet is hidden in the workbook']);
});

test('cellText covers every exceljs value shape', () => {
  assert.equal(cellText(null), '');
  assert.equal(cellText(0.1 + 0.2), '0.30000000000000004');
  assert.equal(cellText(new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 600))), '2020-01-02T03:04:05.600');
  assert.equal(cellText({ sharedFormula: 'A1', result: new Date(Date.UTC(2020, 0, 2)) }), '2020-01-02');
  assert.equal(cellText({ text: { richText: [{ text: 'a' }, { text: 'b' }] } as unknown as string, hyperlink: 'x' }), 'ab');
  assert.equal(cellText(new Date(Number.NaN)), '');
});

test('XLSX header problems are CLINICAL_NO_HEADER naming sheet and column letter', async () => {
  const dup = await workbookFile('dup.xlsx', (wb) => {
    const s = wb.addWorksheet('Hoja1');
    s.addRow(['Quimbalete', 'Quimbalete', 'NHC-99817']);
  });
  const err = await rejectsOnco(() => readClinicalXlsx(dup), 'CLINICAL_NO_HEADER');
  assert.match(err.message, /dup\.xlsx, sheet "Hoja1": column A and column B/);
  const gap = await workbookFile('gap.xlsx', (wb) => {
    const s = wb.addWorksheet('Hoja1');
    s.getCell('A1').value = 'id';
    s.getCell('C1').value = 'edad';
  });
  assert.match((await rejectsOnco(() => readClinicalXlsx(gap), 'CLINICAL_NO_HEADER')).message, /column B of the header row has no name/);
  const empty = await workbookFile('empty.xlsx', (wb) => { wb.addWorksheet('A'); wb.addWorksheet('B'); });
  await rejectsOnco(() => readClinicalXlsx(empty), 'CLINICAL_NO_HEADER');
});

test('a truncated or fake XLSX is CLINICAL_UNREADABLE with advice to re-save', async () => {
  const good = await workbookFile('whole.xlsx', clinicalWorkbook);
  const bytes = readFileSync(good);
  const cut = write('cut.xlsx', bytes.subarray(0, bytes.length >> 1));
  const err = await rejectsOnco(() => readClinicalXlsx(cut), 'CLINICAL_UNREADABLE');
  assert.match(err.message, /cut\.xlsx .*re-save it as XLSX or CSV/);
  await rejectsOnco(() => readClinicalXlsx(write('text.xlsx', 'NHC;Apellidos\nNHC-99817;Quimbalete\n')), 'CLINICAL_UNREADABLE');
  await rejectsOnco(() => readClinicalXlsx(write('zero.xlsx', '')), 'CLINICAL_UNREADABLE');
  await rejectsOnco(() => readClinicalXlsx(`${dir}/absent.xlsx`), 'SOURCE_NOT_FOUND');
});
