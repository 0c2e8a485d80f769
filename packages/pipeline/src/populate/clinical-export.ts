/**
 * The hospital's clinical export as the cohort file names it: read, and mapped to the EUCAIM common data model
 * with the images' pseudonyms and date policy. Plain functions of files and settings: populate runs them on a
 * thread of its own (clinical-prepare.ts), and a release reads the export with loadClinicalExport.
 */
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { CdmResult, Mapping } from '@oncoatlas/clinical';
import { oncoError } from '@oncoatlas/core';
import { clinicalKeys, type DeidSettings } from '@oncoatlas/deid';
import { readClinicalFile, type ClinicalTable } from '@oncoatlas/sources';
import type { CohortConfig } from '../select/cohort-config.ts';

export type ClinicalSource = NonNullable<CohortConfig['clinical']>;

/** The export mapped: every CDM record but the images' own, with the QC outcome of every source row. */
export type TransformedExport = CdmResult;

function resolveFrom(baseDir: string, file: string): string {
  return isAbsolute(file) ? file : join(baseDir, file);
}

async function readTables(config: ClinicalSource, baseDir: string): Promise<ClinicalTable[]> {
  const tables: ClinicalTable[] = [];
  for (const file of config.files) tables.push(...await readClinicalFile(resolveFrom(baseDir, file)));
  return tables;
}

/**
 * The export's mapping, parsed, and its tables, read. The clinical stage maps them with pseudonyms; a release's
 * attack simulation reads them as the hospital's own identified records.
 */
export async function loadClinicalExport(source: ClinicalSource, baseDir: string): Promise<{ mapping: Mapping; tables: ClinicalTable[] }> {
  const mappingPath = resolveFrom(baseDir, source.mapping);
  let text: string;
  try {
    text = readFileSync(mappingPath, 'utf8');
  } catch {
    throw oncoError('CONFIG_INVALID', `Cohort configuration: clinical.mapping names a file that cannot be read (${basename(mappingPath)}).`, { field: 'clinical.mapping' });
  }
  // Loaded on use: the clinical package (and its YAML parser) is not needed by the commands that only de-identify.
  const { parseMapping } = await import('@oncoatlas/clinical');
  return { mapping: parseMapping(text, basename(mappingPath)), tables: await readTables(source, baseDir) };
}

/** Tables already read (loadClinicalExport), mapped with the run's pseudonyms and dates; `imagedPatientIds` are the images' patient IDs. */
export async function transformLoadedExport(loaded: { readonly mapping: Mapping; readonly tables: readonly ClinicalTable[] }, settings: DeidSettings, imagedPatientIds: readonly string[]): Promise<TransformedExport> {
  const { transformToCdm } = await import('@oncoatlas/clinical');
  const keys = clinicalKeys(settings);
  return transformToCdm(loaded.tables, loaded.mapping, {
    pseudonymOf: keys.pseudonymOf,
    datePolicy: (date, ctx) => keys.renderDate(date, ctx.patientId),
    imagedPatientIds: new Set(imagedPatientIds),
  });
}
