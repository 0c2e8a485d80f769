import { basename } from 'node:path';
// Loaded when a workbook is read: exceljs and its zip stack cost about 0.3 s of every command's start-up otherwise.
import type ExcelJS from 'exceljs';
import { oncoError } from '@oncoatlas/core';
import { readSourceBytes } from './source-file.ts';
import { checkColumns, columnLetter, isBlank, makeRow, RowWarnings, type ClinicalTable } from './table.ts';

/** Reads every non-empty worksheet of an XLSX workbook as its own table. */
export async function readClinicalXlsx(path: string): Promise<ClinicalTable[]> {
  return xlsxTablesFromBytes(readSourceBytes(path), path);
}

export async function xlsxTablesFromBytes(bytes: Buffer, path: string): Promise<ClinicalTable[]> {
  const file = basename(path);
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs types its argument as its own ArrayBuffer-like `Buffer`; at run time it takes Node's.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    // The zip and XML parsers' messages can quote document text, so the cause is not kept.
    throw unreadable(file);
  }
  // A zip that is not a workbook (a .docx, a zipped folder) loads without error and without worksheets.
  if (workbook.worksheets.length === 0) throw unreadable(file);
  const tables: ClinicalTable[] = [];
  for (const sheet of workbook.worksheets) {
    const table = sheetTable(sheet, file, path);
    if (table) tables.push(table);
  }
  if (tables.length === 0) {
    throw oncoError('CLINICAL_NO_HEADER', `${file}: every sheet is empty, so there is no header row to read.`, { file });
  }
  return tables;
}

function unreadable(file: string) {
  return oncoError('CLINICAL_UNREADABLE',
    `${file} could not be opened as an XLSX workbook: it is damaged, incomplete or another format. Open it in Excel or LibreOffice and re-save it as XLSX or CSV.`,
    { file });
}

/** Cell texts of a row keyed by 1-based column number; cells that are empty are absent. */
type RowTexts = Map<number, string>;

function sheetTable(sheet: ExcelJS.Worksheet, file: string, path: string): ClinicalTable | undefined {
  const read: { number: number; cells: RowTexts }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: RowTexts = new Map();
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cellText(cell.value);
      if (text !== '') cells.set(column, text);
    });
    read.push({ number, cells });
  });
  // The header is the first row that says something; title rows and blank rows above it are common, but
  // a title row cannot be told from a one-column header, so only blank rows are passed over.
  const headerAt = read.findIndex((r) => filled(r.cells).length > 0);
  if (headerAt < 0) return undefined;
  const header = read[headerAt].cells;
  const first = Math.min(...filled(header));
  const last = Math.max(...filled(header));
  const names: string[] = [];
  for (let c = first; c <= last; c++) names.push((header.get(c) ?? '').trim());
  checkColumns(names, file, (i) => `column ${columnLetter(first + i)}`, sheet.name);

  const warnings: string[] = [];
  if (sheet.state !== 'visible') warnings.push('the sheet is hidden in the workbook');
  const outside = new RowWarnings();
  const rows: Record<string, string>[] = [];
  let blank = 0;
  for (const { number, cells } of read.slice(headerAt + 1)) {
    const values: string[] = [];
    for (let c = first; c <= last; c++) values.push(cells.get(c) ?? '');
    // Values left or right of the header have no column to go under; the warning says where they are
    // rather than guessing where they belong.
    const stray = filled(cells).filter((c) => c < first || c > last);
    if (stray.length > 0) outside.add(`row ${number} has values outside the header's columns (${stray.map(columnLetter).join(', ')})`);
    if (isBlank(values)) {
      if (stray.length === 0) blank++;
      continue;
    }
    rows.push(makeRow(names, values));
  }
  warnings.push(...outside.list('rows with values outside the header\'s columns'));
  if (blank > 0) warnings.push(`${blank} row(s) with no value in any column skipped`);
  if (rows.length === 0) warnings.push('the table has a header but no data rows');
  return {
    name: `${file}#${sheet.name}`,
    columns: names,
    rows,
    source: { format: 'xlsx', sheet: sheet.name, path },
    warnings,
  };
}

/** Columns holding more than whitespace. */
function filled(cells: RowTexts): number[] {
  return [...cells].filter(([, text]) => text.trim() !== '').map(([column]) => column);
}

/**
 * A cell as the text a user would type to mean the same value. Formulas give their cached result (what Excel
 * showed when the file was saved; nothing is recalculated), hyperlinks their text, rich text its runs.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if ('error' in value) return value.error;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  if ('hyperlink' in value) {
    // exceljs gives the link text as rich text when the text is formatted, despite its typings.
    const text: unknown = value.text;
    return typeof text === 'string' ? text : cellText(text as ExcelJS.CellValue);
  }
  return '';
}

/**
 * Excel stores dates as day counts with no time zone, and exceljs hands them over as if they were UTC, so
 * the UTC fields are the wall-clock fields the hospital typed. No zone designator is written: claiming UTC
 * would be wrong.
 */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const time = iso.endsWith('.000Z') ? iso.slice(11, 19) : iso.slice(11, 23);
  // Day 0 of the 1900 date system: a time typed without a date.
  if (iso.startsWith('1899-12-30T')) return time;
  if (time === '00:00:00') return iso.slice(0, 10);
  return `${iso.slice(0, 10)}T${time}`;
}
