import { oncoError } from '@oncoatlas/core';

/**
 * What every clinical reader produces: a plain table of strings. Readers do not interpret values (dates,
 * codes, units stay as written) so the harmoniser sees exactly what the hospital exported and can explain
 * each decision it makes; the only transformations here are the ones a format forces (decoding bytes,
 * turning spreadsheet cell types into text, flattening FHIR).
 */
export interface ClinicalTable {
  /** File base name, `file#sheet` for XLSX, or the resource type for FHIR. */
  readonly name: string;
  /** Header names as written (trimmed), unique. */
  readonly columns: readonly string[];
  /** Every value a string ('' for empty). No row is dropped for being a duplicate. */
  readonly rows: readonly Record<string, string>[];
  readonly source: {
    readonly format: 'csv' | 'xlsx' | 'fhir';
    readonly encoding?: string;
    readonly delimiter?: string;
    readonly sheet?: string;
    readonly path: string;
  };
  /** Problems worth a human look. Never holds cell values: they may be names or identifiers. */
  readonly warnings: readonly string[];
}

/**
 * Refuses a header a join could not rely on. Duplicate names are reported by position only: when a file has
 * no header at all, its "header" is the first patient's row, and echoing it would leak that patient.
 */
export function checkColumns(names: readonly string[], file: string, label: (index: number) => string, sheet?: string): void {
  const where = sheet === undefined ? file : `${file}, sheet "${sheet}"`;
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      throw oncoError('CLINICAL_NO_HEADER', `${where}: ${label(i)} of the header row has no name; give every column a unique name.`,
        { file, sheet, column: label(i) });
    }
    const earlier = first.get(name);
    if (earlier !== undefined) {
      throw oncoError('CLINICAL_NO_HEADER', `${where}: ${label(earlier)} and ${label(i)} of the header row have the same name; make column names unique.`,
        { file, sheet, column: label(i) });
    }
    first.set(name, i);
  });
}

/**
 * Builds a row object. A column literally named `__proto__` would set the prototype instead of a value
 * under plain assignment, so that one key is defined rather than assigned.
 */
export function makeRow(columns: readonly string[], values: readonly string[]): Record<string, string> {
  const row: Record<string, string> = {};
  columns.forEach((c, i) => {
    const value = values[i] ?? '';
    if (c === '__proto__') Object.defineProperty(row, c, { value, enumerable: true, writable: true, configurable: true });
    else row[c] = value;
  });
  return row;
}

const ROW_WARNINGS_SHOWN = 20;

/**
 * Collects per-row warnings but keeps the list readable: a file where every row is ragged would otherwise
 * bury the one warning that matters under thousands of identical ones.
 */
export class RowWarnings {
  readonly #shown: string[] = [];
  #hidden = 0;

  add(message: string): void {
    if (this.#shown.length < ROW_WARNINGS_SHOWN) this.#shown.push(message);
    else this.#hidden++;
  }

  /** The shown warnings plus one line counting the rest. */
  list(what: string): string[] {
    return this.#hidden === 0 ? [...this.#shown] : [...this.#shown, `${this.#hidden} more ${what} not listed`];
  }
}

export function isBlank(values: readonly string[]): boolean {
  return values.every((v) => v.trim() === '');
}

/** Spreadsheet column letters (A, B, …, Z, AA): what a user sees when opening the sheet. */
export function columnLetter(column: number): string {
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
