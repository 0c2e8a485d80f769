/**
 * The cohort a population runs with, from `--cohort FILE` (and `--clinical FILE` where a command takes it):
 * shared by `populate` and `serve`, so a run started from the UI selects exactly what the command would.
 */
import { dirname, resolve } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { DEFAULT_COHORT, parseCohortConfig, type CohortConfig } from '@oncoatlas/pipeline';
import { readJsonFile } from './json-file.ts';

export interface CohortFlags {
  readonly cohort?: string;
  readonly clinical?: string;
}

/** The cohort configuration, the folder its relative clinical file names are resolved from, and the file. */
export function readCohort(f: CohortFlags): { config: CohortConfig; dir: string; file?: string } {
  let config = DEFAULT_COHORT;
  let dir = process.cwd();
  if (f.cohort) {
    config = parseCohortConfig(readJsonFile(f.cohort, 'The cohort file', 'check --cohort'));
    dir = dirname(resolve(f.cohort));
  }
  if (f.clinical) {
    if (!config.patients) throw oncoError('USAGE', '--clinical needs a cohort file that maps its columns (patients.id, ...).');
    config = { ...config, patients: { ...config.patients, file: resolve(f.clinical) } };
  }
  if (!f.cohort && (config.requireClinicalRecord || config.requireConsent)) {
    throw oncoError('USAGE', '--cohort is required: it says which clinical columns hold the patient ID and consent (see docs/pipeline.md).');
  }
  return { config, dir, ...(f.cohort ? { file: resolve(f.cohort) } : {}) };
}
