/**
 * A complete, valid, synthetic application (no real person or organisation): for tests, the demo and the docs.
 */
export const SAMPLE_APPLICATION = {
  summary: {
    title: 'Prostate MRI for lesion detection (synthetic sample)',
    summary: 'We ask for multiparametric prostate MRI studies with their clinical summaries to train and validate a lesion detection model.',
  },
  contact: {
    organisation: 'Example Institute of Imaging Research',
    organisationAcronym: 'EIIR',
    piTitle: 'Dr',
    piName: 'Alex',
    piSurname: 'Example',
    email: 'pi@research.example.org',
    phone: '+34 600 000 000',
    role: 'Principal investigator',
  },
  scientific: {
    title: 'Lesion detection in prostate MRI',
    description: 'Objectives: train a detection model for clinically significant lesions. Methods: supervised learning on annotated studies, '
      + 'validated on a held-out set. Impact: earlier and more consistent detection.',
    timeline: { start: '2026-01-01', months: 18 },
    intendedUse: 'Training and validating a convolutional network for lesion detection; no re-identification, no linkage with other data.',
    processingPeriod: { start: '2026-02-01', end: '2027-06-30' },
    comments: '',
  },
  ethicalLegal: {
    ethicsApproval: 'certificate',
    gdprDueDiligence: 'standard',
    gdprEvidence: ['dpo-statement', 'dpia-or-audit'],
    mdr: 'not-applicable',
    altai: 'in-progress',
    agreementsCommitment: true,
    confidentiality: true,
  },
  consent: { processingOfApplicantData: true },
  overview: { confirm: true },
} as const;
