/**
 * Every attribute a release may carry, and what it is: a pseudonymous key, a carrier of one of the measured
 * quasi-identifiers (quasi-identifiers.ts), the sensitive payload, or something declared non-identifying with
 * the reason (shown in the dossier). Columns of the clinical extract and DICOM attributes alike. An attribute
 * that is released but declared nowhere stops the release (RELEASE_ATTRIBUTE_UNDECLARED): a new column or a
 * scanner's new attribute is a question for the steward, never a silent pass. Pure data.
 */

export type AttributeRule =
  /** A pseudonym, record id or pseudonymous UID: what joins a patient's records, measured as one record per patient. */
  | { readonly kind: 'key' }
  /** Carries the quasi-identifier `qi`; written at its level. */
  | { readonly kind: 'qi'; readonly qi: string }
  /** What re-identification would disclose; l-diversity guards it. */
  | { readonly kind: 'sensitive' }
  | { readonly kind: 'non-identifying'; readonly reason: ReasonId }
  /** Never released: dropped from every row or file. */
  | { readonly kind: 'removed'; readonly reason: ReasonId };

export const REASONS = {
  structure: 'Structure of the data model (record type, number, scoring system, coding system): the same for every patient of a kind.',
  treatmentDetail: 'Detail of a treatment (drug, dose, fractions, intent, response): part of the sensitive payload guarded by l-diversity, not something an outsider knows to link with.',
  birthDate: 'A birth date would undo any age band; age at diagnosis is released instead, generalised.',
  freeText: 'Free text may name people or places; never released from the clinical tables.',
  demographics: 'Race, ethnicity, cause of death and diagnostic category are quasi-identifiers the release does not measure, so it does not carry them.',
  patientCharacteristics: 'Patient\'s age, size, weight and other characteristics in image headers: quasi-identifiers the release does not measure, so it removes them (age at diagnosis is in the clinical extract).',
  pixel: 'Describes the pixel matrix (size, bit depth, photometry, spacing, rescaling, windowing): set by the scanner and protocol, the same for every patient scanned with them.',
  geometry: 'Position and orientation of the images relative to the scanner and to each other: set by the protocol and the patient\'s position on the table, not by who the patient is.',
  acquisition: 'Acquisition technique (sequence parameters, tube voltage, kernel, radiopharmaceutical, corrections): set by the protocol, shared by every patient scanned with it.',
  instance: 'Numbers and codes that organise a study\'s series and instances (series and instance numbers, image type, character set).',
  deidentification: 'States that and how the file was de-identified and released (PS3.15 Annex E): the same for every file of the version.',
  derivedObjects: 'Structure of reports, segmentations and other objects derived from images (templates, codes, segment descriptions, references between objects), and the modalities SR, SEG, KO, PR: whether a study has a report or a segmentation is the hospital\'s workflow, not something an outsider knows of a patient.',
  emptied: 'Carries no value in any released file: emptied or replaced by a dummy by the de-identification profile.',
  sequence: 'A sequence: a container whose items are declared attribute by attribute.',
  safePrivate: 'A private attribute kept by the Retain Safe Private Option: on the de-identification\'s safe private list (PS3.15 E.3.10), each entry with its reason.',
} as const;

export type ReasonId = keyof typeof REASONS;

const key = { kind: 'key' } as const;
const sensitive = { kind: 'sensitive' } as const;
const qi = (name: string): AttributeRule => ({ kind: 'qi', qi: name });
const ok = (reason: ReasonId): AttributeRule => ({ kind: 'non-identifying', reason });
const removed = (reason: ReasonId): AttributeRule => ({ kind: 'removed', reason });

/**
 * The columns of the clinical extract by CDM table, as the clinical package makes them (cdm.ts). Date columns
 * are `qi` of an offset quasi-identifier: they are released as offsets (`episode_start_offset_weeks`), never as
 * dates (release-dates.ts).
 */
