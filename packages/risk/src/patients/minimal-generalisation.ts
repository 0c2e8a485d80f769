/**
 * The least generalisation of patient records that meets the policy (k, l-diversity), suppressing patients
 * only for what generalisation leaves (at most a given share), as ARX does with a suppression limit.
 *
 * A release carries a dozen or more quasi-identifiers (age, sex, site, morphology, TNM, tumour size, vital
 * status, date offsets of studies, treatments and outcomes, hours, scanner models...): a lattice of millions
 * of nodes, where the exhaustive search of least-generalisation.ts (OLA) is the wrong tool, and where the
 * criterion is not even monotone (offset bins of weeks and months do not nest). So this is a heuristic, as
 * ARX's for large lattices: two greedy walks, bottom-up (raise the quasi-identifier that removes most failing
 * patients per unit of information lost, then lower back every level that is not needed) and top-down (from
 * everything generalised, lower the most valuable quasi-identifier while the policy holds). Both end at a
 * minimal node: no quasi-identifier can be lowered one level without breaking the policy. The better of the
 * two is kept, by information loss counting a suppressed patient as fully generalised. Deterministic. Pure.
 */
import { formatPercent, listPhrase, plural } from '../format-figures.ts';
import type { Levels } from '../table/equivalence-classes.ts';
import { checkShare } from '../table/records.ts';
import { checkPolicy, failingPatients, type PatientPolicy, type PolicyOutcome } from './measure-patients.ts';
import { checkQuasiIdentifiers, PatientTable, type PatientRecord, type QuasiIdentifier } from './patient-record.ts';

/** 0.01 × 300 is 2.9999999999999996 in binary; the limit the steward meant is 3 patients. */
const SHARE_EPSILON = 1e-9;

export interface PatientGeneralisationOptions extends PatientPolicy {
  /** The largest share of patients that may be suppressed, and of events left out; default 0. */
  readonly maxSuppression?: number;
  /** The kind of event (`studies`) that may be left out of a patient rather than suppress the patient. */
  readonly localSuppression?: { readonly group: string; readonly perPatient?: number };
  /** The lowest level of each quasi-identifier the release may use (default 0). */
  readonly minimumLevels?: Levels;
}

export interface PatientGeneralisation {
  /** False when even the top of every hierarchy leaves more failing patients than may be suppressed. */
  readonly found: boolean;
  readonly levels: Levels;
  /** Ids of the patients left out to meet the policy at these levels. */
  readonly suppressed: readonly string[];
  /** Patients kept by leaving some of their events out: id -> positions (in the input) of the events left out. */
  readonly leftOut: ReadonlyMap<string, readonly number[]>;
  /** Weighted mean of level / height over the quasi-identifiers (0 original, 1 all '*'). */
  readonly informationLoss: number;
  readonly nodesEvaluated: number;
  /** What is done, in words: "generalise age to 10-year bands; suppress tumour size entirely (*); suppress 3 patients (1.2 %)". */
  readonly suggestion: string;
}

