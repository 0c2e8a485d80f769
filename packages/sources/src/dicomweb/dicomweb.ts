/** The public API of the DICOMweb source (re-exported by the package index). */
export { DicomwebSource } from './dicomweb-source.ts';
export type { DicomwebOptions } from './dicomweb-source.ts';
export type { DicomwebAuth } from './http.ts';
export { emptySyncState, loadSyncState, saveSyncState } from './sync-state.ts';
export type { StudySyncState, SyncState } from './sync-state.ts';
