/**
 * The tables as Kysely sees them. Column types are chosen to behave the same on SQLite and PostgreSQL:
 * text, 32-bit integers, and 64-bit integers only where 32 bits are not enough (byte sizes, audit
 * sequence numbers), which both engines hand back as JS numbers (see open-store.ts). Timestamps are ISO
 * 8601 text supplied by the caller, so no engine's clock or default function is involved.
 */
import type { Generated, Selectable } from 'kysely';
import type { PixelDecisionsTable, PixelScansTable } from './pixel-schema.ts';

export type Engine = 'sqlite' | 'postgres';

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** One invocation of a pipeline command, so a report can say which run did what. */
export interface RunsTable {
  id: Generated<number>;
  command: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  options_json: string;
}

export type InstanceStatus = 'indexed' | 'rejected' | 'deidentified' | 'review' | 'verified';
/** Burned In Annotation (0028,0301) as found: its value, or 'absent' when the attribute is missing. */
export type BurnedIn = 'YES' | 'NO' | 'absent';

/**
 * One input file. Its path is never stored readable (folder names in an export carry patient names): the row
 * is keyed by a keyed hash of it and holds it sealed under a key derived from the site secret (source-paths.ts).
 */
export interface InstancesTable {
  /** HMAC-SHA-256 of the source path (hex); a readable path only in a row an older version wrote, not yet sealed. */
  source_key: string;
  /** The source path, AES-256-GCM sealed; null only in a row an older version wrote (see 005-sealed-source-paths). */
  source_sealed: string | null;
  size: number;
  content_sha256: string | null;
  study_key: string | null;
  sop_instance_uid: string | null;
  series_instance_uid: string | null;
  sop_class_uid: string | null;
  transfer_syntax_uid: string | null;
  modality: string | null;
  manufacturer: string | null;
  body_part: string | null;
  burned_in: BurnedIn | null;
  status: InstanceStatus;
  /** An OncoAtlas error code when rejected or held for review. */
  reason: string | null;
  output_path: string | null;
  output_sha256: string | null;
  updated_at: string;
}

/** Pipeline stages in the order a study passes them. */
export const STAGES = ['inventory', 'select', 'deidentify', 'verify', 'clinical', 'release'] as const;
export type Stage = (typeof STAGES)[number];
export type StudyStatus = 'pending' | 'running' | 'done' | 'rejected' | 'review';

/** The per-study ledger row: where a study is in the pipeline and why. */
export interface StudiesTable {
  study_key: string;
  patient_key: string | null;
  stage: Stage;
  status: StudyStatus;
  reason: string | null;
  attempts: number;
  instances: number;
  input_hash: string | null;
  output_hash: string | null;
  updated_at: string;
}

export type ReviewKind = 'burned_in' | 'verify_failed';
export type ReviewStatus = 'pending' | 'approved' | 'rejected';

export interface ReviewItemsTable {
  id: Generated<number>;
  study_key: string;
  kind: ReviewKind;
  status: ReviewStatus;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
  created_at: string;
}

/** A leaf of the audit Merkle log; `seq` is the 0-based leaf index the audit package assigns. */
export interface AuditEntriesTable {
  seq: number;
  /** Canonical JSON of the event, exactly the bytes that were hashed. */
  event: string;
  /** Hex RFC 6962 leaf hash of `event`. */
  leaf_hash: string;
  created_at: string;
}

/** The audit log's head (one row, id 1): size and Merkle frontier as a JSON array of hex hashes. */
export interface AuditHeadTable {
  id: number;
  size: number;
  nodes: string;
  updated_at: string;
}

/** One EUCAIM CDM record (see @oncoatlas/clinical) as JSON; `patient_id` is the pseudonym. */
export interface CdmRecordsTable {
  entity: string;
  record_id: string;
  patient_id: string;
  data: string;
}

