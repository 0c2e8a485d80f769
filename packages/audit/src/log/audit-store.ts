/**
 * What the audit log needs from a database, implemented by the store's StudyLedger on SQLite and
 * PostgreSQL. The log keeps its head (size and frontier) in one row; locking that row serialises writers
 * across processes and machines, so two workers never take the same position.
 */
export interface AuditEntry {
  readonly seq: number;
  /** Canonical JSON of the envelope: exactly the bytes whose leaf hash is stored. */
  readonly event: string;
  /** Hex RFC 6962 leaf hash of `event`. */
  readonly leaf_hash: string;
  readonly created_at: string;
}

export interface AuditHead {
  readonly size: number;
  /** Hex roots of the perfect subtrees of the log, largest first (see MerkleFrontier). */
  readonly nodes: readonly string[];
}

export interface AuditStore {
  /** The head, locked until the surrounding transaction ends. Call only inside a transaction. */
  lockAuditHead(): Promise<AuditHead>;
  /** The head as last committed, without locking. */
  auditHead(): Promise<AuditHead>;
  /** Stores entries and the head that follows them; call after `lockAuditHead` in the same transaction. */
  appendAudit(entries: readonly AuditEntry[], head: AuditHead): Promise<void>;
  /** Entries with from <= seq < to, in seq order. */
  readAudit(from: number, to: number): Promise<AuditEntry[]>;
}
