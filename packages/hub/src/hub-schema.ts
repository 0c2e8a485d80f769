/**
 * The hub's own tables (its own database, never the node's ledger). Timestamps are epoch milliseconds
 * written by the hub (one clock, comparable in SQL on both engines); JSON columns are text.
 */
export type NodeStatus = 'pending' | 'approved' | 'revoked';

export interface HubNodesTable {
  id: string;
  name: string;
  /** The node's Ed25519 public key as a JWK (JSON). */
  public_jwk: string;
  status: NodeStatus;
  joined_at: number;
  decided_at: number | null;
}

/** Assertion and join-proof ids already used, kept until they expire (single use). */
export interface HubUsedJtisTable {
  jti: string;
  expires_at: number;
}

export interface HubQueriesTable {
  id: string;
  type: string;
  requester: string;
  /** The node ids asked (JSON array). */
  targets: string;
  created_at: number;
  deadline_at: number;
}

export type TaskStatus = 'pending' | 'delivered' | 'succeeded' | 'failed';

export interface HubTasksTable {
  id: string;
  query_id: string;
  node_id: string;
  type: string;
  payload: string;
  ttl_ms: number;
  max_tries: number;
  backoff_ms: number;
  created_at: number;
  status: TaskStatus;
  delivered_at: number | null;
  /** The node's answer (JSON) once it replied. */
  body: string | null;
  answered_at: number | null;
}

export interface HubBudgetSpendsTable {
  query_id: string;
  researcher: string;
  epsilon: number;
  at: number;
}

export interface HubAuditEntriesTable {
  seq: number;
  event: string;
  leaf_hash: string;
  created_at: string;
}

export interface HubAuditHeadTable {
  id: number;
  size: number;
  nodes: string;
  updated_at: string;
}

export interface HubDatabase {
  hub_nodes: HubNodesTable;
  hub_used_jtis: HubUsedJtisTable;
  hub_queries: HubQueriesTable;
  hub_tasks: HubTasksTable;
  hub_budget_spends: HubBudgetSpendsTable;
  hub_audit_entries: HubAuditEntriesTable;
  hub_audit_head: HubAuditHeadTable;
}
