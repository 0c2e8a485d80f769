/**
 * Turns what a user types after `--source` (or as `pull`'s argument) into a source: an http(s) URL is a
 * DICOMweb root, a file is a DICOMDIR, a folder is an export.
 */
import { existsSync, statSync } from 'node:fs';
import { oncoError } from '@oncoatlas/core';
import { DicomwebSource } from './dicomweb/dicomweb-source.ts';
import type { DicomwebAuth } from './dicomweb/http.ts';
import type { SyncState } from './dicomweb/sync-state.ts';
import { DicomdirSource } from './folder/dicomdir-source.ts';
import { FolderSource } from './folder/folder-source.ts';
import type { StudySource } from './source.ts';

export interface LocationOptions {
  /** DICOMweb only. */
  readonly auth?: DicomwebAuth;
  readonly state?: SyncState;
  readonly studies?: readonly string[];
  readonly query?: Readonly<Record<string, string>>;
}

export function isDicomwebLocation(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export function sourceAt(location: string, o: LocationOptions = {}): StudySource {
  if (isDicomwebLocation(location)) {
    return new DicomwebSource({
      url: location,
      ...(o.auth ? { auth: o.auth } : {}),
      ...(o.studies?.length ? { studies: o.studies } : {}),
      ...(o.query ? { query: o.query } : {}),
      ...(o.state ? { state: o.state } : {}),
    });
  }
  if (!existsSync(location)) throw oncoError('SOURCE_NOT_FOUND', 'The source is neither an http(s) URL nor an existing file or folder.');
  if (o.state) throw oncoError('USAGE', '--state applies to DICOMweb sources only.');
  return statSync(location).isFile() ? new DicomdirSource({ dicomdir: location }) : new FolderSource({ root: location });
}
