/**
 * Plans the synthetic hospital: patients, their studies and series, and which defects each carries. Pure: the
 * same (seed, size) gives the same plan, and the writer turns the plan into files. Patient-level defects (no
 * clinical record, withdrawn consent, conflicting demographics) are drawn per patient, as in a real hospital.
 */
import { CANCER_WEIGHTS, LEGACY_BIG_ENDIAN_MR, OUT_OF_SCOPE, SERIES, STUDY_DESCRIPTION, STUDY_TYPES, VENDORS, type CancerType, type ImageModality, type StudyType, type Vendor } from './catalog.ts';
import { DEFECT_RATES, FATAL_RATES, type DefectKind, type RejectionReason } from './defects.ts';
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES, type Language } from './names.ts';
import { Random } from './random.ts';

export type Charset = 'ISO_IR 100' | 'ISO_IR 192' | 'undeclared';

export interface PatientPlan {
  readonly index: number;
  readonly id: string;
  readonly family: string;
  readonly given: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string; // YYYYMMDD
  readonly cancer: CancerType;
  readonly inClinical: boolean;
  readonly consentWithdrawn: boolean;
  readonly demographicsConflict: boolean;
  readonly diagnosisDate: string;
}

export interface SeriesPlan {
  readonly number: number;
  readonly uid: string;
  readonly modality: ImageModality;
  readonly description: string;
  readonly bodyPart: string;
  readonly instances: number;
}

export interface StudyPlan {
  readonly index: number;
  readonly patient: PatientPlan;
  readonly uid: string;
  readonly accession: string;
  readonly date: string;
  readonly time: string;
  readonly type: StudyType | 'OUT_OF_SCOPE';
  readonly description: string;
  readonly vendor: Vendor;
  readonly language: Language;
  readonly charset: Charset;
  readonly series: readonly SeriesPlan[];
  readonly reason: RejectionReason | null;
  readonly defects: readonly DefectKind[];
  readonly frameOfReferenceUid: string;
}

export function uid(r: Random): string {
  // 2.25 + a random 122-bit number, as PS3.5 B.2 allows (a UUID-derived UID).
  const n = (BigInt(r.u32()) << 90n) | (BigInt(r.u32()) << 60n) | (BigInt(r.u32()) << 30n) | BigInt(r.u32() & 0x3fffffff);
  return `2.25.${n & ((1n << 122n) - 1n)}`;
}