/** The latest report of a kind (e.g. the clinical QC report), as JSON holding counts and pseudonyms only. */
export interface ReportsTable {
  kind: string;
  run: number | null;
  created_at: string;
  body: string;
}

export interface DatasetsTable {
  id: string;
  title: string;
  description: string | null;
  created_at: string;
  created_by: string;
}

export type DatasetVersionState = 'draft' | 'released';

/** An immutable dataset version: its manifest's hash pins every file; only the release fields are set later, once. */
export interface DatasetVersionsTable {
  dataset_id: string;
  version: number;
  state: DatasetVersionState;
  created_at: string;
  created_by: string;
  released_at: string | null;
  released_by: string | null;
  manifest_sha256: string;
  /** JSON: counts, risk figures and decision, what the version left out and why. */
  summary: string;
  /** JSON {by, at, justification} when a steward released above the risk threshold. */
  override_json: string | null;
}

export interface DatasetMembersTable {
  dataset_id: string;
  version: number;
  study_key: string;
}

/** A dataset's place in the catalogue; `steward` is the JSON of the fields its records were published with. */
export interface CatalogueEntriesTable {
  dataset_id: string;
  state: string;
  steward: string | null;
  updated_at: string;
  updated_by: string;
}

/**
 * A dataset's stable identity, assigned when it is first published and never changed: a random (v4) UUID, and
 * the HTTP IRI on the node that dereferences to its records (the node's public URL + the path that serves them).
 */
export interface DatasetIdentitiesTable {
  dataset_id: string;
  uuid: string;
  iri: string;
  assigned_at: string;
}

/** Settings of the node kept once known (e.g. `public_url`, the base of the datasets' IRIs). */
export interface NodeSettingsTable {
  key: string;
  value: string;
  set_at: string;
}

/** A released (patient, study) pair of a published dataset: the unit federated counts are made of. */
export interface SearchStudiesTable {
  dataset_id: string;
  patient_id: string;
  study_uid: string;
}

/** A canonical searchable value of a released patient (`study_uid` NULL) or study; text or number, never both. */
export interface SearchFactsTable {
  dataset_id: string;
  patient_id: string;
  study_uid: string | null;
  key: string;
  text_value: string | null;
  num_value: number | null;
}

/**
 * An agreement the node has on file (a Data Sharing Agreement, its access conditions...): its bytes are kept in
 * `<dataDir>/agreements/<sha256>`, this row says what it is, until when it holds and who filed it. `source`
 * `hub`: accepted at the hub's onboarding review and told to the node (no bytes here, the hash only).
 */
export interface AgreementsTable {
  id: string;
  kind: string;
  title: string;
  filename: string;
  sha256: string;
  source: 'node' | 'hub';
  state: 'accepted' | 'withdrawn';
  /** ISO date (YYYY-MM-DD) after which it no longer counts; null: no end. */
  valid_until: string | null;
  filed_by: string;
  filed_at: string;
}

/** The node's governed-access settings (the onboarding path, the hub's last onboarding statement). */
export interface NodeAccessSettingsTable {
  key: string;
  value: string;
  set_at: string;
}

/** An access permit this node issued and signed; `jwt` is the signed permit itself. */
export interface PermitsTable {
  id: string;
  request_id: string;
  resource_id: string;
  researcher: string;
  dataset_id: string;
  dataset_uuid: string;
  version: number;
  purpose: string;
  /** JSON array of permit actions (download, in-situ, federated-job). */
  actions: string;
  issued_at: string;
  expires_at: string;
  granted_by: string;
  status: 'active' | 'revoked';
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  jwt: string;
}

/** One use of a permit (allowed or refused), written with the USE_DATASETS audit entry that records it. */
export interface PermitUsesTable {
  permit_id: string;
  at: string;
  /** The permit action asked: download, in-situ or federated-job. */
  action: string;
  outcome: 'allowed' | 'refused';
  code: string | null;
  /** What was used, without identifiers: a route kind and de-identified UIDs or a job id (e.g. `wado:study`). */
  resource: string | null;
}

