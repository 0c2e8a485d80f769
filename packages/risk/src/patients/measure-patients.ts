/**
 * The risk measures over one record per patient (k-anonymity, uniqueness, l-diversity, prosecutor, journalist
 * and marketer risk: the formulas of risk-report.ts), and the policy a release must meet: every class of at
 * least k patients and, when a sensitive attribute is named, of at least l distinct sensitive values. Pure.
 */
import { oncoError } from '@oncoatlas/core';
import { buildReport, type RiskReport } from '../measures/risk-report.ts';
import { DEFAULT_THRESHOLD } from '../measures/measure-risk.ts';
import type { Levels } from '../table/equivalence-classes.ts';
import { canonicalValue, checkCount, checkShare, SUPPRESSED } from '../table/records.ts';
import { checkQuasiIdentifiers, PatientTable, type PatientRecord, type QuasiIdentifier } from './patient-record.ts';

export interface PatientPolicy {
  /** The smallest class allowed (k-anonymity). */
  readonly k: number;
  /** The fewest distinct values of `sensitive` a class may hold (distinct l-diversity); not checked unless set. */
  readonly minL?: number;
  /** A patient attribute, never a quasi-identifier, whose disclosure l-diversity guards (e.g. treatments). */
  readonly sensitive?: string;
}

export function checkPolicy(policy: PatientPolicy, qis: readonly QuasiIdentifier[]): void {
  checkCount('k', policy.k, 1);
  if (policy.minL !== undefined) checkCount('minL', policy.minL, 1);
  if (policy.sensitive !== undefined && qis.some((q) => q.groups === undefined && (q.field ?? q.name) === policy.sensitive)) {
    throw oncoError('CONFIG_INVALID', `The sensitive attribute ${policy.sensitive} is also a quasi-identifier.`, { attribute: policy.sensitive });
  }
}

const sensitiveOf = (r: PatientRecord, attribute: string): string => canonicalValue(r.values[attribute]);

/**
 * Leaving one or two of a patient's events out (a study, say) instead of the whole patient: a patient whose
 * CT, MR and ultrasound together are rare keeps the CT and MR where that puts them in a class that meets the
 * policy. Local suppression, as ARX's, but of events: attributes of the patient are never blanked one by one.
 */
export interface LocalSuppression {
  /** The kind of event that may be left out (`studies`); a patient always keeps at least one. */
  readonly group: string;
  /** The most events left out in all. */
  readonly maxEvents: number;
  /** The most events left out of one patient (default 2). */
  readonly perPatient?: number;
}

export interface PolicyOutcome {
  /** 1 for each patient still below the policy: suppressed whole. */
  readonly failing: Uint8Array;
  readonly count: number;
  /** Patients kept by leaving events out: patient index -> positions of the events left out. */
  readonly leftOut: ReadonlyMap<number, readonly number[]>;
  readonly eventsLeftOut: number;
}

/** The subsets of 0..n-1 of size r, in lexicographic order. */
function* subsets(n: number, r: number, from = 0, prefix: number[] = []): Generator<number[]> {
  if (prefix.length === r) {
    yield prefix;
    return;
  }
  for (let i = from; i <= n - (r - prefix.length); i++) yield* subsets(n, r, i + 1, [...prefix, i]);
}

/**
 * Which patients fail the policy at these levels (in a class too small or not diverse enough) once events are
 * left out where `local` allows. Suppressing exactly the failing patients leaves every other class intact, so
 * what remains meets the policy; a rescued patient only ever joins a class that already meets it.
 */
