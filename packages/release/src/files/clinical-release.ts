/**
 * A clinical record as a release writes it: each column by its rule (attribute-rules.ts). Keys, sensitive and
 * non-identifying columns are copied; removed ones dropped; a quasi-identifier written at the level the risk
 * search chose: a code cut to its category or dropped, an age or a tumour size as its band, a date as its
 * offset from the patient's baseline in the chosen unit (`treatment_start_offset_weeks: 3`), or not at all.
 * A stage or grade record whose value is withdrawn is dropped whole (its presence says the staging was done).
 * A column declared nowhere is reported, never written. Pure.
 */
import type { Hierarchy, Levels, OffsetUnit } from '@oncoatlas/risk';
import { offsetBin } from '@oncoatlas/risk';
import { CDM_COLUMNS } from '../profile/attribute-rules.ts';
import { stageQuasiIdentifier, type ReleaseQuasiIdentifier } from '../profile/quasi-identifiers.ts';
import { dayNumber } from './release-dates.ts';

export interface ReleaseLevels {
  readonly qis: ReadonlyMap<string, ReleaseQuasiIdentifier>;
  readonly levels: Levels;
}

export interface PatientRelease {
  /** The patient's baseline (day number, in the frame of the integrated dates), or null: no date is released. */
  readonly baselineDay: number | null;
  /** What the images say of the institution (a hashed site id), or null. */
  readonly institution: string | null;
}

interface CodedJson {
  readonly value: string;
  readonly display: string;
  readonly codings: readonly { readonly system: string; readonly code: string }[];
}

const OFFSET_QIS = new Set(['study_offset', 'clinical_offset', 'outcome_offset']);
/** Systems whose codes stay valid codes when cut to a category (`C34`, `T2`, `III`). */
const RECODED_SYSTEMS = new Set(['ICD-10', 'ICD-O-3', 'TNM']);

/** The released column of a date: `episode_start_date` at weeks -> `episode_start_offset_weeks`. */
export function offsetColumn(field: string, unit: OffsetUnit): string {
  return `${field.replace(/_date$/, '').replace(/_date_of_/, '_')}_offset_${unit}`;
}

/** The unit an offset quasi-identifier is released in at its level, or null when it is withdrawn. */
export function unitAt(q: ReleaseQuasiIdentifier, level: number): OffsetUnit | null {
  const units = (q.hierarchy as Hierarchy & { units?: readonly OffsetUnit[] }).units;
  return units && level < units.length ? units[level]! : null;
}

function isCoded(v: unknown): v is CodedJson {
  return typeof v === 'object' && v !== null && 'value' in v && 'codings' in v;
}

const DROP_RECORD = Symbol('drop the record');

export class ClinicalReleaseWriter {
  readonly #plan: ReleaseLevels;
  /** `table.column` of every column met that no rule declares. */
  readonly undeclared = new Set<string>();

  constructor(plan: ReleaseLevels) {
    this.#plan = plan;
  }

  #at(name: string): { q: ReleaseQuasiIdentifier; level: number; withdrawn: boolean } {
    const q = this.#plan.qis.get(name);
    if (!q) throw new Error(`no quasi-identifier ${name}`);
    const level = this.#plan.levels[name] ?? 0;
    return { q, level, withdrawn: q.fixed !== true && level >= q.hierarchy.height };
  }

  /** A coded value at its level: kept, cut to its category (recoded where the category is a code), or null. */
  #coded(name: string, v: unknown): unknown {
    if (v === null || v === undefined) return v;
    const { q, level, withdrawn } = this.#at(name);
    if (level === 0 || q.fixed) return v;
    if (withdrawn) return null;
    const g = q.hierarchy.generalise(isCoded(v) ? v.value : String(v), level);
    if (g === '*') return null;
    if (!isCoded(v)) return g;
    const codings = v.codings.filter((c) => RECODED_SYSTEMS.has(c.system)).map((c) => ({ system: c.system, code: g }));
    return { value: g, display: `${q.label}: ${g}`, codings } satisfies CodedJson;
  }

  /** A number (age, tumour size) at its level: itself, its band, or null. */
  #number(name: string, v: unknown): unknown {
    if (v === null || v === undefined) return v;
    const { q, level } = this.#at(name);
    if (level === 0) return v;
    const g = q.hierarchy.generalise(v as number, level);
    return g === '*' ? null : g;
  }

  /** The record as released, or null when the record itself is withdrawn. */
  write(table: string, record: Readonly<Record<string, unknown>>, patient: PatientRelease): Record<string, unknown> | null {
    const rules = CDM_COLUMNS[table];
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(record)) {
      const rule = rules?.[column];
      if (!rule) {
        this.undeclared.add(`${table}.${column}`);
        continue;
      }
      if (rule.kind === 'removed') continue;
      if (rule.kind !== 'qi') {
        out[column] = value;
        continue;
      }
      if (OFFSET_QIS.has(rule.qi)) {
        const { q, level } = this.#at(rule.qi);
        const unit = unitAt(q, level);
        if (unit === null) continue;
        const day = dayNumber(value);
        out[offsetColumn(column, unit)] = day === null || patient.baselineDay === null ? null : offsetBin(day - patient.baselineDay, unit);
        continue;
      }
      const released = this.#qiValue(column, rule.qi, value, record, patient);
      if (released === DROP_RECORD) return null;
      out[column] = released;
    }
    return out;
  }

  #qiValue(column: string, qi: string, value: unknown, record: Readonly<Record<string, unknown>>, patient: PatientRelease): unknown {
    switch (qi) {
      case 'institution': return patient.institution;
      case 'age': case 'tumour_size': return this.#number(qi, value);
      case 'sex': case 'vital_status': return this.#at(qi).level === 0 ? value : null;
      case 'stage': case 'grade': {
        // A stage or grade record says the staging or grading was done: withdrawn whole with its value.
        const v = this.#coded(qi === 'grade' ? 'grade' : stageQuasiIdentifier(String(record.code)) ?? 'tnm_t', value);
        return v === null && value !== null ? DROP_RECORD : v;
      }
      case 'condition':
        // The concept and type name the cancer of the ICD-10 category: kept while the code keeps its category.
        return column === 'cancer_condition_code' ? this.#coded(qi, value) : this.#at(qi).withdrawn ? null : value;
      case 'topography':
        // A body site is coarser than a topography code: withdrawn with it; a laterality goes with the sub-site.
        if (column === 'body_site') return this.#at(qi).withdrawn ? null : value;
        if (column === 'body_site_laterality') return this.#at(qi).level === 0 ? value : null;
        return this.#coded(qi, value);
      default:
        return this.#coded(qi, value);
    }
  }
}
