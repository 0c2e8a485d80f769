/**
 * What the audit log records. Pipeline events (a batch of files indexed, a batch of studies moved to a new
 * state, a review decision, a release candidate, a run started by a user of the API), reads of de-identified
 * content over the API, and the three events of the EUCAIM tracer (CREATE_DATASET, UPDATE_DATASET,
 * USE_DATASETS, with the tracer's own field names so they can be forwarded as they are).
 *
 * No event holds a patient identifier: studies are named by their key (a hash of the Study Instance UID),
 * files by their content hash, and a reviewer's free-text reason only by its SHA-256 (the text itself stays
 * in the ledger, where the hash ties it to this log).
 */
import { createHash } from 'node:crypto';

/** Where a study stands after a stage (mirrors the ledger's study status). */
export interface StudyTransition {
  readonly study: string;
  readonly status: 'done' | 'rejected' | 'review' | 'pending';
  readonly reason?: string;
  /** SHA-256 (hex) over the study's input instances' content hashes, or over its released output files. */
  readonly contentHash?: string;
}

export type PipelineStage = 'inventory' | 'select' | 'deidentify' | 'review' | 'clinical' | 'release';

export interface FilesIndexedEvent {
  readonly type: 'FILES_INDEXED';
  readonly run: number;
  readonly files: number;
  readonly rejected: number;
  /** SHA-256 over the sorted content hashes of the files this batch indexed. */
  readonly contentHash: string;
}

export interface StudiesTransitionedEvent {
  readonly type: 'STUDIES_TRANSITIONED';
  readonly run: number;
  readonly stage: PipelineStage;
  readonly studies: readonly StudyTransition[];
}

export interface ReviewDecidedEvent {
  readonly type: 'REVIEW_DECIDED';
  readonly item: number;
  readonly study: string;
  readonly kind: string;
  readonly decision: 'approved' | 'rejected';
  /** SHA-256 of the reviewer's reason as recorded in the ledger. */
  readonly reasonHash: string;
  /** The study's released output after the decision (see StudyTransition.contentHash). */
  readonly contentHash?: string;
}

/**
 * What became of one instance held for burned-in text: released as it is, redacted (by a reviewer's boxes, or
 * by the Clean Pixel Data option during populate, `item` absent) or rejected. Names the instance by its
 * pseudonymous output path; boxes are counted, their places are in the ledger.
 */
export interface PixelsDecidedEvent {
  readonly type: 'PIXELS_DECIDED';
  readonly study: string;
  readonly item?: number;
  /** The held file's path under the output tree (pseudonymous UIDs only). */
  readonly path: string;
  readonly action: 'release' | 'redact' | 'reject';
  readonly boxes: number;
  /** OCR of the redacted pixels found no identifier (true), found one (false); absent when not checked. */
  readonly verified?: boolean;
  /** SHA-256 of the reviewer's reason, when one was given. */
  readonly reasonHash?: string;
  /** SHA-256 of the released file. */
  readonly contentHash?: string;
}

export interface ReleaseCandidateEvent {
  readonly type: 'RELEASE_CANDIDATE';
  readonly run: number;
  readonly studies: number;
  readonly instances: number;
  /** SHA-256 over the sorted (study key, output hash) pairs of every integrated study. */
  readonly contentHash: string;
}

/** The clinical stage replaced the CDM extract: counts and the extract's hash, never a record. */
export interface ClinicalHarmonisedEvent {
  readonly type: 'CLINICAL_HARMONISED';
  readonly run: number;
  /** CDM records per table. */
  readonly records: Readonly<Record<string, number>>;
  /** Source rows: read, kept, merged as duplicates, excluded by QC. */
  readonly rows: { readonly total: number; readonly kept: number; readonly merged: number; readonly excluded: number };
  /** SHA-256 over the extract's records (canonical JSON lines, sorted). */
  readonly contentHash: string;
}

/**
 * A steward released a dataset version whose re-identification risk is above the policy's threshold. The
 * justification stays in the ledger; its SHA-256 ties it to this log, as a review reason is.
 */
