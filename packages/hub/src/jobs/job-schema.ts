/**
 * The tables of federated jobs (migration 004-hub-jobs): a researcher's job at the hub, and one target per
 * permit it runs under (one dataset at one node) with what the node last said of its own job there. Times are
 * epoch milliseconds written by the hub; lists are JSON text. A target's result is the released files the node
 * sent (base64 in JSON, at most JOB_RESULT_MAX_BASE64 a node), kept in the row so it commits with its audit entry.
 */
import type { JobState } from '@oncoatlas/store';
import type { HubNodesTable } from '../hub-schema.ts';

/** A target's state: the node's job state, or `submitting` until the node has taken the job. */
export type TargetState = 'submitting' | JobState;

/** Which task a target waits on the answer of. */
export type PendingTask = 'submit' | 'status' | 'result';

export interface HubJobsTable {
  id: string;
  researcher: string;
  tool: string;
  /** JSON array of strings. */
  args: string;
  created_at: number;
  updated_at: number;
}

export interface HubJobTargetsTable {
  job_id: string;
  permit_id: string;
  node_id: string;
  dataset_uuid: string;
  /** The dataset's name as the access request listed it. */
  dataset_name: string;
  /** The node's own job id, once it took the job. */
  node_job: string | null;
  state: TargetState;
  /** The node's reason (a failure, a refusal), or the hub's when the node refused the task itself. */
  reason: string | null;
  /** The error code of a task the node refused, e.g. PERMIT_REVOKED. */
  code: string | null;
  /** The node's released outputs (JSON array of {path, bytes, sha256, released}). */
  outputs: string;
  /** JSON {files: [{path, sha256, base64}]} once fetched. */
  result: string | null;
  result_at: number | null;
  /** Whether nothing more will change: refused, failed, or released with its result fetched (or too large). */
  final: number;
  /** The broker query of the task sent and not yet read. */
  pending_query: string | null;
  pending_task: PendingTask | null;
  next_poll_at: number;
  /** When the state last changed (the poll slows down while it does not). */
  changed_at: number;
  updated_at: number;
}

export interface HubJobsDatabase {
  hub_jobs: HubJobsTable;
  hub_job_targets: HubJobTargetsTable;
  hub_nodes: HubNodesTable;
}