export function failingPatients(table: PatientTable, levels: Levels, policy: PatientPolicy, local?: LocalSuppression): PolicyOutcome {
  const { records } = table;
  const { classOf, count: classes } = table.classes(levels);
  const sizes = new Int32Array(classes);
  for (let i = 0; i < classOf.length; i++) sizes[classOf[i]!]!++;
  const fails = new Uint8Array(classes);
  for (let c = 0; c < classes; c++) if (sizes[c]! < policy.k) fails[c] = 1;
  if (policy.minL !== undefined && policy.sensitive !== undefined) {
    // Distinct sensitive values per class; a missing value discloses nothing, and a class with no value at
    // all has nothing to disclose.
    const s = table.sensitiveCodes(policy.sensitive);
    const distinct = new Int32Array(classes);
    const seen = new Set<number>();
    for (let i = 0; i < classOf.length; i++) {
      const code = s.codes[i]!;
      if (code === s.missing) continue;
      const key = classOf[i]! * s.values + code;
      if (seen.has(key)) continue;
      seen.add(key);
      distinct[classOf[i]!]!++;
    }
    for (let c = 0; c < classes; c++) if (distinct[c]! > 0 && distinct[c]! < policy.minL) fails[c] = 1;
  }
  const failing = new Uint8Array(records.length);
  let count = 0;
  // A patient can only be rescued into a class that agrees with it on everything but the events left out.
  const outside = (q: QuasiIdentifier): boolean => !local || !(q.groups ?? []).includes(local.group);
  const passing = new Set<string>();
  const passingOutside = new Set<string>();
  const first = new Uint8Array(classes);
  for (let i = 0; i < classOf.length; i++) {
    const c = classOf[i]!;
    if (fails[c] === 1) {
      failing[i] = 1;
      count++;
    } else if (local && first[c] === 0) {
      first[c] = 1;
      passing.add(table.codeKeyOf(i, levels));
      passingOutside.add(table.codeKeyOf(i, levels, outside));
    }
  }
  const leftOut = new Map<number, number[]>();
  let eventsLeftOut = 0;
  if (local && passing.size > 0) {
    const most = local.perPatient ?? 2;
    for (let i = 0; i < records.length && eventsLeftOut < local.maxEvents; i++) {
      if (failing[i] !== 1 || !passingOutside.has(table.codeKeyOf(i, levels, outside))) continue;
      const r = records[i]!;
      const events = r.events[local.group] ?? [];
      rescue: for (let size = 1; size <= Math.min(most, events.length - 1, local.maxEvents - eventsLeftOut); size++) {
        for (const out of subsets(events.length, size)) {
          const kept = events.filter((_, e) => !out.includes(e));
          const key = table.codeKey({ ...r, events: { ...r.events, [local.group]: kept } }, levels);
          if (key === undefined || !passing.has(key)) continue;
          failing[i] = 0;
          count--;
          leftOut.set(i, out);
          eventsLeftOut += size;
          break rescue;
        }
      }
    }
  }
  return { failing, count, leftOut, eventsLeftOut };
}

export interface PatientMeasureOptions {
  readonly levels?: Levels;
  readonly sensitive?: string;
  /** Per-patient threshold for "records at risk" (default 0.2, ARX's). */
  readonly threshold?: number;
}

/** The risk report of the patients as released at `levels` (suppressed patients left out by the caller). */
export function measurePatients(records: readonly PatientRecord[], qis: readonly QuasiIdentifier[], o: PatientMeasureOptions = {}): RiskReport {
  const levels = o.levels ?? {};
  checkQuasiIdentifiers(qis, levels);
  const threshold = o.threshold ?? DEFAULT_THRESHOLD;
  checkShare('The risk threshold', threshold, { allowZero: false });
  const { classOf, count } = new PatientTable(records, qis).classes(levels);
  const members: number[][] = Array.from({ length: count }, () => []);
  classOf.forEach((c, i) => members[c]!.push(i));
  const sensitiveCounts = o.sensitive === undefined ? undefined : members.map((m) => {
    const counts = new Map<string, number>();
    for (const i of m) {
      const v = sensitiveOf(records[i]!, o.sensitive!);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    return counts;
  });
  return buildReport(
    { sizes: members.map((m) => m.length), ...(sensitiveCounts ? { sensitiveCounts } : {}) },
    { quasiIdentifiers: qis.map((q) => q.name), threshold, ...(o.sensitive === undefined ? {} : { sensitive: o.sensitive }) },
  );
}
