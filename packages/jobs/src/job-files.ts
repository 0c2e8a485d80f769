/**
 * Where a job's files live: `<dataDir>/jobs/<id>/` holds the tool's checked copy (`tool/`), what it wrote
 * (`output/`) and its log (`log.txt`), all owner-only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { versionDir } from '@oncoatlas/release';

/** The job's log: also one of its outputs, checked and reviewed as the others. */
export const LOG_OUTPUT = 'log.txt';
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function jobDir(dataDir: string, id: string): string {
  if (!JOB_ID.test(id)) throw oncoError('JOB_NOT_FOUND', 'No job with that id at this node.');
  return join(dataDir, 'jobs', id);
}

export const outputDir = (dataDir: string, id: string): string => join(jobDir(dataDir, id), 'output');
export const toolDir = (dataDir: string, id: string): string => join(jobDir(dataDir, id), 'tool');
export const logFile = (dataDir: string, id: string): string => join(jobDir(dataDir, id), LOG_OUTPUT);

/** An output's file: the log, or a file under the output folder. */
export function outputFile(dataDir: string, id: string, path: string): string {
  return path === LOG_OUTPUT ? logFile(dataDir, id) : join(outputDir(dataDir, id), path);
}

/** SHA-256 of a dataset version's manifest.json: the provenance of what a job read. */
export async function manifestSha256(dataDir: string, datasetId: string, version: number): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(versionDir(dataDir, datasetId, version), 'manifest.json'));
  } catch (err) {
    throw oncoError('DATASET_NOT_FOUND', `The permit's dataset version ${datasetId} v${version} is not in this node's data directory.`, { dataset: datasetId, version }, err);
  }
  return createHash('sha256').update(bytes).digest('hex');
}
