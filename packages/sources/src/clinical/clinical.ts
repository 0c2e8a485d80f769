// Public API of the clinical table readers; the package index re-exports this file.
export { readClinicalFile } from './clinical-file.ts';
export { readClinicalCsv } from './csv-table.ts';
export { detectDelimiter } from './delimiter.ts';
export { detectEncoding } from './encoding.ts';
export type { DetectedEncoding } from './encoding.ts';
export { readFhirBundle } from './fhir-bundle.ts';
export type { ClinicalTable } from './table.ts';
export { readClinicalXlsx } from './xlsx-table.ts';
