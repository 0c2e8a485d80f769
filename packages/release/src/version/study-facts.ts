/**
 * Per study of a release, the facts the risk assessment reads: its patient's from the CDM extract, its own
 * from the de-identified files' ledger rows. A study belongs to the patient whose pseudonym heads its output
 * path.
 */
import type { StudyFacts } from '../risk/release-risk.ts';

export interface ReleasedFile {
  readonly study_key: string | null;
  readonly output_path: string | null;
  readonly output_sha256: string | null;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly body_part: string | null;
}

export interface CdmRow {
  readonly entity: string;
  readonly patient_id: string;
  readonly data: string;
}

/** The pseudonym in `PSEUDONYM/STUDY/SERIES/SOP.dcm`. */
export function patientOfOutput(outputPath: string): string {
  return outputPath.split('/')[0]!;
}

export interface ReleaseInputs {
  /** Study key -> patient pseudonym. */
  readonly studyPatient: ReadonlyMap<string, string>;
  readonly facts: readonly StudyFacts[];
}

interface Coded { readonly value?: string }

export function gatherFacts(files: readonly ReleasedFile[], cdm: readonly CdmRow[]): ReleaseInputs {
  const studyPatient = new Map<string, string>();
  const imaging = new Map<string, { modalities: Set<string>; vendors: Set<string>; bodyParts: Set<string> }>();
  for (const f of files) {
    if (!f.output_path || !f.study_key) continue;
    studyPatient.set(f.study_key, patientOfOutput(f.output_path));
    let i = imaging.get(f.study_key);
    if (!i) imaging.set(f.study_key, i = { modalities: new Set(), vendors: new Set(), bodyParts: new Set() });
    // Objects that travel with images (reports, segmentations) say nothing an attacker would know of the patient.
    if (f.modality && !['SR', 'SEG', 'KO', 'PR', 'OT', 'DOC'].includes(f.modality.trim().toUpperCase())) i.modalities.add(f.modality);
    if (f.manufacturer) i.vendors.add(f.manufacturer);
    if (f.body_part) i.bodyParts.add(f.body_part);
  }
  const patients = new Map<string, Record<string, unknown>>();
  const conditions = new Map<string, Record<string, unknown>[]>();
  for (const r of cdm) {
    if (r.entity === 'patient') patients.set(r.patient_id, JSON.parse(r.data) as Record<string, unknown>);
    else if (r.entity === 'cancer_condition') {
      let list = conditions.get(r.patient_id);
      if (!list) conditions.set(r.patient_id, list = []);
      list.push(JSON.parse(r.data) as Record<string, unknown>);
    }
  }
  const facts: StudyFacts[] = [...imaging.keys()].sort().map((study) => {
    const patient = studyPatient.get(study)!;
    const p = patients.get(patient);
    // The earliest diagnosis is the primary one for the risk table.
    const c = (conditions.get(patient) ?? []).slice().sort((a, b) => String(a.cancer_condition_asserted_date ?? '~').localeCompare(String(b.cancer_condition_asserted_date ?? '~')))[0];
    const code = (c?.cancer_condition_code as Coded | null | undefined)?.value ?? null;
    const i = imaging.get(study)!;
    return {
      study, patient,
      age: typeof p?.patient_age_at_diagnosis === 'number' ? p.patient_age_at_diagnosis : null,
      sex: (p?.patient_birth_sex as Coded | null | undefined)?.value ?? null,
      diagnosisDate: typeof c?.cancer_condition_asserted_date === 'string' ? c.cancer_condition_asserted_date : null,
      site: code ? code.slice(0, 3).toUpperCase() : null,
      histology: (c?.cancer_condition_histology_morphology as Coded | null | undefined)?.value ?? null,
      modalities: [...i.modalities], vendors: [...i.vendors], bodyParts: [...i.bodyParts],
    };
  });
  return { studyPatient, facts };
}