export type JobState = 'queued' | 'running' | 'awaiting-review' | 'released' | 'refused' | 'failed';

/** A job run in the node's sandbox over one dataset version under a permit. */
export interface JobsTable {
  id: string;
  permit_id: string;
  /** The permit's researcher (as the hub named them). */
  researcher: string;
  /** Who submitted it: the signed-in caller at the node, the CLI's operator, or `hub` for a federated job. */
  submitted_by: string;
  origin: 'node' | 'hub';
  /** The hub's federated job id, for a job the hub sent. */
  hub_job: string | null;
  dataset_id: string;
  version: number;
  /** SHA-256 of the dataset version's manifest.json: the provenance of what the tool read. */
  manifest_sha256: string;
  tool: string;
  tool_version: string;
  /** SHA-256 over the tool's files as run (checked against the allow-list before every run). */
  tool_sha256: string;
  /** JSON array of the tool's arguments. */
  args: string;
  /** JSON of the limits the job ran under ({cpuSeconds, memoryBytes, wallSeconds, outputBytes}). */
  limits: string;
  state: JobState;
  /** Why it failed or was refused, in words (never an identifier). */
  reason: string | null;
  exit_code: number | null;
  submitted_at: string;
  started_at: string | null;
  finished_at: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
}

/** A file a job wrote, with the disclosure checks' flags; only released ones leave the node. */
export interface JobOutputsTable {
  job_id: string;
  /** Relative to the job's output folder, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
  /** JSON array of {code, severity, detail}. */
  flags: string;
  /** 1 once a reviewer released it. */
  released: number;
}

export type { PixelAction, PixelDecisionsTable, PixelFinding, PixelScanOutcome, PixelScansTable } from './pixel-schema.ts';

export interface Database {
  runs: RunsTable;
  instances: InstancesTable;
  studies: StudiesTable;
  review_items: ReviewItemsTable;
  audit_entries: AuditEntriesTable;
  audit_head: AuditHeadTable;
  cdm_records: CdmRecordsTable;
  reports: ReportsTable;
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
  dataset_members: DatasetMembersTable;
  catalogue_entries: CatalogueEntriesTable;
  dataset_identities: DatasetIdentitiesTable;
  node_settings: NodeSettingsTable;
  search_studies: SearchStudiesTable;
  search_facts: SearchFactsTable;
  agreements: AgreementsTable;
  node_access_settings: NodeAccessSettingsTable;
  permits: PermitsTable;
  permit_uses: PermitUsesTable;
  jobs: JobsTable;
  job_outputs: JobOutputsTable;
  pixel_scans: PixelScansTable;
  pixel_decisions: PixelDecisionsTable;
}

export type RunRow = Selectable<RunsTable>;
export type InstanceRow = Selectable<InstancesTable>;
export type StudyRow = Selectable<StudiesTable>;
export type ReviewItemRow = Selectable<ReviewItemsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type CdmRecordRow = Selectable<CdmRecordsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type DatasetRow = Selectable<DatasetsTable>;
export type DatasetVersionRow = Selectable<DatasetVersionsTable>;
export type CatalogueEntryRow = Selectable<CatalogueEntriesTable>;
export type DatasetIdentityRow = Selectable<DatasetIdentitiesTable>;
export type SearchStudyRow = Selectable<SearchStudiesTable>;
export type SearchFactRow = Selectable<SearchFactsTable>;
export type AgreementRow = Selectable<AgreementsTable>;
export type PermitRow = Selectable<PermitsTable>;
export type PermitUseRow = Selectable<PermitUsesTable>;
export type JobRow = Selectable<JobsTable>;
export type JobOutputRow = Selectable<JobOutputsTable>;
export type PixelScanRow = Selectable<PixelScansTable>;
export type PixelDecisionRow = Selectable<PixelDecisionsTable>;
