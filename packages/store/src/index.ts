/**
 * @oncoatlas/store: one data layer over SQLite (embedded default) and PostgreSQL (scale-out).
 *
 * @example
 * const store = await openStore({ database: options.database, dataDir: options.dataDir });
 * const ledger = new StudyLedger(store.db);
 * for (const study of await ledger.studiesIn('deidentify', 'pending', 50)) {
 *   if (!(await ledger.transition(study.study_key, { stage: 'deidentify', status: 'pending' }, { stage: 'deidentify', status: 'running' }, now()))) continue;
 *   ...
 * }
 * await store.close();
 */
export { openDatabase, openStore } from './open-store.ts';
export type { DatabaseOptions, OpenDatabase, Store, StoreOptions } from './open-store.ts';
export { StudyLedger } from './ledger.ts';
export type { AuditHead, InstanceInput, ReleasedSeriesSource, ReviewDecision, StudyPatch, StudyState } from './ledger-rows.ts';
export { SourcePathKeys } from './source-paths.ts';
export type { SealedSource, ThreadKeys } from './source-paths.ts';
export { openSourcePaths, sealLegacySourcePaths } from './open-source-paths.ts';
export { CdmStore } from './cdm-store.ts';
export type { CdmRecordInput } from './cdm-store.ts';
export { DatasetStore } from './dataset-store.ts';
export type { NewDatasetVersion, VersionRelease } from './dataset-store.ts';
export { AccessStore } from './access-store.ts';
export type { PermitRevocation } from './access-store.ts';
export { JobStore } from './job-store.ts';
export type { JobFilter, JobPatch } from './job-store.ts';
export { PixelStore } from './pixel-store.ts';
export type { PixelCounts, PixelDecisionInput, PixelScanInput } from './pixel-store.ts';
export type { PixelRedactions } from './pixel-store.ts';
export { SearchIndexStore } from './search-index-store.ts';
export type { SearchFactInput, SearchStudyInput } from './search-index-store.ts';
export { STAGES } from './schema.ts';
export type {
  AgreementRow,
  AuditEntryRow,
  BurnedIn,
  CatalogueEntryRow,
  CdmRecordRow,
  Database,
  DatasetIdentityRow,
  DatasetRow,
  DatasetVersionRow,
  DatasetVersionState,
  Engine,
  InstanceRow,
  InstanceStatus,
  PermitRow,
  PermitUseRow,
  PixelAction,
  PixelDecisionRow,
  PixelFinding,
  PixelScanOutcome,
  PixelScanRow,
  JobRow,
  JobOutputRow,
  JobState,
  ReportRow,
  ReviewItemRow,
  ReviewKind,
  ReviewStatus,
  SearchFactRow,
  SearchStudyRow,
  RunRow,
  RunStatus,
  Stage,
  StudyRow,
  StudyStatus,
} from './schema.ts';
export { acquireWriterLock, withWriterLock } from './writer-lock/writer-lock.ts';
export type { WriterLock, WriterLockOptions } from './writer-lock/writer-lock.ts';
export type { LockHolder } from './writer-lock/lock-holder.ts';
export { StudyQueue } from './queue/study-queue.ts';
export type { DeadLetter, StudyJobCounts, StudyQueueOptions } from './queue/study-queue.ts';
export { dispatchByStage, studyJobId } from './queue/study-job.ts';
export type { StudyHandlers, StudyJob, StudyJobContext, StudyJobHandler } from './queue/study-job.ts';
export { DEFAULT_QUEUE_SETTINGS, STUDY_DEAD_LETTER_QUEUE, STUDY_QUEUE } from './queue/queue-settings.ts';
export { parseQueueTimings } from './queue/queue-settings.ts';
export type { WorkQueueCounts } from './queue/work-queue-counts.ts';
export type { QueueSettings, QueueTimings } from './queue/queue-settings.ts';
export { describePostgres, resolveDatabaseTarget } from './database-target.ts';
export { assertValidKey, type BlobBody, type BlobHead, type BlobStore, type ByteRange, type ListOptions, type ListPage, type PutOptions, type PutResult } from './blobs/blob-store.ts';
export { FolderBlobStore, type FolderBlobStoreOptions } from './blobs/folder-blob-store.ts';
export { S3BlobStore, type S3BlobStoreOptions } from './blobs/s3-blob-store.ts';
export { openBlobStore } from './blobs/open-blob-store.ts';
