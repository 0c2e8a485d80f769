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

/** A data holder's representative at the hub: the steward who created its onboarding (governed access). */
export interface HubRepresentativesTable {
  node_id: string;
  actor: string;
  email: string | null;
  added_at: number;
}

export type OnboardingStatusColumn = 'draft' | 'submitted' | 'in-review' | 'approved' | 'rejected' | 'returned';

export interface HubOnboardingsTable {
  id: string;
  node_id: string;
  path: 'transfer' | 'federated';
  organisation: string;
  contact_name: string;
  contact_email: string;
  status: OnboardingStatusColumn;
  created_by: string;
  created_at: number;
  updated_at: number;
  decided_at: number | null;
}

/** An uploaded document (its bytes are a file named by `sha256` in the hub's data directory). */
export interface HubDocumentsTable {
  id: string;
  owner_type: 'onboarding' | 'request';
  owner_id: string;
  kind: string;
  filename: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_by: string;
  uploaded_at: number;
  state: 'submitted' | 'accepted' | 'rejected';
  reason: string | null;
  /** ISO date (YYYY-MM-DD) after which an accepted document is expired. */
  valid_until: string | null;
  decided_by: string | null;
  decided_at: number | null;
}

export interface HubReviewsTable {
  onboarding_id: string;
  step: string;
  decision: 'approve' | 'reject' | 'return';
  reason: string | null;
  by: string;
  at: number;
}

export interface HubRequestsTable {
  id: string;
  title: string;
  state: string;
  creator: string;
  creator_email: string | null;
  /** The application form (JSON). */
  form: string;
  /** The search that led to it, if any (JSON). */
  query: string | null;
  created_at: number;
  updated_at: number;
  last_activity_at: number;
  reminded_at: number | null;
}

export interface HubRequestResourcesTable {
  id: string;
  request_id: string;
  node_id: string;
  dataset_uuid: string;
  name: string;
  state: string;
  /** What INDICATE_ACCESS_CONDITIONS set (JSON: text, actions, expiresAt). */
  conditions: string | null;
  permit_id: string | null;
  permit_jwt: string | null;
  permit_status: 'active' | 'revoked' | 'expired' | null;
  updated_at: number;
}

export interface HubTransitionsTable {
  id: string;
  request_id: string | null;
  resource_id: string | null;
  onboarding_id: string | null;
  actor: string;
  role: string;
  event: string;
  from_state: string;
  to_state: string;
  reason: string | null;
  at: number;
}

export interface HubMessagesTable {
  id: string;
  request_id: string;
  author: string;
  author_role: string;
  /** 'all', 'committee', or a node id (that node's representatives, the researcher and the committee). */
  audience: string;
  text: string;
  at: number;
}

export interface HubNotificationsTable {
  id: string;
  /** `actor:<subject @ issuer>`, `role:committee` or `role:operator`. */
  recipient: string;
  request_id: string | null;
  onboarding_id: string | null;
  text: string;
  created_at: number;
  read_at: number | null;
  email_to: string | null;
  email_status: 'none' | 'pending' | 'sent' | 'failed';
  email_attempts: number;
}

export interface HubDatabase {
  hub_representatives: HubRepresentativesTable;
  hub_onboardings: HubOnboardingsTable;
  hub_documents: HubDocumentsTable;
  hub_reviews: HubReviewsTable;
  hub_requests: HubRequestsTable;
  hub_request_resources: HubRequestResourcesTable;
  hub_transitions: HubTransitionsTable;
  hub_messages: HubMessagesTable;
  hub_notifications: HubNotificationsTable;
  hub_nodes: HubNodesTable;
  hub_used_jtis: HubUsedJtisTable;
  hub_queries: HubQueriesTable;
  hub_tasks: HubTasksTable;
  hub_budget_spends: HubBudgetSpendsTable;
  hub_audit_entries: HubAuditEntriesTable;
  hub_audit_head: HubAuditHeadTable;
}