export interface RiskOverriddenEvent {
  readonly type: 'RISK_OVERRIDDEN';
  readonly datasetId: string;
  /** The policy checks that failed, as the release gate worded them. */
  readonly failures: readonly string[];
  readonly justificationHash: string;
}

/**
 * A run started by a signed-in user rather than by the command line: the envelope's actor says who. The
 * run's own events (FILES_INDEXED, ...) carry its number, which ties them to this one.
 */
export interface RunStartedEvent {
  readonly type: 'RUN_STARTED';
  readonly run: number;
  /** The runs table's command, e.g. `populate`. */
  readonly command: string;
}

export const DOSSIER_FORMATS = ['html', 'pdf', 'json'] as const;
export type DossierFormat = (typeof DOSSIER_FORMATS)[number];

/** What a CONTENT_READ names as read: by item number, dataset id, study key and hash, never an identifier. */
export type ReadContent =
  /** The preview of a held image of the review queue, with the SHA-256 (hex) of the held file it was made from. */
  | { readonly kind: 'REVIEW_PREVIEW'; readonly item: number; readonly index: number; readonly study: string; readonly contentHash: string }
  /** A released version's compliance dossier in one format, with the SHA-256 (hex) of the bytes served. */
  | { readonly kind: 'DATASET_DOSSIER'; readonly datasetId: string; readonly version: number; readonly format: DossierFormat; readonly contentHash: string }
  /**
   * The funnel with every study by key and where it ended. No content hash: the list is the ledger's state at
   * that point of the log, which the events before this one record.
   */
  | { readonly kind: 'FUNNEL_STUDIES'; readonly studies: number };

/**
 * Someone read de-identified content, or a list of studies, over the API. Not a USE_DATASETS: that is the
 * tracer's record of a dataset used by an analysis tool, and a preview or the funnel names no dataset at all.
 */
export interface ContentReadEvent {
  readonly type: 'CONTENT_READ';
  readonly content: ReadContent;
}

export type ContentHashType = 'SHA3_256' | 'SHA3_512';

export interface TracerResource {
  /** An anonymised resource id (a study key, a pseudonymous UID, a file name under the dataset). */
  readonly id: string;
  /** Base64 of the digest. */
  readonly contentHash: string;
  readonly contentHashType: ContentHashType;
}

export interface CreateDatasetEvent {
  readonly type: 'CREATE_DATASET';
  readonly userId: string;
  readonly datasetId: string;
  readonly resources: readonly TracerResource[];
}

export const UPDATE_DETAILS = [
  'RELEASE', 'PUBLISH', 'INVALIDATE', 'REACTIVATE', 'UNPUBLISH', 'LICENSE_UPDATED', 'PID_UPDATED', 'CONTACT_INFORMATION_UPDATED', 'AUTHOR_CHANGED',
] as const;
export type UpdateDetail = (typeof UPDATE_DETAILS)[number];

export interface UpdateDatasetEvent {
  readonly type: 'UPDATE_DATASET';
  readonly userId: string;
  readonly datasetId: string;
  readonly details: UpdateDetail;
}

/**
 * A check or use of an access permit, carried by the USE_DATASETS it was recorded as: which permit, for what,
 * and whether it was allowed (else the error code it was refused with). Ours, not the tracer's: toTracerTrace
 * leaves it out.
 */
export interface PermitUse {
  readonly id: string;
  readonly action: string;
  readonly outcome: 'allowed' | 'refused';
  readonly code?: string;
  /**
   * What was used, without identifiers: the route kind and, for one resource, its de-identified UIDs or file
   * path in the version (e.g. `wado:study/2.25.1…`, `qido:studies`, `file:files/…`, `job:<id>`).
   */
  readonly resource?: string;
}

/** A job's provenance: which tool (by content hash) read which dataset version (by its manifest's hash), and what it wrote. */
export interface JobProvenance {
  readonly id: string;
  readonly toolSha256: string;
  readonly manifestSha256: string;
  readonly state: 'queued' | 'awaiting-review' | 'failed';
  /** The outputs it wrote (path in its output folder, SHA-256 hex), once it has run. */
  readonly outputs?: readonly { readonly path: string; readonly sha256: string }[];
}

