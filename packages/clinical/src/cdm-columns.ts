/**
 * What the released CDM tables and their columns hold, in words a researcher reads in the catalogue
 * (HealthDCAT-AP describes a dataset's variables as CSVW columns with a title, a datatype and a description).
 * The datatype is read from the released values, not assumed from the schema: a date the date policy coarsened
 * to a year is no longer an `xsd:date`, and the catalogue must not claim it is.
 */
import type { CdmRecords } from './cdm.ts';

export type CdmTable = keyof CdmRecords;

/** A CSVW datatype name (https://www.w3.org/TR/tabular-metadata/#datatypes) or `json` for a coded object. */
export type ColumnDatatype = 'string' | 'date' | 'integer' | 'number' | 'boolean' | 'json';

export interface CdmColumnDescription {
  readonly title: string;
  readonly datatype: ColumnDatatype;
  readonly description: string;
}

const TABLES: Readonly<Record<CdmTable, readonly [title: string, description: string]>> = {
  patient: ['Patients', 'One row per released patient: sex, age at diagnosis, vital status.'],
  episode: ['Episodes', 'Episodes of care (diagnosis, treatment, progression, relapse, remission, surveillance) per patient.'],
  cancer_condition: ['Cancer conditions', 'Diagnosed cancers: ICD-10 code, ICD-O-3 morphology and topography, when asserted.'],
  cancer_stage: ['Cancer stages', 'TNM staging of each cancer condition.'],
  histologic_grade: ['Histologic grades', 'Histologic grade of each cancer condition.'],
  tumor: ['Tumours', 'Tumours of each cancer condition: morphology, size, body site, laterality.'],
  procedure: ['Procedures', 'Diagnostic and imaging procedures per patient.'],
  treatment: ['Treatments', 'Treatments per patient: type, intent, response, start and end.'],
  radiotherapy: ['Radiotherapy', 'Radiotherapy courses: total dose and fractions.'],
  surgical_procedure: ['Surgical procedures', 'Surgical treatments and their body site.'],
  medication_administration: ['Medication administrations', 'Drug treatments: medication and dose as written.'],
  follow_up: ['Follow-up', 'Follow-up contacts: vital status, death date and cause.'],
  image_study: ['Imaging studies', 'The released imaging studies, by de-identified Study Instance UID.'],
  image_series: ['Imaging series', 'The released image series: modality, manufacturer, body site, laterality.'],
};

const ENTITY_NAMES: Readonly<Record<string, string>> = {
  patient: 'patient', episode: 'episode', cancer_condition: 'cancer condition', cancer_stage: 'cancer stage',
  histologic_grade: 'histologic grade', tumor: 'tumour', procedure: 'procedure', treatment: 'treatment', follow_up: 'follow-up contact',
  study: 'imaging study', series: 'image series',
};

const WORDS: Readonly<Record<string, string>> = { id: 'ID', uid: 'UID', mm: '(mm)', gy: '(Gy)', tnm: 'TNM' };

/** The table's title and what it holds; an unknown table is named by itself. */
export function cdmTableDescription(table: string): { readonly title: string; readonly description: string } {
  const known = (TABLES as Readonly<Record<string, readonly [string, string]>>)[table];
  return known ? { title: known[0], description: known[1] } : { title: table, description: `Released table ${table}.` };
}

/** `patient_birth_sex` -> `Birth sex` in table patient; `tumor_size_mm` -> `Size (mm)`. */
function titleOf(table: string, column: string): string {
  const rest = column.startsWith(`${table}_`) && column !== `${table}_id` ? column.slice(table.length + 1) : column;
  const words = rest.split('_').map((w) => WORDS[w] ?? w);
  const first = words[0] ?? rest;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The narrowest CSVW datatype every non-null released value has. */
function datatypeOf(values: readonly unknown[]): ColumnDatatype {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'string';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => typeof v === 'number')) return present.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
  if (present.every((v) => typeof v === 'object')) return 'json';
  if (present.every((v) => typeof v === 'string' && ISO_DATE.test(v))) return 'date';
  return 'string';
}

function descriptionOf(table: string, column: string, datatype: ColumnDatatype): string {
  const entity = ENTITY_NAMES[table] ?? table.replaceAll('_', ' ');
  if (column === 'patient_id') return 'The patient\'s pseudonym (EUCAIM CTP compatible): the same in every table and in the DICOM files of this release.';
  if (column.endsWith('_uid')) return 'A de-identified DICOM UID, as it appears in the released DICOM files.';
  if (column.endsWith('_id')) {
    const of = column.slice(0, -'_id'.length);
    return `Identifier of the ${ENTITY_NAMES[of] ?? of.replaceAll('_', ' ')} within this release (not the hospital's).`;
  }
  if (datatype === 'json') return `Coded ${titleOf(table, column).toLowerCase()} of the ${entity}: {value, display, codings: [{system, code}]} (value as the hospital wrote it, codings in the EUCAIM value sets).`;
  if (column.includes('date')) return `${titleOf(table, column)} of the ${entity}, as the release's date policy gives it (shifted per patient, or coarsened to a year).`;
  return `${titleOf(table, column)} of the ${entity}.`;
}

/**
 * A released column in words: its title, the datatype its `values` (every released value of the column) share,
 * and what it holds. Only column names and value types are read, never a value itself into the text.
 */
export function describeCdmColumn(table: string, column: string, values: readonly unknown[]): CdmColumnDescription {
  const datatype = datatypeOf(values);
  return { title: titleOf(table, column), datatype, description: descriptionOf(table, column, datatype) };
}
