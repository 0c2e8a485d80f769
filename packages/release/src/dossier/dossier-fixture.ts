/**
 * A realistic, wholly synthetic dossier for tests and demos: a breast cancer MRI and PET-CT cohort of a
 * made-up hospital. The figures are consistent with one another (funnel, counts, risk measures), so a
 * rendered sample reads like a real one. No value comes from a real patient, hospital or person.
 */
import type { DossierData, DossierRiskMeasures } from './dossier-data.ts';

const NO_POPULATION =
  'No population table was given, so the table is taken as its own population: journalist risk equals prosecutor risk and marketer risk is J / n.';

function measures(records: number, classes: number, k: number, unique: number, atRisk: number, l: { distinct: number; entropy: number }): DossierRiskMeasures {
  const average = classes / records;
  return {
    records,
    classes,
    k,
    uniqueRecords: unique,
    uniqueShare: unique / records,
    prosecutor: { highest: 1 / k, average, recordsAtRisk: atRisk },
    journalist: { highest: 1 / k, average, recordsAtRisk: atRisk, assumption: NO_POPULATION },
    marketer: { average, assumption: NO_POPULATION },
    lDiversity: { attribute: 'treatments', ...l },
    threshold: 0.2,
  };
}

const AUDIT_EVENTS: readonly [string, string, string][] = [
  ['2025-04-02T07:58:11Z', 'CREATE_DATASET', 'steward-01'],
  ['2025-04-02T08:03:40Z', 'FILES_INDEXED', 'oncoatlas populate'],
  ['2025-04-02T09:17:05Z', 'STUDIES_TRANSITIONED', 'oncoatlas populate'],
  ['2025-04-02T13:44:52Z', 'STUDIES_TRANSITIONED', 'oncoatlas populate'],
  ['2025-04-03T10:12:30Z', 'REVIEW_DECIDED', 'reviewer-03'],
  ['2025-04-03T10:31:18Z', 'REVIEW_DECIDED', 'reviewer-03'],
  ['2025-04-07T06:40:02Z', 'FILES_INDEXED', 'oncoatlas populate'],
  ['2025-04-07T08:55:47Z', 'STUDIES_TRANSITIONED', 'oncoatlas populate'],
  ['2025-04-08T11:20:09Z', 'CLINICAL_HARMONISED', 'oncoatlas clinical'],
  ['2025-05-12T08:41:17Z', 'RELEASE_CANDIDATE', 'steward-01'],
  ['2025-05-19T14:02:55Z', 'UPDATE_DATASET', 'steward-02'],
];

