/**
 * The CDM extract of a version: the records of its patients only, one JSON Lines file per CDM table, with
 * the version's generalisation applied to the quasi-identifiers the CDM holds. Birth dates are never
 * released (age at diagnosis is, and a birth date would undo any age band); a generalised age is written as
 * its band ("60-69"), a generalised sex as null, a generalised diagnosis date as its month or year, and a
 * condition whose site was generalised to 'other' loses its ICD-10 code, concept and topography (its
 * morphology, the scientific payload, stays).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Hierarchies, Levels } from '@oncoatlas/risk';
import type { CdmRow } from './study-facts.ts';

export function releasedRecord(entity: string, record: Record<string, unknown>, hierarchies: Hierarchies, levels: Levels, siteKept = true): Record<string, unknown> {
  const out = { ...record };
  if (entity === 'cancer_condition' && !siteKept) {
    out.cancer_condition_code = null;
    out.cancer_condition_concept = null;
    out.cancer_condition_topography = null;
  }
  if (entity === 'patient') {
    out.patient_birth_date = null;
    if ((levels.age ?? 0) > 0 && out.patient_age_at_diagnosis !== null) {
      const band = hierarchies.age!.generalise(out.patient_age_at_diagnosis as number, levels.age!);
      out.patient_age_at_diagnosis = band === '*' ? null : band;
    }
    if ((levels.sex ?? 0) > 0) out.patient_birth_sex = null;
  }
  if (entity === 'cancer_condition' && (levels.diagnosis_date ?? 0) > 0 && typeof out.cancer_condition_asserted_date === 'string') {
    const d = hierarchies.diagnosis_date!.generalise(out.cancer_condition_asserted_date, levels.diagnosis_date!);
    out.cancer_condition_asserted_date = d === '*' ? null : d;
  }
  return out;
}

/** Writes `clinical/<table>.jsonl` for the given patients; returns the record count per table. */
export function writeClinicalExtract(dir: string, rows: readonly CdmRow[], patients: ReadonlySet<string>, studyUids: ReadonlySet<string>, hierarchies: Hierarchies, levels: Levels, siteGeneralised: ReadonlySet<string> = new Set()): Record<string, number> {
  const byEntity = new Map<string, string[]>();
  for (const r of rows) {
    if (!patients.has(r.patient_id)) continue;
    // Image records follow the studies of the version, not just its patients (a patient may keep one study of two).
    if ((r.entity === 'image_study' || r.entity === 'image_series') && !studyUids.has(String((JSON.parse(r.data) as { study_uid?: unknown }).study_uid))) continue;
    const line = JSON.stringify(releasedRecord(r.entity, JSON.parse(r.data) as Record<string, unknown>, hierarchies, levels, !siteGeneralised.has(r.patient_id)));
    let lines = byEntity.get(r.entity);
    if (!lines) byEntity.set(r.entity, lines = []);
    lines.push(line);
  }
  if (byEntity.size === 0) return {};
  mkdirSync(join(dir, 'clinical'), { recursive: true });
  const counts: Record<string, number> = {};
  for (const [entity, lines] of [...byEntity].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    writeFileSync(join(dir, 'clinical', `${entity}.jsonl`), `${lines.join('\n')}\n`);
    counts[entity] = lines.length;
  }
  return counts;
}