export function minimalGeneralisation(records: readonly PatientRecord[], qis: readonly QuasiIdentifier[], o: PatientGeneralisationOptions): PatientGeneralisation {
  checkQuasiIdentifiers(qis, o.minimumLevels);
  checkPolicy(o, qis);
  const maxSuppression = o.maxSuppression ?? 0;
  checkShare('The suppression limit', maxSuppression, { allowZero: true });
  const n = records.length;
  const allowed = Math.floor(maxSuppression * n + SHARE_EPSILON);
  const heights = qis.map((q) => q.hierarchy.height);
  const floor = qis.map((q) => o.minimumLevels?.[q.name] ?? 0);
  const weights = qis.map((q) => q.weight ?? 1);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const named = (l: readonly number[]): Levels => Object.fromEntries(qis.map((q, d) => [q.name, l[d]!]));
  const group = o.localSuppression?.group;
  const local = group === undefined ? undefined : {
    group, perPatient: o.localSuppression?.perPatient ?? 2,
    maxEvents: Math.floor(maxSuppression * records.reduce((sum, r) => sum + (r.events[group]?.length ?? 0), 0) + SHARE_EPSILON),
  };
  const table = new PatientTable(records, qis);
  const cache = new Map<string, PolicyOutcome>();
  const outcome = (l: readonly number[]): PolicyOutcome => {
    const key = l.join(',');
    let f = cache.get(key);
    if (f === undefined) cache.set(key, (f = failingPatients(table, named(l), o, local)));
    return f;
  };
  const failing = (l: readonly number[]): number => outcome(l).count;
  const loss = (l: readonly number[]): number => l.reduce((sum, level, d) => sum + (weights[d]! * level) / heights[d]!, 0) / totalWeight;
  /** Information lost per patient: the generalisation, all of a suppressed patient, the share of events left out. */
  const objective = (l: readonly number[]): number => {
    if (n === 0) return loss(l);
    const out = outcome(l);
    let partial = 0;
    for (const [i, events] of out.leftOut) partial += events.length / (records[i]!.events[group!]?.length ?? 1);
    const s = out.count / n;
    return loss(l) * (1 - s) + s + (partial / n) * (1 - loss(l));
  };
  const step = (l: readonly number[], d: number, by: number): number[] => l.map((x, i) => (i === d ? x + by : x));

  /** Lowers, most valuable first, every level the policy does not need. */
  const refine = (start: readonly number[]): number[] => {
    let l = [...start];
    const order = qis.map((_, d) => d).sort((a, b) => weights[b]! / heights[b]! - weights[a]! / heights[a]! || a - b);
    for (let changed = true; changed;) {
      changed = false;
      for (const d of order) {
        while (l[d]! > floor[d]! && failing(step(l, d, -1)) <= allowed) {
          l = step(l, d, -1);
          changed = true;
        }
      }
    }
    return l;
  };

  const bottomUp = (): number[] | undefined => {
    let l = [...floor];
    while (failing(l) > allowed) {
      let best: { l: number[]; gain: number; cost: number; f: number } | undefined;
      for (let d = 0; d < qis.length; d++) {
        if (l[d]! >= heights[d]!) continue;
        const next = step(l, d, 1);
        const f = failing(next);
        const c = { l: next, gain: failing(l) - f, cost: weights[d]! / heights[d]!, f };
        if (!best || better(c, best)) best = c;
      }
      if (!best) return undefined;
      l = best.l;
    }
    return refine(l);
  };

  /** From everything generalised, lowers whichever quasi-identifier loses least information, while the policy holds. */
  const topDown = (): number[] | undefined => {
    let l = [...heights];
    if (failing(l) > allowed) return undefined;
    for (;;) {
      let best: { l: number[]; objective: number } | undefined;
      for (let d = 0; d < qis.length; d++) {
        if (l[d]! <= floor[d]!) continue;
        const next = step(l, d, -1);
        if (failing(next) > allowed) continue;
        const value = objective(next);
        if (!best || value < best.objective) best = { l: next, objective: value };
      }
      if (!best || best.objective >= objective(l)) return l;
      l = best.l;
    }
  };

  const candidates = [bottomUp(), topDown()].filter((l): l is number[] => l !== undefined);
  candidates.sort((a, b) => objective(a) - objective(b) || failing(a) - failing(b));
  const chosen = candidates[0];
  const levels = chosen ?? [...heights];
  const final = outcome(levels);
  const suppressed = chosen ? records.filter((_, i) => final.failing[i] === 1).map((r) => r.id) : [];
  const leftOut = new Map(chosen ? [...final.leftOut].map(([i, events]) => [records[i]!.id, events] as const) : []);
  const wording = { qis, levels: named(levels) };
  return {
    found: chosen !== undefined,
    levels: named(levels),
    suppressed,
    leftOut,
    informationLoss: loss(levels),
    nodesEvaluated: cache.size,
    suggestion: chosen
      ? describePlan(wording, suppressed.length, n, final.eventsLeftOut, group)
      : `no generalisation meets the policy with at most ${formatPercent(maxSuppression)} of patients suppressed: at the most general level of every quasi-identifier, ` +
        `${plural(failing(levels), 'patient')} of ${n} (${formatPercent(n === 0 ? 0 : failing(levels) / n)}) remain in classes below the policy; allow that much suppression, ` +
        'release fewer attributes, or select a larger cohort',
  };
}

/** Prefers removing more failing patients per unit of information lost; without any gain, the cheapest step. */
function better(a: { gain: number; cost: number; f: number }, b: { gain: number; cost: number; f: number }): boolean {
  if (a.gain > 0 || b.gain > 0) {
    const ra = a.gain / a.cost;
    const rb = b.gain / b.cost;
    if (ra !== rb) return ra > rb;
    return a.f < b.f;
  }
  if (a.f !== b.f) return a.f < b.f;
  return a.cost < b.cost;
}

/** "generalise age to 10-year bands; suppress tumour size entirely (*); suppress 3 patients (1.2 %)". */
function describePlan(w: { qis: readonly QuasiIdentifier[]; levels: Levels }, suppressedPatients: number, totalPatients: number, eventsLeftOut = 0, group = 'events'): string {
  const generalised: string[] = [];
  const removed: string[] = [];
  for (const q of w.qis) {
    const level = w.levels[q.name] ?? 0;
    if (level === 0) continue;
    if (level >= q.hierarchy.height) removed.push(q.label ?? q.name);
    else generalised.push(`${q.label ?? q.name} to ${q.hierarchy.describe(level)}`);
  }
  const parts: string[] = [];
  if (generalised.length > 0) parts.push(`generalise ${listPhrase(generalised)}`);
  if (removed.length > 0) parts.push(`suppress ${listPhrase(removed)} entirely (*)`);
  if (eventsLeftOut > 0) parts.push(`leave ${eventsLeftOut} ${group} out`);
  if (suppressedPatients > 0) parts.push(`suppress ${plural(suppressedPatients, 'patient')} (${formatPercent(totalPatients === 0 ? 0 : suppressedPatients / totalPatients)})`);
  return parts.length === 0 ? 'release as is: no generalisation or suppression is needed' : parts.join('; ');
}
