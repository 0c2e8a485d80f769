/**
 * The re-identification risk of a dataset version, one record per study (as ARX is run over DICOM metadata
 * in the EUCAIM pipeline), over quasi-identifiers drawn from the CDM extract and the de-identified images:
 * the patient's age at diagnosis, sex, diagnosis date and primary site, and the study's modalities, vendors
 * and body parts. A record per patient, with every study's attributes joined, was tried first: joined sets
 * made nearly every patient unique and no generalisation of the CDM fields could help.
 *
 * Only what the release can change is generalised: the CDM fields (age to bands, dates to month or year, sex
 * to '*'). Modality, vendor and body part are written in the DICOM files, so their hierarchy keeps every value
 * (a patient whose combination is too rare is suppressed instead, i.e. left out of the version); so is age
 * when the profile retains patient characteristics (the files then carry Patient's Age). Pure.
 */
import {
  ageHierarchy, applyGeneralisation, rareCategoryHierarchy, assessRelease, canonicalValue, dateHierarchy, DEFAULT_POLICY, leastGeneralisation, measureRisk, tableHierarchy,
  type Hierarchies, type Hierarchy, type Levels, type ReleaseDecision, type RiskRecord, type RiskReport,
} from '@oncoatlas/risk';

export const DEFAULT_QUASI_IDENTIFIERS = ['age', 'sex', 'diagnosis_date', 'site', 'modality', 'vendor', 'body_part'] as const;
/** Morphology is what a re-identified patient would disclose; l-diversity is measured over it. */
export const SENSITIVE_ATTRIBUTE = 'histology';
export const DEFAULT_MAX_SUPPRESSION = 0.1;

export interface StudyFacts {
  readonly study: string;
  /** The patient's pseudonym. */
  readonly patient: string;
  readonly age: number | null;
  readonly sex: string | null;
  readonly diagnosisDate: string | null;
  /** ICD-10 category of the primary condition (e.g. C34). */
  readonly site: string | null;
  readonly histology: string | null;
  readonly modalities: readonly string[];
  readonly vendors: readonly string[];
  readonly bodyParts: readonly string[];
}

export interface RiskPolicy {
  readonly minK: number;
  readonly maxProsecutorRisk: number;
  readonly maxUniqueShare: number;
}

export interface RiskAssessmentOptions {
  readonly quasiIdentifiers?: readonly string[];
  readonly policy?: Partial<RiskPolicy>;
  /** Search and apply the least generalisation reaching k (default), or measure the data as it is. */
  readonly generalise?: boolean;
  /** Share of studies that may be suppressed to reach k (default 0.1, as ARX examples use). */
  readonly maxSuppression?: number;
  /** The files carry Patient's Age and Sex (retain-patient-characteristics, EUCAIM profile). */
  readonly filesCarryCharacteristics?: boolean;
}

export interface RiskAssessment {
  readonly quasiIdentifiers: readonly string[];
  readonly policy: RiskPolicy;
  readonly before: RiskReport;
  readonly after: RiskReport;
  readonly levels: Levels;
  /** The generalisation in words, one line per quasi-identifier that is not at its original values. */
  readonly generalisation: readonly string[];
  /** Study keys left out of the version to reach k. */
  readonly suppressed: readonly string[];
  readonly decision: ReleaseDecision;
  /** The released value of each generalised quasi-identifier, per study kept. */
  readonly released: ReadonlyMap<string, RiskRecord>;
  readonly hierarchies: Hierarchies;
}

const joined = (values: readonly string[]): string | null => {
  const set = [...new Set(values.map((v) => v.trim().toUpperCase()).filter((v) => v !== ''))].sort();
  return set.length === 0 ? null : set.join('+');
};

export function riskRecords(studies: readonly StudyFacts[]): RiskRecord[] {
  return studies.map((p) => ({
    study: p.study, age: p.age, sex: p.sex, diagnosis_date: p.diagnosisDate, site: p.site, histology: p.histology,
    modality: joined(p.modalities), vendor: joined(p.vendors), body_part: joined(p.bodyParts),
  }));
}

/** A hierarchy that never changes a value: for attributes the release cannot generalise (see above). */
export function keptAsIs(what: string): Hierarchy {
  // Height 1 because the search needs at least one level; level 1 equals level 0, so a search never prefers it.
  return { height: 1, generalise: (v) => canonicalValue(v), describe: () => `kept as ${what}` };
}

export function releaseHierarchies(filesCarryCharacteristics: boolean, records: readonly RiskRecord[] = [], minK: number = DEFAULT_POLICY.minK): Hierarchies {
  return {
    age: filesCarryCharacteristics ? keptAsIs('in the images (Patient\'s Age)') : ageHierarchy(),
    sex: filesCarryCharacteristics ? keptAsIs('in the images (Patient\'s Sex)') : tableHierarchy([['male'], ['female'], ['unknown']]),
    diagnosis_date: dateHierarchy(),
    // A rare primary site becomes 'other' (the extract then keeps no code of that diagnosis), then '*'.
    site: rareCategoryHierarchy(records.map((r) => r.site), minK),
    modality: keptAsIs('in the images'),
    vendor: keptAsIs('in the images'),
    body_part: keptAsIs('in the images'),
  };
}

export function assessDatasetRisk(studies: readonly StudyFacts[], o: RiskAssessmentOptions = {}): RiskAssessment {
  const qis = [...(o.quasiIdentifiers ?? DEFAULT_QUASI_IDENTIFIERS)];
  const policy: RiskPolicy = { ...DEFAULT_POLICY, ...o.policy };
  const records = riskRecords(studies);
  const hierarchies = releaseHierarchies(o.filesCarryCharacteristics ?? false, records, policy.minK);
  const options = { quasiIdentifiers: qis, sensitive: SENSITIVE_ATTRIBUTE };
  const before = measureRisk(records, options);
  let levels: Levels = Object.fromEntries(qis.map((q) => [q, 0]));
  let plan: { found: boolean; suggestion: string } | undefined;
  if ((o.generalise ?? true) && records.length > 0) {
    const found = leastGeneralisation(records, { ...options, hierarchies, k: policy.minK, maxSuppression: o.maxSuppression ?? DEFAULT_MAX_SUPPRESSION });
    plan = found;
    if (found.found) levels = found.levels;
  }
  // Records are suppressed only as part of a plan that reaches k; otherwise the version is measured as it is.
  const applied = applyGeneralisation(records, { quasiIdentifiers: qis, hierarchies, levels, ...(plan?.found ? { k: policy.minK } : {}) });
  const suppressed = records.filter((_, i) => applied.suppressed[i]).map((r) => String(r.study));
  const kept = applied.records.filter((_, i) => !applied.suppressed[i]);
  const after = measureRisk(kept, options);
  const decision = assessRelease(after, policy, plan);
  return {
    quasiIdentifiers: qis, policy, before, after, levels, hierarchies,
    generalisation: qis.filter((q) => (levels[q] ?? 0) > 0).map((q) => `${q}: ${hierarchies[q]!.describe(levels[q]!)}`),
    suppressed, decision,
    released: new Map(kept.map((r) => [String(r.study), r])),
  };
}