export const CDM_COLUMNS: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  patient: {
    patient_id: key, dataset_id: ok('structure'), patient_birth_date: removed('birthDate'), patient_birth_sex: qi('sex'), patient_gender: qi('sex'),
    patient_race: removed('demographics'), patient_ethnicity: removed('demographics'), patient_managing_organization: qi('institution'),
    patient_diagnostic_category: removed('demographics'), patient_deceased: qi('vital_status'), patient_date_of_last_contact: qi('outcome_offset'),
    patient_cause_of_death: removed('demographics'), patient_age_at_diagnosis: qi('age'),
  },
  episode: {
    episode_id: key, patient_id: key, episode_type_code: ok('structure'), episode_number: ok('structure'), episode_start_date: qi('clinical_offset'),
    episode_end_date: qi('clinical_offset'), episode_offset_unit: removed('structure'), episode_parent_id: key,
  },
  cancer_condition: {
    cancer_condition_id: key, patient_id: key, cancer_condition_code: qi('condition'), cancer_condition_concept: qi('condition'),
    cancer_condition_type: qi('condition'), cancer_condition_histology_morphology: qi('morphology'), cancer_condition_topography: qi('topography'),
    cancer_condition_asserted_date: qi('clinical_offset'), episode_id: key,
  },
  cancer_stage: { cancer_stage_id: key, cancer_condition_id: key, patient_id: key, code: ok('structure'), scoring_system: ok('structure'), as_concept: qi('stage') },
  histologic_grade: { histologic_grade_id: key, cancer_condition_id: key, patient_id: key, scoring_system: ok('structure'), code: ok('structure'), value_as_concept: qi('grade') },
  tumor: {
    tumor_id: key, cancer_condition_id: key, patient_id: key, tumor_is_index: ok('structure'), histology_morphology: qi('morphology'),
    tumor_size_mm: qi('tumour_size'), body_site: qi('topography'), body_site_laterality: qi('topography'),
  },
  procedure: {
    procedure_id: key, patient_id: key, procedure_code: ok('structure'), procedure_category: ok('structure'), procedure_evaluation_finding: removed('freeText'),
    procedure_date: qi('clinical_offset'), imaging_timepoint: ok('structure'), episode_id: key,
  },
  treatment: {
    treatment_id: key, patient_id: key, treatment_type: sensitive, treatment_subtype: sensitive, treatment_intent: ok('treatmentDetail'),
    treatment_response: ok('treatmentDetail'), treatment_start_date: qi('clinical_offset'), treatment_end_date: qi('clinical_offset'), episode_id: key,
  },
  radiotherapy: { treatment_id: key, radiotherapy_dose_gy: ok('treatmentDetail'), radiotherapy_fractions: ok('treatmentDetail'), body_site: qi('topography') },
  surgical_procedure: { treatment_id: key, body_site: qi('topography') },
  medication_administration: { treatment_id: key, medication: ok('treatmentDetail'), medication_dose_value: ok('treatmentDetail'), medication_dose_unit: ok('treatmentDetail') },
  follow_up: { follow_up_id: key, patient_id: key, follow_up_date: qi('outcome_offset'), vital_status: qi('vital_status'), death_date: qi('outcome_offset'), cause_of_death: removed('demographics') },
  image_study: { study_id: key, patient_id: key, procedure_id: key, study_uid: key, study_date: qi('study_offset'), imaging_timepoint: ok('structure'), study_offset_unit: removed('structure') },
  image_series: {
    series_id: key, patient_id: key, series_uid: key, study_uid: key, series_number: ok('instance'), series_description: removed('freeText'),
    series_manufacturer: qi('manufacturer'), series_body_site: qi('body_part'), series_body_side_laterality: qi('laterality'), series_acquisition_date: qi('study_offset'),
    series_modality: qi('modality'),
  },
};

