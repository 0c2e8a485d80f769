/**
 * @oncoatlas/clinical: hospital clinical tables → EUCAIM common data model, with quality checks.
 * Pure domain code: callers pass parsed tables (the `ClinicalTable`s of @oncoatlas/sources), a mapping file's
 * text, pseudonyms and a date policy; nothing here reads files, the clock or the network. No message,
 * finding or report holds a cell value: rows are named by number, columns by header, patients by pseudonym.
 *
 * @example
 * const mapping = parseMapping(mappingText, 'mapping.yaml'); // CLINICAL_MAPPING_INVALID lists every problem with its line
 * const result = transformToCdm(tables, mapping, {          // tables: ClinicalTable[] from readClinicalFile
 *   pseudonymOf: (id) => pseudonym(secret, id),
 *   datePolicy: (date, { patientId }) => shiftDate(date, offsetDays(patientId)),
 *   imagedPatientIds: patientsWithStudies,                  // enables the linkage checks
 * });
 * result.records.patient;  // CDM rows keyed by pseudonym
 * result.outcomes;         // per source row: kept, merged (duplicate) or excluded, with the checks why
 * console.log(formatQcReport(qcReport(result, { maxExamples: 5 })));
 */
export type {
  CancerConditionRecord, CancerStageRecord, CdmDate, CdmRecords, Coded, CodeSystem, Coding, EpisodeRecord, EpisodeType, FollowUpRecord,
  HistologicGradeRecord, ImageSeriesRecord, ImageStudyRecord, MedicationAdministrationRecord, PatientRecord, ProcedureRecord,
  RadiotherapyRecord, SurgicalProcedureRecord, TreatmentRecord, TreatmentSubtype, TumorRecord,
} from './cdm.ts';
export { curie } from './cdm.ts';
export { validateMapping, parseMapping } from './mapping/parse-mapping.ts';
export type { MappingValidation } from './mapping/parse-mapping.ts';
export { formatProblem } from './mapping/mapping.ts';
export type { ColumnMapping, Mapping, MappingProblem, TableMapping } from './mapping/mapping.ts';
export { ENTITY_FIELDS } from './mapping/fields.ts';
export type { FieldType, MappableEntity } from './mapping/fields.ts';
export { conceptByKey, lookupValue, normalizeLocal, VALUE_SET_NAMES } from './value-sets.ts';
export type { Lookup, ValueSetName } from './value-sets.ts';
export { bodyPartOfTopography, conditionConcept, conditionOfEucaimCode, icd10CategoryTitle } from './codes.ts';
export { daysBetween, parseClinicalDate, shiftDate } from './dates.ts';
export type { DateFormat, DateReading } from './dates.ts';
export { transformToCdm } from './transform/transform.ts';
export type { CdmResult, RowOutcome, SourceTable, TransformOptions } from './transform/transform.ts';
export type { DateContext, DatePolicy } from './transform/records.ts';
export { CHECK_NAMES, QC_CHECKS } from './qc/checks.ts';
export type { CheckName, Finding, Severity } from './qc/checks.ts';
export { formatQcReport, qcReport } from './qc/report.ts';
export type { QcCheckSummary, QcExample, QcReport, QcReportOptions } from './qc/report.ts';
export { SYNTHETIC_DEFECT_CHECKS } from './synthetic-hospital.ts';
export { imageRecords } from './transform/image-records.ts';
export type { ReleasedSeries } from './transform/image-records.ts';
export { cdmTableDescription, describeCdmColumn } from './cdm-columns.ts';
export type { CdmColumnDescription, CdmTable, ColumnDatatype } from './cdm-columns.ts';
