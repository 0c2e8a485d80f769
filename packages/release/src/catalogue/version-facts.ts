/**
 * What the catalogue says of a version, counted at dataset level from the version's patients before their
 * rows were generalised: patients by sex, condition, modality, body part and manufacturer, and the age range.
 * Generalising a quasi-identifier in the rows (withdrawing sex to reach k, say) must not make the dataset's
 * record unpublishable or wrong: the dataset does hold those sexes and cancers. A category of fewer patients
 * than the policy's k is not named: its patients are counted under EUCAIM's "unknown" (sex) or as `other`,
 * and the age range is that of the 10-year bands holding at least k patients. Pure.
 */
import type { CodedCount, GeneratedFacts } from '@oncoatlas/catalogue';
import { lookupValue, type ValueSetName } from '@oncoatlas/clinical';
import type { CdmData, StudyHeader } from '../patients/patient-view.ts';

export interface MemberPatient {
  readonly cdm: ReadonlyMap<string, readonly CdmData[]>;
  readonly studies: readonly StudyHeader[];
}

/** The catalogue's facts a version counts (the rest, counts and tables, come from its summary and folder). */
export type VersionFacts = Pick<GeneratedFacts, 'sex' | 'conditions' | 'modalities' | 'bodyParts' | 'manufacturers' | 'ageRange'>;

interface Coding { readonly system: string; readonly code: string }
interface CodedJson { readonly value: string; readonly codings: readonly Coding[] }

/** EUCAIM's code for an unknown birth sex (reference notes §4.1). */
const UNKNOWN_SEX: CodedCount = { value: 'unknown', count: 0, codings: [{ system: 'EUCAIM', code: 'COM1002760' }] };
const AGE_BAND = 10;

class Tally {
  readonly #by = new Map<string, { patients: number; codings: Map<string, Coding> }>();

  add(value: string, codings: readonly Coding[]): void {
    let e = this.#by.get(value);
    if (!e) this.#by.set(value, (e = { patients: 0, codings: new Map() }));
    e.patients++;
    for (const c of codings) e.codings.set(`${c.system}|${c.code}`, c);
  }

  /** Categories of at least `k` patients by name; the others pooled under `pool` (when any). */
  counts(k: number, pool: CodedCount): CodedCount[] {
    const out: CodedCount[] = [];
    let pooled = 0;
    for (const [value, e] of this.#by) {
      if (e.patients >= k) out.push({ value, count: e.patients, codings: [...e.codings.values()] });
      else pooled += e.patients;
    }
    if (pooled > 0) {
      const same = out.findIndex((c) => c.value === pool.value);
      if (same >= 0) out[same] = { ...out[same]!, count: out[same]!.count + pooled };
      else out.push({ ...pool, count: pooled });
    }
    return out.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  }
}

const coded = (v: unknown): CodedJson | null => (v && typeof v === 'object' && 'value' in v ? (v as CodedJson) : null);

function codedImaging(set: ValueSetName, raw: string): CodedJson {
  const found = lookupValue(set, raw);
  return found.ok ? found.coded : { value: raw.trim(), codings: [] };
}

export function versionFacts(patients: readonly MemberPatient[], k: number): VersionFacts {
  const sex = new Tally();
  const conditions = new Tally();
  const imaging = { modalities: new Tally(), bodyParts: new Tally(), manufacturers: new Tally() };
  const bands = new Map<number, number>();
  for (const p of patients) {
    const record = p.cdm.get('patient')?.[0];
    const s = coded(record?.patient_birth_sex);
    if (s) sex.add(s.value, s.codings);
    else sex.add(UNKNOWN_SEX.value, UNKNOWN_SEX.codings);
    const seen = new Set<string>();
    for (const c of p.cdm.get('cancer_condition') ?? []) {
      const code = coded(c.cancer_condition_code);
      const category = code?.value.slice(0, 3).toUpperCase();
      if (!code || !category || seen.has(category)) continue;
      seen.add(category);
      conditions.add(category, [{ system: 'ICD-10', code: category }, ...(coded(c.cancer_condition_concept)?.codings ?? [])]);
    }
    const once = (tally: Tally, set: ValueSetName, values: readonly string[]): void => {
      for (const v of new Set(values.map((x) => x.trim()).filter(Boolean))) {
        const c = codedImaging(set, v);
        tally.add(c.value, c.codings);
      }
    };
    once(imaging.modalities, 'modality', p.studies.flatMap((st) => st.modalities));
    once(imaging.bodyParts, 'body_part', p.studies.flatMap((st) => st.bodyParts));
    once(imaging.manufacturers, 'manufacturer', p.studies.flatMap((st) => st.manufacturers));
    const age = record?.patient_age_at_diagnosis;
    if (typeof age === 'number' && age >= 0 && age < 130) {
      const band = Math.floor(age / AGE_BAND) * AGE_BAND;
      bands.set(band, (bands.get(band) ?? 0) + 1);
    }
  }
  const kept = [...bands].filter(([, n]) => n >= k).map(([b]) => b).sort((a, b) => a - b);
  const other = (value: string): CodedCount => ({ value, count: 0, codings: [] });
  return {
    sex: sex.counts(k, UNKNOWN_SEX),
    conditions: conditions.counts(k, other('other')),
    modalities: imaging.modalities.counts(k, other('other')),
    bodyParts: imaging.bodyParts.counts(k, other('other')),
    manufacturers: imaging.manufacturers.counts(k, other('other')),
    ...(kept.length > 0 ? { ageRange: { min: kept[0]!, max: kept.at(-1)! + AGE_BAND - 1 } } : {}),
  };
}
