import { basename, extname } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { csvTableFromBytes } from './csv-table.ts';
import { detectEncoding } from './encoding.ts';
import { fhirTablesFromBytes } from './fhir-bundle.ts';
import { readSourceBytes } from './source-file.ts';
import type { ClinicalTable } from './table.ts';
import { xlsxTablesFromBytes } from './xlsx-table.ts';

/**
 * Reads any clinical export, choosing the reader from the content. Extensions lie in hospital exports: a
 * ".xls" that is really tab-separated text or HTML, a ".csv" that is a workbook, a FHIR bundle saved as
 * ".txt". The extension is consulted only to explain a file that is not what its name claims.
 */
export async function readClinicalFile(path: string): Promise<ClinicalTable[]> {
  const bytes = readSourceBytes(path);
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  switch (sniffFormat(bytes, ext)) {
    case 'xlsx':
      return xlsxTablesFromBytes(bytes, path);
    case 'fhir':
      return fhirTablesFromBytes(bytes, path);
    case 'csv':
      return [csvTableFromBytes(bytes, path)];
    case 'xls':
      throw oncoError('CLINICAL_UNREADABLE', `${file} is an old Excel 97-2003 (.xls) workbook, which is not supported; open it in Excel or LibreOffice and re-save it as XLSX or CSV.`,
        { file, format: 'xls' });
    case 'markup':
      throw oncoError('CLINICAL_UNREADABLE', `${file} is an HTML or XML document, not a table file (some systems save web pages as ".xls"); open it in Excel or LibreOffice and re-save it as XLSX or CSV.`,
        { file, format: 'markup' });
    case 'not-xlsx':
      throw oncoError('CLINICAL_UNREADABLE', `${file} is named ${ext} but is not an XLSX workbook; open it in Excel or LibreOffice and re-save it as XLSX or CSV.`,
        { file, format: 'xlsx' });
  }
}

type Sniffed = 'xlsx' | 'fhir' | 'csv' | 'xls' | 'markup' | 'not-xlsx';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HEAD_BYTES = 4096;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function sniffFormat(bytes: Uint8Array, ext: string): Sniffed {
  if (startsWith(bytes, ZIP)) return 'xlsx';
  if (startsWith(bytes, OLE2)) return 'xls';
  // Read as text only what a first glance needs; a multi-byte character cut at the end does not matter.
  const head = bytes.subarray(0, HEAD_BYTES);
  const { encoding, bom } = detectEncoding(head);
  const text = new TextDecoder(encoding).decode(head.subarray(bom)).trimStart();
  // Any JSON object goes to the FHIR reader, which names what is missing (a resourceType, say) rather than
  // letting the CSV reader make a one-column table of braces.
  if (text.startsWith('{') || ext === '.json') return 'fhir';
  if (/^<(\?xml|!doctype|html|table)/i.test(text)) return 'markup';
  if (ext === '.xlsx' || ext === '.xlsm') return 'not-xlsx';
  return 'csv';
}
