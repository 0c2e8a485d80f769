/**
 * The attacker models a release is tested against before it leaves the node. Each knows some facts of a
 * person, exactly, from outside the release, and knows how the release generalises (the dossier says it);
 * it re-identifies a released patient when those facts fit that patient's released record and no other
 * (risk's linkageAttack, the prosecutor's setting). The facts come from the hospital's own identified tables
 * and files; the records are read back from the written version.
 *
 * - registry neighbour: sex, birth year, year of diagnosis, site (a cancer registry, or someone who knows);
 * - imaging visitor: the modality, date and time of one scan (someone who saw the person at the scanner);
 * - death registry: sex, birth year, site and the days from diagnosis to death;
 * - the quasi-identifier set: every quasi-identifier the release measures, at its released level; a study
 *   left out of the release does not stop it (the released studies need only be among the ones it knows).
 *
 * Dates are not in a release, but an attacker who knows the export's cut-off can turn a living patient's
 * follow-up offset back into the baseline (cut-off minus follow-up): each model that knows a date uses it. Pure.
 */
import { canonicalValue, hourOf, linkageAttack, offsetRange, SUPPRESSED, type AttackResult, type AttackTarget, type CellValue, type Levels, type PatientRecord } from '@oncoatlas/risk';
import { DERIVED_OBJECT_MODALITIES, type StudyHeader } from '../patients/patient-view.ts';
import type { ReleaseQuasiIdentifier } from '../profile/quasi-identifiers.ts';

/** What the hospital's records say of one released patient. */
export interface Background {
  /** The patient as the hospital knows them: dates as days from the real baseline (views.ts dayView). */
  readonly view: PatientRecord;
  readonly birthYear: number | null;
  readonly diagnosisDay: number | null;
  readonly deathDay: number | null;
  /** The released studies as the hospital's files have them (real dates and times). */
  readonly studies: readonly StudyHeader[];
}

export interface AttackModel {
  readonly name: 'registry_neighbour' | 'imaging_visitor' | 'death_registry' | 'quasi_identifiers';
  readonly label: string;
  /** The quasi-identifiers whose generalisation defeats it. */
  readonly attributes: readonly string[];
}

export const ATTACK_MODELS: readonly AttackModel[] = [
  { name: 'registry_neighbour', label: 'registry neighbour (sex, birth year, year of diagnosis, site)', attributes: ['sex', 'age', 'condition', 'outcome_offset'] },
  { name: 'imaging_visitor', label: 'imaging visitor (modality, date and time of one scan)', attributes: ['study_time', 'study_offset', 'outcome_offset'] },
  { name: 'death_registry', label: 'death registry (sex, birth year, site, days from diagnosis to death)', attributes: ['outcome_offset', 'sex', 'age', 'condition'] },
  { name: 'quasi_identifiers', label: 'every quasi-identifier the release measures', attributes: [] },
];

export interface AttackOutcome extends AttackResult {
  readonly model: AttackModel['name'];
  readonly label: string;
  readonly attributes: readonly string[];
}

export interface AttackContext {
  readonly qis: readonly ReleaseQuasiIdentifier[];
  readonly levels: Levels;
  /** The export's cut-off (day number), when the hospital's tables give one. */
  readonly cutoffDay: number | null;
}

const DAY_MS = 86_400_000;
const yearOf = (day: number): number => new Date(day * DAY_MS).getUTCFullYear();
const yearRange = (year: number): readonly [number, number] => [Date.UTC(year, 0, 1) / DAY_MS, Date.UTC(year, 11, 31) / DAY_MS];
const overlaps = (a: readonly [number, number], b: readonly [number, number]): boolean => a[0] <= b[1] && b[0] <= a[1];

/** What a released record shows of a quasi-identifier: one value, or the set its events show. */
function shown(r: PatientRecord, q: ReleaseQuasiIdentifier): string[] {
  const field = q.field ?? q.name;
  if (!q.groups) return [canonicalValue(r.values[field])];
  return q.groups.flatMap((g) => (r.events[g] ?? []).map((e) => canonicalValue(e[field])));
}

/** A released value agrees with what the attacker knows when it is withdrawn or among the values it could be. */
const agrees = (value: string, known: ReadonlySet<string>): boolean => value === SUPPRESSED || known.has(value);

