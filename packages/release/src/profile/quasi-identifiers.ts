/**
 * The quasi-identifiers a release measures and generalises, one record per patient (patient-view.ts): what
 * an attacker could know of a person (from a registry, a neighbour, a visit, a death notice) and find again in
 * the released files and tables. Each has a hierarchy from the released value to '*', and a weight: how much
 * a researcher loses when it is generalised one level, relative to the others, which the search uses to
 * prefer generalising what matters least. Where each is carried in the files and tables is in
 * attribute-rules.ts; an attribute released but declared nowhere stops the release.
 */
import {
  ageHierarchy, bandHierarchy, canonicalValue, derivedHierarchy, keepOrSuppress, offsetHierarchy, timeHierarchy,
  type Hierarchy, type QuasiIdentifier,
} from '@oncoatlas/risk';

/** Event groups of the clinical timeline; outcome groups; the studies. */
export const CLINICAL_TIMELINE = ['conditions', 'episode_start', 'episode_end', 'treatment_start', 'treatment_end', 'procedures'] as const;
export const OUTCOMES = ['follow_up', 'death', 'last_contact'] as const;
export const STUDIES = 'studies';

/** The attribute l-diversity guards: how the patient was treated, what re-identifying them would disclose. */
export const SENSITIVE_ATTRIBUTE = 'treatments';

export interface ReleaseQuasiIdentifier extends QuasiIdentifier {
  readonly label: string;
  /** What the release cannot change (a DICOM Modality) or that is constant: measured, never generalised. */
  readonly fixed?: boolean;
}

/** Level 0 and 1 give the same value: what a release cannot change (a DICOM Modality) or that is constant. */
export function keptAsIs(what: string): Hierarchy {
  return { height: 1, generalise: (v) => canonicalValue(v), describe: () => `kept as ${what}` };
}

const ROMAN = /^(IV|I{1,3}|0)/;

/** `IIIA` -> `III`, then early (0-II) or advanced (III-IV). */
const stageHierarchy = (): Hierarchy => derivedHierarchy([
  { name: 'stage without its sub-letter', from: (v) => ROMAN.exec(v.toUpperCase().replace(/^STAGE\s*/, ''))?.[1] },
  { name: 'early (0-II) or advanced (III-IV)', from: (v) => {
    const r = ROMAN.exec(v.toUpperCase().replace(/^STAGE\s*/, ''))?.[1];
    return r === undefined ? undefined : r === 'III' || r === 'IV' ? 'III-IV' : '0-II';
  } },
]);

/** `pT2a` -> `T2`: the main category, without basis or sub-letter. */
const tnmHierarchy = (letter: 'T' | 'N' | 'M'): Hierarchy => derivedHierarchy([
  { name: `${letter} category without its sub-division`, from: (v) => new RegExp(`${letter}(is|X|[0-4])`, 'i').exec(v)?.[0]?.toUpperCase() },
]);

/** The quasi-identifier a cancer_stage record carries, by its code (`cT`, `pN`, `M`, `stage_group`); null for another. */
export function stageQuasiIdentifier(code: string): 'tnm_t' | 'tnm_n' | 'tnm_m' | 'stage' | null {
  if (code === 'stage_group') return 'stage';
  const last = code.slice(-1).toUpperCase();
  return last === 'T' ? 'tnm_t' : last === 'N' ? 'tnm_n' : last === 'M' ? 'tnm_m' : null;
}

const categoryOf = (v: string): string | undefined => /^[A-Z]\d{2}/i.exec(v)?.[0]?.toUpperCase();

/**
 * The quasi-identifiers, in the order the search breaks ties. `study_time` starts at the hour: an exact time
 * of day is never released.
 */
export function releaseQuasiIdentifiers(): ReleaseQuasiIdentifier[] {
  const study = (name: string, field: string, label: string, hierarchy: Hierarchy, weight: number): ReleaseQuasiIdentifier =>
    ({ name, label, hierarchy, weight, groups: [STUDIES], field });
  const fixed = (q: ReleaseQuasiIdentifier): ReleaseQuasiIdentifier => ({ ...q, fixed: true });
  const condition = (name: string, label: string, hierarchy: Hierarchy, weight: number): ReleaseQuasiIdentifier =>
    ({ name, label, hierarchy, weight, groups: ['conditions'], field: name });
  return [
    { name: 'age', label: 'age at diagnosis', hierarchy: ageHierarchy({ bands: [5, 10, 20] }), weight: 2 },
    { name: 'sex', label: 'sex', hierarchy: keepOrSuppress(), weight: 2 },
    { name: 'vital_status', label: 'vital status', hierarchy: keepOrSuppress(), weight: 1.5 },
    { name: 'institution', label: 'institution', hierarchy: keptAsIs('the images say (removed, or the hashed site id)'), weight: 0.1, fixed: true },
    condition('condition', 'diagnosis (ICD-10)', derivedHierarchy([{ name: 'ICD-10 category', from: categoryOf }]), 3),
    condition('topography', 'tumour site (ICD-O-3 topography and laterality)', derivedHierarchy([{ name: 'ICD-O-3 topography category', from: categoryOf }]), 1.5),
    condition('morphology', 'morphology (ICD-O-3)', derivedHierarchy([{ name: 'morphology group (first three digits)', from: (v) => /^\d{3}/.exec(v)?.[0] }]), 2),
    condition('grade', 'histological grade', keepOrSuppress(), 1),
    condition('tnm_t', 'TNM T', tnmHierarchy('T'), 1),
    condition('tnm_n', 'TNM N', tnmHierarchy('N'), 1),
    condition('tnm_m', 'TNM M', tnmHierarchy('M'), 1),
    condition('stage', 'stage group', stageHierarchy(), 2),
    condition('tumour_size', 'tumour size', bandHierarchy([10, 20, 40], (w) => `${w} mm bands`), 1),
    fixed(study('modality', 'modality', 'modalities of each study', keptAsIs('in the images'), 3)),
    study('manufacturer', 'manufacturer', 'manufacturer of each study', keepOrSuppress(), 1),
    study('model', 'model', 'scanner model and software version of each study', keepOrSuppress(), 0.5),
    study('body_part', 'body_part', 'body part of each study', keepOrSuppress(), 1.5),
    fixed(study('laterality', 'laterality', 'laterality of the images', keptAsIs('in the images (Image Laterality)'), 1)),
    study('study_offset', 'offset', 'study dates (offsets from the baseline)', offsetHierarchy(), 1.5),
    study('study_time', 'time', 'study times', timeHierarchy(), 0.25),
    { name: 'clinical_offset', label: 'dates of diagnoses, episodes, treatments and procedures (offsets from the baseline)', hierarchy: offsetHierarchy(), weight: 1.5, groups: CLINICAL_TIMELINE, field: 'offset' },
    { name: 'outcome_offset', label: 'follow-up, last contact and death (offsets from the baseline)', hierarchy: offsetHierarchy(), weight: 1.5, groups: OUTCOMES, field: 'offset' },
  ];
}
