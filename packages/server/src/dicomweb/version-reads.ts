/**
 * Reading a dataset version for DICOMweb: its index (release's versionIndex, cached per version) narrowed to
 * the study, series or instance a path names, and an instance's stored bytes. A UID the version does not hold
 * is DICOMWEB_NOT_FOUND, whose message never repeats the UID.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { versionDir, versionIndex, type IndexedInstance, type IndexedSeries, type IndexedStudy, type VersionIndex } from '@oncoatlas/release';
import type { Permitted } from './permit-guard.ts';

export interface InstanceAt {
  readonly study: IndexedStudy;
  readonly series: IndexedSeries;
  readonly instance: IndexedInstance;
}

export function indexOf(dataDir: string, p: Permitted): Promise<VersionIndex> {
  return versionIndex(dataDir, p.dataset, p.version);
}

export function studyOf(index: VersionIndex, uid: string): IndexedStudy {
  const s = index.studies.find((x) => x.studyInstanceUid === uid);
  if (!s) throw oncoError('DICOMWEB_NOT_FOUND', 'The dataset version holds no study with that UID.');
  return s;
}

export function seriesOf(index: VersionIndex, study: string, uid: string): { study: IndexedStudy; series: IndexedSeries } {
  const s = studyOf(index, study);
  const series = s.series.find((x) => x.seriesInstanceUid === uid);
  if (!series) throw oncoError('DICOMWEB_NOT_FOUND', 'The study holds no series with that UID.');
  return { study: s, series };
}

export function instanceOf(index: VersionIndex, study: string, series: string, uid: string): InstanceAt {
  const s = seriesOf(index, study, series);
  const instance = s.series.instances.find((x) => x.sopInstanceUid === uid);
  if (!instance) throw oncoError('DICOMWEB_NOT_FOUND', 'The series holds no instance with that UID.');
  return { ...s, instance };
}

/** Every instance of a study, or of one of its series. */
export function instancesOf(index: VersionIndex, study: string, series?: string): InstanceAt[] {
  if (series !== undefined) {
    const s = seriesOf(index, study, series);
    return s.series.instances.map((instance) => ({ ...s, instance }));
  }
  const s = studyOf(index, study);
  return s.series.flatMap((se) => se.instances.map((instance) => ({ study: s, series: se, instance })));
}

/**
 * Files up to this size are read in one synchronous call: for a header-sized or CT-slice-sized file that is
 * tens of microseconds, less than the four thread-pool round trips (open, stat, read, close) of an async read.
 */
const SYNC_READ_BYTES = 1 << 20;

/** The stored bytes of an instance, exactly as the version's manifest lists them. */
export async function readInstance(dataDir: string, p: Permitted, instance: IndexedInstance): Promise<Buffer> {
  const path = join(versionDir(dataDir, p.dataset, p.version), instance.path);
  return instance.bytes <= SYNC_READ_BYTES ? readFileSync(path) : readFile(path);
}
