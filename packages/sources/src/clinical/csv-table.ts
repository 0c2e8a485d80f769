import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { oncoError } from '@oncoatlas/core';
import { detectDelimiter } from './delimiter.ts';
import { decodeClinicalText } from './encoding.ts';
import { readSourceBytes } from './source-file.ts';
import { checkColumns, isBlank, makeRow, RowWarnings, type ClinicalTable } from './table.ts';

/** Reads a delimited text table (.csv, .tsv, .txt): encoding and delimiter are detected, not assumed. */
export function readClinicalCsv(path: string): ClinicalTable {
  return csvTableFromBytes(readSourceBytes(path), path);
}

interface ParsedRecord {
  readonly record: string[];
  /** 1-based line on which the record starts: where a user finds it in an editor or in Excel. */
  readonly line: number;
}

const DELIMITER_NAMES: Readonly<Record<string, string>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function csvTableFromBytes(bytes: Uint8Array, path: string): ClinicalTable {
  const file = basename(path);
  const { text, encoding } = decodeClinicalText(bytes, file);
  const delimiter = detectDelimiter(text);
  const records = parseRecords(text, delimiter, file);

  // Excel exports keep rows that were only formatted as lines of bare delimiters; above the header they are
  // layout, and the header is the first line that says something.
  const headerAt = records.findIndex((r) => !isBlank(r.record));
  if (headerAt < 0) {
    throw oncoError('CLINICAL_NO_HEADER', `${file} has no header row (the file holds no text).`, { file });
  }
  const raw = records[headerAt].record.map((name) => name.trim());
  const data = records.slice(headerAt + 1);
  const warnings: string[] = [];

  // A delimiter after the last column (`id;name;`) gives the header an unnamed last column. When nothing
  // below it holds a value it is an artefact of the export, not a column, so it goes rather than failing
  // the whole file.
  let width = raw.length;
  while (width > 1 && raw[width - 1] === '' && data.every((r) => (r.record[width - 1] ?? '').trim() === '')) width--;
  if (width < raw.length) warnings.push(`${raw.length - width} unnamed empty column(s) at the end of the header ignored`);
  const columns = raw.slice(0, width);
  checkColumns(columns, file, (i) => `column ${i + 1}`);

  const rows: Record<string, string>[] = [];
  const ragged = new RowWarnings();
  let blank = 0;
  for (const { record, line } of data) {
    if (isBlank(record)) {
      blank++;
      continue;
    }
    if (record.length !== raw.length) ragged.add(`row ${line} has ${record.length} fields, header has ${raw.length}`);
    rows.push(makeRow(columns, record));
  }
  warnings.push(...ragged.list('rows with a different number of fields than the header'));
  if (blank > 0) warnings.push(`${blank} row(s) with no value in any column skipped`);
  if (rows.length === 0) warnings.push('the table has a header but no data rows');

  return { name: file, columns, rows, source: { format: 'csv', encoding, delimiter, path }, warnings };
}

function parseRecords(text: string, delimiter: string, file: string): ParsedRecord[] {
  let parsed: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    parsed = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      // Hand-made exports put quotes inside unquoted values (`tumor 3" x 2"`); strict RFC 4180 would
      // reject the whole file for that.
      relax_quotes: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (err) {
    // csv-parse messages quote the offending characters, so only its code and line number are passed on.
    const e = err as { code?: unknown; lines?: unknown };
    const line = typeof e.lines === 'number' ? e.lines : undefined;
    const reason = e.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted value is never closed'
      : 'the quoting is malformed';
    const at = line === undefined ? '' : ` (near line ${line})`;
    throw oncoError('CLINICAL_UNREADABLE',
      `${file} could not be read as ${DELIMITER_NAMES[delimiter] ?? 'delimiter'}-separated text: ${reason}${at}; fix the quotes or re-export the file.`,
      { file, line, reason: typeof e.code === 'string' ? e.code : undefined });
  }
  // csv-parse reports the line a record ends on, and counts the blank lines it skipped; the line a record
  // starts on follows from the previous record's end.
  const out: ParsedRecord[] = [];
  let prevEnd = 0;
  let prevEmpty = 0;
  for (const { record, info } of parsed) {
    out.push({ record, line: prevEnd + 1 + (info.empty_lines - prevEmpty) });
    prevEnd = info.lines;
    prevEmpty = info.empty_lines;
  }
  return out;
}