const BASE: DossierData = {
  dataset: {
    id: 'ds-7f3a2c91',
    version: 2,
    title: 'Neoadjuvant breast cancer MRI and PET-CT cohort 2016-2023',
    description:
      'Pre-treatment and post-treatment breast MRI and staging PET-CT of patients who received neoadjuvant chemotherapy, ' +
      'with the pathological response recorded after surgery.',
    state: 'released',
    createdAt: '2025-05-12T08:41:17Z',
    createdBy: 'steward-01',
    releasedAt: '2025-05-19T14:02:55Z',
    releasedBy: 'steward-02',
    manifestSha256: '9c4e1b07d2a85f36e0b9a7c1d34f5e6a8b2c0d9e7f1a3b5c4d6e8f0a2b1c3d5e',
    counts: {
      patients: 398,
      studies: 1287,
      series: 9634,
      instances: 1482311,
      files: 1482311,
      bytes: 318774902113,
      modalities: { MR: 702, CT: 388, PT: 164, MG: 33 },
    },
  },
  purpose:
    'Training and external validation of models that predict pathological complete response to neoadjuvant chemotherapy ' +
    'from pre-treatment imaging, within the EUCAIM federated atlas.',
  legalBasis: 'GDPR Art. 6(1)(e) and Art. 9(2)(j); research approved by the institutional ethics committee (synthetic reference EC-0000-000).',
  holder: { name: 'Synthetic University Hospital, Department of Radiology', contact: 'data-protection@hospital.example' },
  funnel: {
    identified: 1402,
    integrated: 1301,
    rejected: { out_of_scope_modality: 61, no_clinical_record: 22, consent_withdrawn: 9, unreadable: 4 },
    review: 3,
    pending: 2,
    excludedFromVersion: { risk_suppressed: 14 },
  },
  deidentification: {
    profile: 'eucaim',
    standardRevision: '2025b',
    options: [
      { code: '113108', name: 'Retain Patient Characteristics Option' },
      { code: '113109', name: 'Retain Device Identity Option' },
      { code: '113111', name: 'Retain Safe Private Option' },
    ],
    datePolicy: 'year-month',
    verification: { instancesVerified: 1482311, identifierHits: 0, reviewApproved: 11, reviewRejected: 3 },
    burnedIn: {
      cleanPixelData: true, scanned: 212, withIdentifiers: 131, redactedAutomatically: 168, redactedByReviewer: 9, releasedAsIs: 4, rejected: 3,
      redactions: [
        { method: 'Burned-in text blanked (OCR and device template)', by: 'option', verified: true, instances: 168 },
        { method: 'Burned-in text blanked (boxes drawn by a reviewer)', by: 'reviewer', verified: true, instances: 9 },
      ],
    },
  },
  clinical: {
    rows: { total: 5930, kept: 5712, merged: 146, excluded: 72 },
    patients: { total: 412, excluded: 14 },
    linkageChecked: true,
    checks: [
      { check: 'date_order', description: 'Surgery dated before the diagnosis', errors: 4, warnings: 0, patients: 4 },
      { check: 'tnm_consistency', description: 'TNM stage inconsistent with the recorded tumour size', errors: 0, warnings: 17, patients: 15 },
      { check: 'receptor_status_missing', description: 'HER2 receptor status not recorded', errors: 0, warnings: 38, patients: 38 },
    ],
    records: { person: 398, condition_occurrence: 431, measurement: 3921, procedure_occurrence: 861, drug_exposure: 2314, observation: 517 },
  },
  risk: {
    unit: 'patient',
    quasiIdentifiers: [
      { name: 'age', label: 'age at diagnosis', releasedAs: '10-year bands' },
      { name: 'sex', label: 'sex', releasedAs: 'original values' },
      { name: 'condition', label: 'diagnosis (ICD-10)', releasedAs: 'ICD-10 category' },
      { name: 'study_offset', label: 'study dates (offsets from the baseline)', releasedAs: 'months' },
      { name: 'manufacturer', label: 'manufacturer of each study', releasedAs: 'suppressed (*)' },
    ],
    sensitive: 'treatments',
    dates: {
      policy: 'every date is released as its offset from the patient\'s baseline (the first diagnosis, else the first released study); DICOM files count it from 2000-01-01',
      studies: 'offsets from the baseline in months', clinical: 'offsets from the baseline in months', outcomes: 'offsets from the baseline in years', times: 'not released',
    },
    before: measures(412, 298, 1, 231, 0.9417, { distinct: 1, entropy: 1 }),
    after: measures(398, 41, 5, 0, 0, { distinct: 2, entropy: 1.87 }),
    generalisation: ['age at diagnosis: 10-year bands', 'diagnosis (ICD-10): ICD-10 category', 'manufacturer of each study: suppressed (*)'],
    suppressedPatients: 14,
    studiesLeftOut: 9,
    attacks: [
      { label: 'registry neighbour (sex, birth year, year of diagnosis, site)', targets: 398, reidentified: 2, share: 2 / 398 },
      { label: 'imaging visitor (modality, date and time of one scan)', targets: 398, reidentified: 0, share: 0 },
      { label: 'death registry (sex, birth year, site, days from diagnosis to death)', targets: 61, reidentified: 1, share: 1 / 398 },
      { label: 'every quasi-identifier the release measures', targets: 398, reidentified: 0, share: 0 },
    ],
    declarations: [
      { where: 'dicom', declaredAs: 'Describes the pixel matrix (size, bit depth, photometry, spacing, rescaling, windowing).', by: 'built-in', attributes: ['BitsAllocated', 'Columns', 'Rows'] },
      { where: 'clinical', declaredAs: 'quasi-identifier age', by: 'built-in', attributes: ['patient.patient_age_at_diagnosis'] },
      { where: 'dicom', declaredAs: 'X-ray filter, set by the protocol of the room', by: 'steward', attributes: ['FilterType'] },
    ],
    policy: { minK: 5, minL: 2, maxProsecutorRisk: 0.2, maxSuppression: 0.1, maxAttackShare: 0.05 },
    decision: { allowed: true, failures: [], suggestion: null },
    override: null,
  },
  provenance: {
    software: 'OncoAtlas 0.1.0 (Node.js 24.21.0)',
    generatedAt: '2025-05-19T14:05:02Z',
    auditLog: { size: 18734, rootHash: '4b1f0e9a6c2d83e75a0f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f67' },
    events: AUDIT_EVENTS.map(([at, type, actor], i) => ({ seq: 18402 + i * 29, at, type, actor })),
    runs: [
      { id: 1, command: 'oncoatlas populate --source dicomweb --cohort cohort.json', startedAt: '2025-04-02T08:00:03Z', finishedAt: '2025-04-02T13:47:10Z', status: 'done' },
      { id: 2, command: 'oncoatlas populate --source dicomweb --cohort cohort.json --resume', startedAt: '2025-04-07T06:38:55Z', finishedAt: '2025-04-07T09:02:41Z', status: 'done' },
      { id: 3, command: 'oncoatlas clinical import --cdm omop', startedAt: '2025-04-08T11:02:12Z', finishedAt: null, status: 'interrupted' },
    ],
  },
};

/** One level deep: `{ dataset: { title } }` replaces the title and keeps the rest of `dataset`. */
export type DossierOverrides = { readonly [K in keyof DossierData]?: Partial<DossierData[K]> };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sampleDossierData(overrides: DossierOverrides = {}): DossierData {
  const out: Record<string, unknown> = { ...BASE };
  for (const [key, value] of Object.entries(overrides)) {
    const base = out[key];
    out[key] = isPlainObject(value) && isPlainObject(base) ? { ...base, ...value } : value;
  }
  return out as unknown as DossierData;
}
