/**
 * A parsed, validated mapping: which source table feeds which CDM entity, which column which field, and
 * how values are read. Every part keeps the line it came from, so a problem found later against the data
 * (a column the table does not have) still points into the mapping file.
 */
import type { DateFormat } from '../dates.ts';
import type { CheckName, Severity } from '../qc/checks.ts';
import type { FieldType, MappableEntity } from './fields.ts';

export interface Mapping {
  /** The name errors use for the mapping file (`mapping.yaml`). */
  readonly file: string;
  readonly version: 1;
  /** Severity changes from the mapping's `qc.severity`. */
  readonly severity: Partial<Record<CheckName, Severity>>;
  readonly tables: readonly TableMapping[];
}

export interface TableMapping {
  /** The key under `tables:`. */
  readonly id: string;
  readonly line: number;
  /** The source table's name as the readers give it: `patients.csv`, `diagnosticos.xlsx#Diagnósticos`. */
  readonly source: string;
  readonly sourceLine: number;
  readonly optional: boolean;
  readonly entity: MappableEntity;
  readonly patientKey: { readonly column: string; readonly line: number };
  readonly onePerPatient: boolean;
  readonly consent: ConsentMapping | null;
  readonly columns: readonly ColumnMapping[];
}

export interface ConsentMapping {
  readonly column: string;
  readonly line: number;
  /** Normalised (`normalizeLocal`) values meaning consent was withdrawn. */
  readonly withdrawn: ReadonlySet<string>;
}

export interface ColumnMapping {
  readonly column: string;
  readonly line: number;
  readonly field: string;
  readonly type: FieldType;
  /** Severity of an empty value; null: the field may be empty. */
  readonly required: Severity | null;
  /** Normalised local value → value-set key; null maps a local "no value" marker to empty. */
  readonly values: ReadonlyMap<string, string | null>;
  /** The unit of bare numbers, canonical spelling (`mm`, `Gy`, `years`). */
  readonly unit: string | null;
  readonly unitColumn: string | null;
  /** Date columns only. */
  readonly dateFormat: DateFormat | null;
  /** TNM columns: clinical (`c`) or pathological (`p`) staging, when the mapping says. */
  readonly basis: 'c' | 'p' | null;
}

export interface MappingProblem {
  readonly line: number;
  /** `tables.patients.columns.Sexo` */
  readonly path: string;
  readonly message: string;
}

export function formatProblem(file: string, p: MappingProblem): string {
  return `${file}:${p.line}: ${p.path}: ${p.message}`;
}