export function runAttacks(released: readonly PatientRecord[], backgrounds: readonly (Background | undefined)[], c: AttackContext): AttackOutcome[] {
  const byName = new Map(c.qis.map((q) => [q.name, q]));
  const qi = (name: string): ReleaseQuasiIdentifier => byName.get(name)!;
  const gen = (name: string, v: CellValue | undefined): string => qi(name).hierarchy.generalise(v ?? null, c.levels[name] ?? 0);
  const sexOf = (r: PatientRecord): string[] => shown(r, qi('sex'));

  /** Ages at diagnosis a birth year and a diagnosis day allow, generalised. */
  const ages = (b: Background): Set<string> | undefined => {
    if (b.birthYear === null || b.diagnosisDay === null) return undefined;
    const age = yearOf(b.diagnosisDay) - b.birthYear;
    return new Set([gen('age', age - 1), gen('age', age)]);
  };
  const sites = (b: Background): Set<string> => new Set((b.view.events.conditions ?? []).map((e) => gen('condition', e.condition)));
  /** The baseline days a living patient's released follow-up allows, given the cut-off; undefined: anything. */
  const baselineRange = (r: PatientRecord): readonly [number, number] | undefined => {
    if (c.cutoffDay === null || canonicalValue(r.values.vital_status) !== 'alive') return undefined;
    const label = (r.events.last_contact ?? []).map((e) => canonicalValue(e.offset)).find((l) => l !== SUPPRESSED);
    const range = label === undefined ? undefined : offsetRange(label);
    return range ? [c.cutoffDay - range[1], c.cutoffDay - range[0]] : undefined;
  };
  const demographics = (b: Background, r: PatientRecord): boolean => {
    const a = ages(b);
    const known = sites(b);
    return agrees(sexOf(r)[0]!, new Set([gen('sex', b.view.values.sex)]))
      && (a === undefined || agrees(shown(r, qi('age'))[0]!, a))
      && shown(r, qi('condition')).every((v) => agrees(v, known));
  };
  const bySex = (r: PatientRecord): string[] => sexOf(r);
  const sexBlocks = (b: Background): string[] => [gen('sex', b.view.values.sex), SUPPRESSED];

  const targets = (make: (b: Background, own: number) => AttackTarget<PatientRecord> | undefined): AttackTarget<PatientRecord>[] =>
    backgrounds.flatMap((b, own) => (b ? [make(b, own)].filter((t): t is AttackTarget<PatientRecord> => t !== undefined) : []));

  const results: AttackOutcome[] = [];
  const record = (m: AttackModel, result: AttackResult): void => {
    results.push({ ...result, model: m.name, label: m.label, attributes: m.attributes.length > 0 ? m.attributes : c.qis.filter((q) => !q.fixed).map((q) => q.name) });
  };
  const model = (name: AttackModel['name']): AttackModel => ATTACK_MODELS.find((m) => m.name === name)!;

  record(model('registry_neighbour'), linkageAttack(released, bySex, targets((b, own) => {
    if (b.diagnosisDay === null) return undefined;
    const year = yearRange(yearOf(b.diagnosisDay));
    return {
      own, blocks: sexBlocks(b),
      matches: (r) => {
        if (!demographics(b, r)) return false;
        const base = baselineRange(r);
        return base === undefined || overlaps(base, year);
      },
    };
  })));

  record(model('imaging_visitor'), linkageAttack(released, (r) => shown(r, qi('modality')).flatMap((m) => m.split('+')), targets((b, own) => {
    const scan = [...b.studies].filter((s) => s.date !== null).sort((x, y) => String(x.date).localeCompare(String(y.date)))[0];
    const modality = scan?.modalities.find((m) => !DERIVED_OBJECT_MODALITIES.has(m.trim().toUpperCase()))?.trim().toUpperCase();
    if (!scan || !modality) return undefined;
    const day = Date.UTC(Number(scan.date!.slice(0, 4)), Number(scan.date!.slice(4, 6)) - 1, Number(scan.date!.slice(6, 8))) / DAY_MS;
    const hour = hourOf(scan.time) === undefined ? SUPPRESSED : gen('study_time', scan.time);
    return {
      own, blocks: [modality, SUPPRESSED],
      matches: (r) => {
        const base = baselineRange(r);
        return (r.events.studies ?? []).some((e) => {
          const m = canonicalValue(e.modality);
          if (m !== SUPPRESSED && !m.split('+').includes(modality)) return false;
          const t = canonicalValue(e.time);
          if (t !== SUPPRESSED && hour !== SUPPRESSED && t !== hour) return false;
          const offset = offsetRange(canonicalValue(e.offset));
          return base === undefined || offset === undefined || overlaps([day - base[1], day - base[0]], offset);
        });
      },
    };
  })));

  record(model('death_registry'), linkageAttack(released, bySex, targets((b, own) => {
    if (b.deathDay === null || b.diagnosisDay === null) return undefined;
    const interval = b.deathDay - b.diagnosisDay;
    return {
      own, blocks: sexBlocks(b),
      matches: (r) => {
        if (!demographics(b, r) || !agrees(canonicalValue(r.values.vital_status), new Set([gen('vital_status', 'dead')]))) return false;
        const deaths = (r.events.death ?? []).map((e) => canonicalValue(e.offset)).filter((l) => l !== SUPPRESSED);
        return deaths.length === 0 || deaths.some((l) => { const range = offsetRange(l); return range === undefined || (interval >= range[0] && interval <= range[1]); });
      },
    };
  })));

  const scalars = c.qis.filter((q) => !q.groups);
  const events = c.qis.filter((q) => q.groups);
  record(model('quasi_identifiers'), linkageAttack(released, bySex, targets((b, own) => {
    const known = new Map(scalars.map((q) => [q.name, gen(q.name, b.view.values[q.field ?? q.name])]));
    const knownSets = new Map(events.map((q) => [q.name, new Set(shown(b.view, q).map((v) => gen(q.name, v)))]));
    return {
      own, blocks: sexBlocks(b),
      matches: (r) => scalars.every((q) => agrees(shown(r, q)[0]!, new Set([known.get(q.name)!])))
        && events.every((q) => shown(r, q).every((v) => agrees(v, knownSets.get(q.name)!))),
    };
  })));
  return results;
}
