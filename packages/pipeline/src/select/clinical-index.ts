/**
 * The clinical facts the select stage needs per patient — is there a record, did the patient withdraw
 * consent, what sex and birth date does the record give — read from the hospital's patients table through
 * the cohort configuration's column mapping. Dates are read the way the export writes them (dd/mm/yyyy,
 * yyyy-mm-dd, dd-mm-yy); a value that cannot be read is unknown, never guessed.
 */
import { oncoError } from '@oncoatlas/core';
import type { ClinicalTable } from '@oncoatlas/sources';
import type { CohortConfig } from './cohort-config.ts';

export interface ClinicalPatient {
  readonly sex: 'M' | 'F' | null;
  /** YYYYMMDD; with a two-digit year in the source, `??YYMMDD` (century unknown). */
  readonly birthDate: string | null;
  readonly consentWithdrawn: boolean;
}

/**
 * Reads an export's date as DICOM's YYYYMMDD (or ??YYMMDD for two-digit years), to compare with the images'
 * Patient's Birth Date; null when it is not a date. Unlike @oncoatlas/clinical's reader, which must settle a
 * century for the CDM, the select stage keeps it open: a two-digit year matches either century.
 */
export function exportDateAsDicom(raw: string, dayFirst: boolean): string | null {
  const v = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return valid(m[1]!, m[2]!, m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(v);
  if (!m) return null;
  const [a, b, y] = [m[1]!.padStart(2, '0'), m[2]!.padStart(2, '0'), m[3]!];
  const [day, month] = dayFirst ? [a, b] : [b, a];
  return y.length === 4 ? valid(y, month, day) : valid(`??${y}`, month, day);
}

function valid(y: string, m: string, d: string): string | null {
  const mm = Number(m);
  const dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}${m}${d}`;
}

/** True when two birth dates cannot be the same day (a two-digit year matches any century). */
export function birthDatesDiffer(a: string, b: string): boolean {
  if (a.startsWith('??') || b.startsWith('??')) return a.slice(-6) !== b.slice(-6);
  return a !== b;
}

export class ClinicalIndex {
  readonly #patients = new Map<string, ClinicalPatient>();

  get size(): number {
    return this.#patients.size;
  }

  get(patientId: string): ClinicalPatient | undefined {
    return this.#patients.get(patientId.trim());
  }

  /** Builds the index from the patients table; duplicate rows agree or the later one wins for its non-empty values. */
  static fromTable(table: ClinicalTable, config: CohortConfig): ClinicalIndex {
    const map = config.patients;
    if (!map) throw oncoError('CONFIG_INVALID', 'Cohort configuration: patients is required to link clinical records.', { field: 'patients' });
    for (const [field, column] of Object.entries({ id: map.id, sex: map.sex, birthDate: map.birthDate, consent: map.consent })) {
      if (column !== undefined && !table.columns.includes(column)) {
        throw oncoError('CONFIG_INVALID', `Cohort configuration: patients.${field} names a column the table does not have.`, { field: `patients.${field}`, table: table.name });
      }
    }
    const norm = (s: string | undefined): string => (s ?? '').trim().toUpperCase();
    const male = new Set(config.values.male);
    const female = new Set(config.values.female);
    const withdrawn = new Set(config.values.consentWithdrawn);
    const index = new ClinicalIndex();
    for (const row of table.rows) {
      const id = (row[map.id] ?? '').trim();
      if (!id) continue;
      const sexValue = norm(map.sex ? row[map.sex] : undefined);
      const sex = male.has(sexValue) ? 'M' : female.has(sexValue) ? 'F' : null;
      const birthDate = map.birthDate ? exportDateAsDicom(row[map.birthDate] ?? '', config.dayFirst) : null;
      const consentWithdrawn = map.consent ? withdrawn.has(norm(row[map.consent])) : false;
      const before = index.#patients.get(id);
      index.#patients.set(id, {
        sex: sex ?? before?.sex ?? null,
        birthDate: birthDate ?? before?.birthDate ?? null,
        consentWithdrawn: consentWithdrawn || (before?.consentWithdrawn ?? false),
      });
    }
    return index;
  }
}
