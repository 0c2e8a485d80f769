/**
 * An AuditStore in memory, for tests of the log itself and for tools that verify an exported log. It is
 * not a place to keep a real log: nothing survives the process.
 */
import type { AuditEntry, AuditHead, AuditStore } from './audit-store.ts';

export class MemoryAuditStore implements AuditStore {
  /** Rows by seq; tests edit, delete and reorder them to play the attacker. */
  readonly rows = new Map<number, AuditEntry>();
  head: AuditHead = { size: 0, nodes: [] };

  async lockAuditHead(): Promise<AuditHead> {
    return this.head;
  }

  async auditHead(): Promise<AuditHead> {
    return this.head;
  }

  async appendAudit(entries: readonly AuditEntry[], head: AuditHead): Promise<void> {
    for (const e of entries) {
      if (this.rows.has(e.seq)) throw new Error(`audit entry ${e.seq} exists`);
      this.rows.set(e.seq, e);
    }
    this.head = head;
  }

  async readAudit(from: number, to: number): Promise<AuditEntry[]> {
    return [...this.rows.values()].filter((r) => r.seq >= from && r.seq < to).sort((a, b) => a.seq - b.seq);
  }
}
