/**
 * One record per patient, as a release shows the patient. The pseudonym links every study, series and table
 * row of a patient, so the unit an attacker singles out is the patient seen whole, not a study: measured one
 * record per study, two studies of one patient each hid in a class of five while the patient, with both
 * studies, sex, age and diagnosis joined, was unique.
 *
 * A patient has attributes with one value (age, sex, vital status...) and events that repeat (conditions,
 * studies, treatments, outcomes), each event a small tuple (a study's modality, manufacturer, date offset and
 * hour). A quasi-identifier is one attribute, or one field of some kinds of event, with its generalisation
 * hierarchy. Two patients are in one class when their attributes are equal and, per field of their events, so
 * are the sets of values (patientKeyer). Pure.
 */
import { oncoError } from '@oncoatlas/core';
import type { Hierarchy } from '../hierarchy/hierarchy.ts';
import type { Levels } from '../table/equivalence-classes.ts';
import { checkCount, type CellValue } from '../table/records.ts';

export type EventRecord = Readonly<Record<string, CellValue>>;

export interface PatientRecord {
  /** The patient's pseudonym: never measured, only carried so results can name the records they keep. */
  readonly id: string;
  readonly values: Readonly<Record<string, CellValue>>;
  /** Events by kind (`studies`, `treatments`, ...). */
  readonly events: Readonly<Record<string, readonly EventRecord[]>>;
}

export interface QuasiIdentifier {
  /** Unique name, e.g. `age` or `study_offset`. */
  readonly name: string;
  readonly hierarchy: Hierarchy;
  /** The kinds of event whose field this is (`['studies']`); absent for a patient attribute. */
  readonly groups?: readonly string[];
  /** The attribute or event field read (default: the name). */
  readonly field?: string;
  /** What a researcher loses per level, relative to other quasi-identifiers (default 1). */
  readonly weight?: number;
  /** How a steward calls it in a suggestion ("date offsets of studies"). */
  readonly label?: string;
}

const FIELD_SEP = '\u0001';
const EVENT_SEP = '\u0002';

/** Throws CONFIG_INVALID for an empty list, a repeated name or an impossible level. */
export function checkQuasiIdentifiers(qis: readonly QuasiIdentifier[], levels?: Levels): void {
  if (qis.length === 0) throw oncoError('CONFIG_INVALID', 'At least one quasi-identifier is needed to measure re-identification risk.');
  const seen = new Set<string>();
  for (const qi of qis) {
    if (seen.has(qi.name)) throw oncoError('CONFIG_INVALID', `The quasi-identifier ${qi.name} is listed twice.`, { attribute: qi.name });
    seen.add(qi.name);
    checkCount(`The height of the hierarchy of ${qi.name}`, qi.hierarchy.height, 1);
    const level = levels?.[qi.name] ?? 0;
    if (!Number.isSafeInteger(level) || level < 0 || level > qi.hierarchy.height) {
      throw oncoError('CONFIG_INVALID', `Level ${String(level)} of ${qi.name} is not possible: its hierarchy has levels 0 to ${qi.hierarchy.height}.`, { attribute: qi.name });
    }
  }
}

/** Memoises a hierarchy at one level: the same few values recur across thousands of patients. */
function memo(h: Hierarchy, level: number): (v: CellValue | undefined) => string {
  const cache = new Map<CellValue | undefined, string>();
  return (v) => {
    let out = cache.get(v);
    if (out === undefined) cache.set(v, (out = h.generalise(v, level)));
    return out;
  };
}

/** One quasi-identifier's part of a key: the generalised attribute, or the set of values its events show. */
function partOf(q: QuasiIdentifier, g: (v: CellValue | undefined) => string, r: PatientRecord): string {
  const field = q.field ?? q.name;
  if (q.groups === undefined) return g(r.values[field]);
  const values = new Set<string>();
  for (const group of q.groups) for (const e of r.events[group] ?? []) values.add(g(e[field]));
  return [...values].sort().join(EVENT_SEP);
}

/**
 * The class key of a patient at the given levels: the generalised attributes, then for each quasi-identifier
 * of events the set of generalised values the patient's events show (`studies`: the set of modalities, the set
 * of study dates, ...). Sets, not multisets, and fields apart: what is measured is the values an outsider can
 * know (she had a CT and an MR, in 2019), not how many records the hospital keeps of each, which no outsider
 * knows; the attack simulation, which reads the released files themselves, is what tests that claim. Keys are
 * compared, never shown (they hold record values).
 */
export function patientKeyer(qis: readonly QuasiIdentifier[], levels: Levels): (record: PatientRecord) => string {
  const gs = qis.map((q) => memo(q.hierarchy, levels[q.name] ?? 0));
  return (r) => qis.map((q, d) => partOf(q, gs[d]!, r)).join(FIELD_SEP);
}

/**
 * The keys of a fixed set of patients at many levels, as a search asks for them: each quasi-identifier's part
 * is computed once per level and reused by every node of the lattice that has that level.
 */
export class PatientTable {
  readonly records: readonly PatientRecord[];
  readonly qis: readonly QuasiIdentifier[];
  readonly #parts = new Map<string, string[]>();

  constructor(records: readonly PatientRecord[], qis: readonly QuasiIdentifier[]) {
    this.records = records;
    this.qis = qis;
  }

  keys(levels: Levels): string[] {
    const parts = this.qis.map((q) => this.#part(q, levels[q.name] ?? 0));
    return this.records.map((_, i) => {
      let key = parts[0]![i]!;
      for (let d = 1; d < parts.length; d++) key += FIELD_SEP + parts[d]![i]!;
      return key;
    });
  }

  #part(q: QuasiIdentifier, level: number): string[] {
    const id = `${q.name}\u0000${level}`;
    let part = this.#parts.get(id);
    if (!part) {
      const g = memo(q.hierarchy, level);
      this.#parts.set(id, (part = this.records.map((r) => partOf(q, g, r))));
    }
    return part;
  }
}

export function patientKeys(records: readonly PatientRecord[], qis: readonly QuasiIdentifier[], levels: Levels): string[] {
  return records.map(patientKeyer(qis, levels));
}

/** Classes of patients with equal keys: the class of each patient and each class's members. */
export function patientClasses(keys: readonly string[]): { classOf: Int32Array; members: number[][] } {
  const index = new Map<string, number>();
  const classOf = new Int32Array(keys.length);
  const members: number[][] = [];
  keys.forEach((key, i) => {
    let c = index.get(key);
    if (c === undefined) {
      index.set(key, (c = members.length));
      members.push([]);
    }
    members[c]!.push(i);
    classOf[i] = c;
  });
  return { classOf, members };
}