/** DICOM attributes by keyword. Every DA/DT is `study_offset`, every TM `study_time`, every UI a key (dicomRule). */
const DICOM_KEYWORDS: ReadonlyArray<readonly [AttributeRule, readonly string[]]> = [
  [key, ['PatientID', 'PatientName']],
  [qi('modality'), ['Modality']],
  [qi('manufacturer'), ['Manufacturer']],
  [qi('model'), ['ManufacturerModelName', 'SoftwareVersions']],
  [qi('body_part'), ['BodyPartExamined']],
  [qi('laterality'), ['ImageLaterality', 'Laterality']],
  [qi('sex'), ['PatientSex']],
  [qi('institution'), ['InstitutionName', 'InstitutionAddress', 'InstitutionalDepartmentName', 'StationName']],
  [removed('patientCharacteristics'), ['PatientAge', 'PatientSize', 'PatientWeight', 'PatientBodyMassIndex', 'EthnicGroup', 'SmokingStatus', 'PregnancyStatus', 'PatientSexNeutered']],
  [ok('deidentification'), ['PatientIdentityRemoved', 'DeidentificationMethod', 'DeidentificationMethodCodeSequence', 'LongitudinalTemporalInformationModified']],
  [ok('pixel'), [
    'Rows', 'Columns', 'BitsAllocated', 'BitsStored', 'HighBit', 'PixelRepresentation', 'SamplesPerPixel', 'PhotometricInterpretation', 'PlanarConfiguration',
    'PixelSpacing', 'ImagerPixelSpacing', 'RescaleIntercept', 'RescaleSlope', 'RescaleType', 'WindowCenter', 'WindowWidth', 'WindowCenterWidthExplanation',
    'NumberOfFrames', 'LossyImageCompression', 'LossyImageCompressionRatio', 'LossyImageCompressionMethod', 'PixelData', 'PixelPaddingValue',
    'SmallestImagePixelValue', 'LargestImagePixelValue', 'PresentationLUTShape', 'PixelAspectRatio', 'BurnedInAnnotation', 'PresentationIntentType',
    'PixelIntensityRelationship', 'PixelIntensityRelationshipSign', 'VOILUTFunction', 'RecognizableVisualFeatures', 'PixelMeasuresSequence',
  ]],
  [ok('geometry'), [
    'ImagePositionPatient', 'ImageOrientationPatient', 'SliceThickness', 'SliceLocation', 'SpacingBetweenSlices', 'PatientPosition', 'PatientOrientation',
    'PositionReferenceIndicator', 'ViewPosition', 'PatientOrientationCodeSequence', 'PatientGantryRelationshipCodeSequence', 'PlanePositionSequence',
    'PlaneOrientationSequence', 'TableHeight', 'GantryDetectorTilt', 'DataCollectionDiameter', 'ReconstructionDiameter', 'FieldOfViewDimensions',
    'DistanceSourceToDetector', 'DistanceSourceToPatient', 'EstimatedRadiographicMagnificationFactor',
  ]],
  [ok('acquisition'), [
    'ImageType', 'AcquisitionNumber', 'KVP', 'XRayTubeCurrent', 'ExposureTime', 'Exposure', 'ConvolutionKernel', 'FilterType', 'FocalSpots', 'GeneratorPower',
    'CTDIvol', 'ScanningSequence', 'SequenceVariant', 'ScanOptions', 'MRAcquisitionType', 'EchoTime', 'RepetitionTime', 'EchoTrainLength', 'InversionTime',
    'FlipAngle', 'MagneticFieldStrength', 'ImagingFrequency', 'ImagedNucleus', 'NumberOfAverages', 'PercentSampling', 'PercentPhaseFieldOfView',
    'PixelBandwidth', 'ReceiveCoilName', 'TransmitCoilName', 'AcquisitionMatrix', 'InPlanePhaseEncodingDirection', 'SAR', 'dBdt', 'SequenceName',
    'CollimatorType', 'CorrectedImage', 'CountsSource', 'DecayCorrection', 'DecayFactor', 'FrameReferenceTime', 'ActualFrameDuration', 'Units',
    'SeriesType', 'NumberOfSlices', 'ImageIndex', 'RandomsCorrectionMethod', 'AttenuationCorrectionMethod', 'ReconstructionMethod', 'DoseCalibrationFactor',
    'ScatterFractionFactor', 'DeadTimeFactor', 'RadionuclideHalfLife', 'RadionuclideTotalDose', 'RadionuclidePositronFraction', 'Radiopharmaceutical',
    'RadionuclideCodeSequence', 'RadiopharmaceuticalInformationSequence', 'RadiopharmaceuticalCodeSequence', 'ConversionType', 'DetectorType',
    'TransducerData', 'ProcessingFunction', 'PresentationIntentType', 'BreastImplantPresent', 'CompressionForce', 'BodyPartThickness', 'AnodeTargetMaterial',
    'FilterMaterial', 'Grid', 'ViewCodeSequence', 'ViewModifierCodeSequence', 'AnatomicRegionSequence',
  ]],
  [ok('instance'), ['SOPClassUID', 'InstanceNumber', 'SeriesNumber', 'SpecificCharacterSet', 'ContentQualification']],
  [ok('derivedObjects'), [
    'ValueType', 'RelationshipType', 'ConceptNameCodeSequence', 'ContinuityOfContent', 'CompletionFlag', 'VerificationFlag', 'ContentSequence',
    'CurrentRequestedProcedureEvidenceSequence', 'PerformedProcedureCodeSequence', 'ReferencedPerformedProcedureStepSequence', 'CodeValue',
    'CodingSchemeDesignator', 'CodingSchemeVersion', 'CodeMeaning', 'ContentTemplateSequence', 'MappingResource', 'TemplateIdentifier',
    'SegmentSequence', 'SegmentNumber', 'SegmentLabel', 'SegmentAlgorithmType', 'SegmentAlgorithmName', 'SegmentationType', 'SegmentedPropertyCategoryCodeSequence',
    'SegmentedPropertyTypeCodeSequence', 'ContentLabel', 'ContentDescription', 'DimensionIndexSequence', 'DimensionOrganizationSequence',
    'DimensionIndexPointer', 'FunctionalGroupPointer', 'DimensionIndexValues', 'PerFrameFunctionalGroupsSequence', 'SharedFunctionalGroupsSequence',
    'FrameContentSequence', 'SegmentIdentificationSequence', 'ReferencedSegmentNumber', 'DerivationImageSequence', 'SourceImageSequence',
    'DerivationCodeSequence', 'PurposeOfReferenceCodeSequence', 'ReferencedSeriesSequence', 'ReferencedInstanceSequence', 'ReferencedSOPSequence',
    'ReferencedImageSequence', 'MaximumFractionalValue', 'SegmentationFractionalType', 'RecommendedDisplayCIELabValue',
  ]],
];

const BY_KEYWORD = new Map<string, AttributeRule>(DICOM_KEYWORDS.flatMap(([rule, keywords]) => keywords.map((k) => [k, rule] as const)));

/** How a DICOM attribute is declared, from its keyword and VR; undefined when it is declared nowhere. */
export function dicomRule(keyword: string, vr: string): AttributeRule | undefined {
  if (vr === 'DA' || vr === 'DT') return qi('study_offset');
  if (vr === 'TM') return qi('study_time');
  const byKeyword = BY_KEYWORD.get(keyword);
  if (byKeyword) return byKeyword;
  if (vr === 'UI') return key;
  return undefined;
}

/** A released attribute declared as a quasi-identifier, sensitive or non-identifying; `removed` ones must not be released. */
export function describeRule(rule: AttributeRule): string {
  switch (rule.kind) {
    case 'key': return 'pseudonymous key';
    case 'qi': return `quasi-identifier ${rule.qi}`;
    case 'sensitive': return 'sensitive';
    case 'non-identifying': return REASONS[rule.reason];
    case 'removed': return `removed: ${REASONS[rule.reason]}`;
  }
}
