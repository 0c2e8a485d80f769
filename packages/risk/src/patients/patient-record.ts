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
 * are the sets of values (partOf). Pure.
 */
import { oncoError } from '@oncoatlas/core';
import type { Hierarchy } from '../hierarchy/hierarchy.ts';
import type { Levels } from '../table/equivalence-classes.ts';
import { canonicalValue, checkCount, SUPPRESSED, type CellValue } from '../table/records.ts';

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

/**
 * One quasi-identifier's part of a patient's class: the generalised attribute, or the set of generalised values
 * the patient's events show (`studies`: the set of modalities, the set of study dates). Sets, not multisets,
 * and fields apart: what is measured is the values an outsider can know (she had a CT and an MR, in 2019), not
 * how many records the hospital keeps of each, which no outsider knows; the attack simulation, which reads the
 * released files themselves, is what tests that claim. Parts are compared, never shown (they hold values).
 */
function partOf(q: QuasiIdentifier, g: (v: CellValue | undefined) => string, r: PatientRecord): string {
  const field = q.field ?? q.name;
  if (q.groups === undefined) return g(r.values[field]);
  const values = new Set<string>();
  for (const group of q.groups) for (const e of r.events[group] ?? []) values.add(g(e[field]));
  return [...values].sort().join(EVENT_SEP);
}

/** One quasi-identifier at one level: each patient's part as a small integer, and the dictionary of parts. */
interface CodedPart {
  readonly codes: Int32Array;
  readonly dictionary: ReadonlyMap<string, number>;
}

/** Classes kept for prefixes of a node's levels (4 bytes per patient each): the ones a greedy walk reuses. */
const MAX_PREFIXES = 1024;
/** Class × code pairs counted in a typed array up to this size, in a Map beyond. */
const DENSE_LIMIT = 1 << 22;

/** Splits each class by one more quasi-identifier's code: the new class of (class, code), numbered as met. */
function refine(classOf: Int32Array, count: number, part: CodedPart): { classOf: Int32Array; count: number } {
  const radix = Math.max(part.dictionary.size, 1);
  const next = new Int32Array(classOf.length);
  let classes = 0;
  if (count * radix <= DENSE_LIMIT) {
    const index = new Int32Array(count * radix).fill(-1);
    for (let i = 0; i < classOf.length; i++) {
      const key = classOf[i]! * radix + part.codes[i]!;
      let c = index[key]!;
      if (c < 0) index[key] = c = classes++;
      next[i] = c;
    }
  } else {
    const index = new Map<number, number>();
    for (let i = 0; i < classOf.length; i++) {
      const key = classOf[i]! * radix + part.codes[i]!;
      let c = index.get(key);
      if (c === undefined) index.set(key, (c = classes++));
      next[i] = c;
    }
  }
  return { classOf: next, count: classes };
}

/**
 * The classes of a fixed set of patients at many levels, as a search asks for them: each quasi-identifier's
 * part is computed and coded once per level, and a node's classes are refined one quasi-identifier at a time
 * from integer codes (class × cardinality + code), never by building a string per patient and node.
 */
export class PatientTable {
  readonly records: readonly PatientRecord[];
  readonly qis: readonly QuasiIdentifier[];
  /** Per quasi-identifier (by position), per level: the generaliser and the coded part, made on first use. */
  readonly #byLevel: { g?: (v: CellValue | undefined) => string; part?: CodedPart }[][];
  readonly #sensitive = new Map<string, { codes: Int32Array; values: number; missing: number }>();
  readonly #prefixes = new Map<string, { classOf: Int32Array; count: number }>();

  constructor(records: readonly PatientRecord[], qis: readonly QuasiIdentifier[]) {
    this.records = records;
    this.qis = qis;
    this.#byLevel = qis.map((q) => Array.from({ length: q.hierarchy.height + 1 }, () => ({})));
  }

  /** The sensitive attribute's values as codes, with the code of a missing value ('*'). */
  sensitiveCodes(attribute: string): { codes: Int32Array; values: number; missing: number } {
    let s = this.#sensitive.get(attribute);
    if (!s) {
      const dictionary = new Map<string, number>([[SUPPRESSED, 0]]);
      const codes = new Int32Array(this.records.length);
      this.records.forEach((r, i) => {
        const v = canonicalValue(r.values[attribute]);
        let c = dictionary.get(v);
        if (c === undefined) dictionary.set(v, (c = dictionary.size));
        codes[i] = c;
      });
      this.#sensitive.set(attribute, (s = { codes, values: dictionary.size, missing: 0 }));
    }
    return s;
  }

  /** The class of each patient (numbered in order of first appearance) and the number of classes. */
  classes(levels: Levels): { classOf: Int32Array; count: number } {
    const n = this.records.length;
    let classOf: Int32Array = new Int32Array(n);
    let count = n === 0 ? 0 : 1;
    let prefix = '';
    for (let d = 0; d < this.qis.length; d++) {
      const level = levels[this.qis[d]!.name] ?? 0;
      prefix += `${level},`;
      // A search moves one quasi-identifier at a time: the classes over the ones before it are usually known.
      const known = this.#prefixes.get(prefix);
      if (known) {
        ({ classOf, count } = known);
        continue;
      }
      ({ classOf, count } = refine(classOf, count, this.#part(d, level)));
      if (this.#prefixes.size >= MAX_PREFIXES) this.#prefixes.clear();
      this.#prefixes.set(prefix, { classOf, count });
    }
    return { classOf, count };
  }

  /**
   * A key of a patient's codes at the given levels, comparable between patients of this table and records
   * made from them (a patient with a study left out); undefined when a part is one no patient of the table has.
   */
  codeKey(record: PatientRecord, levels: Levels): string | undefined {
    let key = '';
    for (let d = 0; d < this.qis.length; d++) {
      const q = this.qis[d]!;
      const level = levels[q.name] ?? 0;
      const code = this.#part(d, level).dictionary.get(partOf(q, this.#generaliser(d, level), record));
      if (code === undefined) return undefined;
      key += `${code},`;
    }
    return key;
  }

  /** The code key of patient `i` of the table, over every quasi-identifier or only those `only` keeps. */
  codeKeyOf(i: number, levels: Levels, only?: (q: QuasiIdentifier) => boolean): string {
    let key = '';
    for (let d = 0; d < this.qis.length; d++) {
      const q = this.qis[d]!;
      if (only && !only(q)) continue;
      key += `${this.#part(d, levels[q.name] ?? 0).codes[i]!},`;
    }
    return key;
  }

  #generaliser(d: number, level: number): (v: CellValue | undefined) => string {
    const slot = this.#byLevel[d]![level]!;
    return (slot.g ??= memo(this.qis[d]!.hierarchy, level));
  }

  #part(d: number, level: number): CodedPart {
    const slot = this.#byLevel[d]![level]!;
    let part = slot.part;
    if (!part) {
      const q = this.qis[d]!;
      const g = this.#generaliser(d, level);
      const dictionary = new Map<string, number>();
      const codes = new Int32Array(this.records.length);
      this.records.forEach((r, i) => {
        const v = partOf(q, g, r);
        let c = dictionary.get(v);
        if (c === undefined) dictionary.set(v, (c = dictionary.size));
        codes[i] = c;
      });
      slot.part = part = { codes, dictionary };
    }
    return part;
  }
}