export interface UseDatasetsEvent {
  readonly type: 'USE_DATASETS';
  readonly userId: string;
  readonly datasetsIds: readonly string[];
  readonly toolName: string;
  readonly toolVersion: string;
  readonly permit?: PermitUse;
  /** Ours, like `permit`: the job this use is, submitted (queued) and finished (awaiting review or failed). */
  readonly job?: JobProvenance;
}

/**
 * A steward's review of a job's outputs at the node: released (which outputs, by hash, left the node) or refused.
 * Outputs the disclosure checks block are never released and are counted as withheld.
 */
export interface JobReviewedEvent {
  readonly type: 'JOB_REVIEWED';
  readonly userId: string;
  readonly jobId: string;
  readonly permitId: string;
  readonly decision: 'release' | 'refuse';
  readonly released: readonly { readonly path: string; readonly sha256: string }[];
  readonly withheld: number;
}

/**
 * The node answered a federated count query (from its hub's agent or the Focus route) through disclosure
 * control. It names the query by its fingerprint and the rules applied, never a count, a patient or a condition
 * value: the log proves what was asked how often, not what was answered.
 */
export interface FederatedCountEvent {
  readonly type: 'FEDERATED_COUNT';
  /** SHA-256 (hex) of the canonical AST. */
  readonly queryFingerprint: string;
  /** Who asked, as the hub or the Focus caller named them (`subject @ issuer`, `focus`). */
  readonly requester: string;
  /** Dataset UUIDs the answer covered (may be none: no published dataset matched). */
  readonly datasetsIds: readonly string[];
  readonly stratifiers: readonly string[];
  /** Disclosure rules applied to at least one number of the answer (`noise`, `rounding`, …). */
  readonly rulesApplied: readonly string[];
}

export type AuditEvent =
  | FilesIndexedEvent
  | StudiesTransitionedEvent
  | ReviewDecidedEvent
  | PixelsDecidedEvent
  | ReleaseCandidateEvent
  | ClinicalHarmonisedEvent
  | RiskOverriddenEvent
  | RunStartedEvent
  | ContentReadEvent
  | CreateDatasetEvent
  | UpdateDatasetEvent
  | UseDatasetsEvent
  | JobReviewedEvent
  | FederatedCountEvent;

export type AuditEventType = AuditEvent['type'];

/** One leaf of the log: the event and what the log knew when it was written. */
export interface AuditEnvelope {
  /** Format version of the envelope. */
  readonly v: 1;
  /** 0-based position in the log. */
  readonly seq: number;
  /** Hex root of the log of the `seq` events before this one: every event pins all that came before it. */
  readonly prev: string;
  /** ISO 8601 time of writing. */
  readonly at: string;
  /**
   * Who caused it: a user signed in to the API as `<subject> @ <issuer>` (the issuer tells a local token's
   * subject from a provider's user of the same name), a reviewer named on the command line, or the command.
   */
  readonly actor: string;
  readonly event: AuditEvent;
}

/** SHA-256 (hex) over strings sorted and joined by newlines: the content hash of a set of hashes or keys. */
export function setHash(items: Iterable<string>): string {
  const h = createHash('sha256');
  for (const item of [...items].sort()) h.update(item).update('\n');
  return h.digest('hex');
}

/** A tracer resource with the SHA3-256 of its content, as EUCAIM's dataset service reports it. */
export function tracerResource(id: string, content: Uint8Array | string, type: ContentHashType = 'SHA3_256'): TracerResource {
  const digest = createHash(type === 'SHA3_256' ? 'sha3-256' : 'sha3-512').update(content).digest('base64');
  return { id, contentHash: digest, contentHashType: type };
}

/** The tracer service's POST /traces body for an EUCAIM event (the discriminator is `userAction` there). */
export function toTracerTrace(e: CreateDatasetEvent | UpdateDatasetEvent | UseDatasetsEvent): Record<string, unknown> {
  // A permit check's details are the node's own record; the tracer knows no such field.
  const { type, ...rest } = e;
  if ('permit' in rest) delete (rest as { permit?: PermitUse }).permit;
  if ('job' in rest) delete (rest as { job?: JobProvenance }).job;
  return { userAction: type, ...rest };
}