function date(r: Random, fromYear: number, toYear: number): string {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

function planPatient(root: Random, index: number): PatientPlan {
  const r = root.fork(`patient:${index}`);
  const sex = r.chance(0.5) ? 'F' : 'M';
  const cancer = sex === 'M' ? r.weighted(CANCER_WEIGHTS.filter(([c]) => c !== 'breast')) : r.weighted(CANCER_WEIGHTS.filter(([c]) => c !== 'prostate'));
  const fatal = r.next();
  const noClinical = fatal < FATAL_RATES.no_clinical_record;
  const consent = !noClinical && fatal < FATAL_RATES.no_clinical_record + FATAL_RATES.consent_withdrawn;
  const conflict = !noClinical && !consent && fatal < FATAL_RATES.no_clinical_record + FATAL_RATES.consent_withdrawn + FATAL_RATES.demographics_conflict;
  return {
    index,
    id: String(10_000_000 + index * 13 + r.int(0, 12)),
    family: `${r.pick(SURNAMES)} ${r.pick(SURNAMES)}`,
    given: sex === 'F' ? r.pick(GIVEN_FEMALE) : r.pick(GIVEN_MALE),
    sex,
    birthDate: date(r, 1935, 1985),
    cancer,
    inClinical: !noClinical,
    consentWithdrawn: consent,
    demographicsConflict: conflict,
    diagnosisDate: date(r, 2014, 2022),
  };
}

function planSeries(r: Random, type: StudyType | 'OUT_OF_SCOPE', language: Language, realistic: boolean): SeriesPlan[] {
  const templates = type === 'OUT_OF_SCOPE' ? [] : SERIES[type];
  const series: SeriesPlan[] = templates.map((t, i) => {
    let n = r.int(t.instances[0], t.instances[1]);
    if (realistic && (t.modality === 'CT' || t.modality === 'MR' || t.modality === 'PT')) n *= 8;
    return { number: i + 1, uid: uid(r), modality: t.modality, description: t.description[language], bodyPart: t.bodyPart, instances: n };
  });
  if (type === 'OUT_OF_SCOPE') {
    const o = r.pick(OUT_OF_SCOPE);
    series.push({ number: 1, uid: uid(r), modality: o.modality, description: o.description, bodyPart: o.bodyPart, instances: r.int(2, 6) });
  }
  return series;
}

function planStudy(root: Random, index: number, patient: PatientPlan, realistic: boolean): StudyPlan {
  const r = root.fork(`study:${index}`);
  const outOfScope = r.chance(FATAL_RATES.out_of_scope_modality);
  const type: StudyType | 'OUT_OF_SCOPE' = outOfScope ? 'OUT_OF_SCOPE' : r.weighted(STUDY_TYPES[patient.cancer]);
  const language: Language = r.weighted([['es', 55], ['ca', 30], ['en', 15]]);
  const charset: Charset = r.chance(DEFECT_RATES.undeclared_charset) ? 'undeclared' : r.chance(0.7) ? 'ISO_IR 100' : 'ISO_IR 192';
  const firstModality: ImageModality = type === 'OUT_OF_SCOPE' ? 'XA' : SERIES[type][0]!.modality;
  let vendor = r.pick(VENDORS.filter((v) => v.models[firstModality] !== undefined).concat(type === 'OUT_OF_SCOPE' ? VENDORS.slice(0, 2) : []));
  const defects: DefectKind[] = [];
  if (type === 'MR' && r.chance(DEFECT_RATES.legacy_big_endian)) { vendor = LEGACY_BIG_ENDIAN_MR; defects.push('legacy_big_endian'); }
  const series = planSeries(r, type, language, realistic);
  const total = series.reduce((s, x) => s + x.instances, 0);

  let reason: RejectionReason | null = null;
  if (!patient.inClinical) reason = 'no_clinical_record';
  else if (patient.consentWithdrawn) reason = 'consent_withdrawn';
  else if (patient.demographicsConflict) reason = 'demographics_conflict';
  else if (outOfScope) reason = 'out_of_scope_modality';
  // Drawn for every study so the stream of random values does not depend on earlier outcomes.
  const unreadable = r.chance(FATAL_RATES.no_readable_instances / (1 - 0.1275 + FATAL_RATES.no_readable_instances));
  if (reason === null && unreadable) reason = 'no_readable_instances';
  if (reason !== null) defects.push(reason);

  if (reason !== 'no_readable_instances' && total >= 2 && r.chance(DEFECT_RATES.truncated_instance)) defects.push('truncated_instance');
  if (r.chance(DEFECT_RATES.duplicate_instance)) defects.push('duplicate_instance');
  if (r.chance(DEFECT_RATES.stray_file)) defects.push('stray_file');
  if (r.chance(DEFECT_RATES.corrupt_file)) defects.push('corrupt_file');
  if (charset === 'undeclared') defects.push('undeclared_charset');
  if (type === 'US') defects.push('burned_in_annotation');
  if ((type === 'CT' || type === 'PETCT') && r.chance(DEFECT_RATES.screenshot_series)) {
    series.push({ number: 99, uid: uid(r), modality: 'SC', description: 'Dose Report', bodyPart: series[0]!.bodyPart, instances: 1 });
    defects.push('burned_in_annotation');
  }
  if (r.chance(DEFECT_RATES.name_in_description)) defects.push('name_in_description');
  if (r.chance(DEFECT_RATES.name_in_private_tag)) defects.push('name_in_private_tag');
  if (type !== 'OUT_OF_SCOPE' && r.chance(DEFECT_RATES.report)) {
    series.push({ number: 100, uid: uid(r), modality: 'SR', description: language === 'en' ? 'Radiology report' : language === 'ca' ? 'Informe radiològic' : 'Informe radiológico', bodyPart: series[0]!.bodyPart, instances: 1 });
    if (r.chance(0.5)) defects.push('name_in_report');
  }
  if ((type === 'CT' || type === 'MR') && r.chance(DEFECT_RATES.segmentation)) {
    series.push({ number: 200, uid: uid(r), modality: 'SEG', description: 'Tumour segmentation', bodyPart: series[0]!.bodyPart, instances: 1 });
  }
  const cd = r.chance(DEFECT_RATES.dicomdir_import);
  if (cd) defects.push('dicomdir_import');
  else if (r.chance(DEFECT_RATES.name_in_path)) defects.push('name_in_path');

  const year = Number(patient.diagnosisDate.slice(0, 4));
  return {
    index, patient, uid: uid(r), accession: `E${year % 100}${r.digits(7)}`,
    date: date(r, Math.min(year, 2023), Math.min(year + 2, 2024)),
    time: `${String(r.int(7, 20)).padStart(2, '0')}${String(r.int(0, 59)).padStart(2, '0')}${String(r.int(0, 59)).padStart(2, '0')}`,
    type, description: type === 'OUT_OF_SCOPE' ? series[0]!.description : STUDY_DESCRIPTION[type][language], vendor, language, charset, series, reason, defects,
    frameOfReferenceUid: uid(r),
  };
}

export interface HospitalPlan {
  readonly patients: readonly PatientPlan[];
  readonly studies: readonly StudyPlan[];
  /** Patients in the clinical tables who have no images. */
  readonly clinicalOnly: readonly PatientPlan[];
}

export function planHospital(seed: string, studies: number, realistic: boolean): HospitalPlan {
  const root = new Random(`oncoatlas-synth:${seed}`);
  const patients: PatientPlan[] = [];
  const plans: StudyPlan[] = [];
  const shape = root.fork('shape');
  for (let p = 0; plans.length < studies; p++) {
    const patient = planPatient(root, p);
    patients.push(patient);
    const n = Math.min(studies - plans.length, shape.weighted([[1, 60], [2, 30], [3, 10]]));
    for (let i = 0; i < n; i++) plans.push(planStudy(root, plans.length, patient, realistic));
  }
  const clinicalOnly: PatientPlan[] = [];
  const extra = Math.round(patients.length * DEFECT_RATES.clinical_only_patients);
  for (let i = 0; i < extra; i++) {
    const p = planPatient(root, patients.length + i);
    clinicalOnly.push({ ...p, inClinical: true, consentWithdrawn: false, demographicsConflict: false });
  }
  return { patients, studies: plans, clinicalOnly };
}
