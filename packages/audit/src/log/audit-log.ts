/**
 * Appending to the audit log and proving what it holds. Appends happen inside the caller's transaction, so
 * an event commits with the state change it records or not at all (a kill -9 leaves neither).
 */
import { oncoError } from '@oncoatlas/core';
import { canonicalJson } from '../events/canonical-json.ts';
import type { AuditEnvelope, AuditEvent } from '../events/audit-events.ts';
import { assertValidEvent } from '../events/validate-event.ts';
import { fromHex, leafHash, toHex, type Hash } from '../merkle/hashes.ts';
import { MerkleFrontier } from '../merkle/merkle-frontier.ts';
import { consistencyProof, inclusionProof, treeRoot } from '../merkle/merkle-tree.ts';
import type { AuditEntry, AuditHead, AuditStore } from './audit-store.ts';

export interface NewAuditEvent {
  readonly at: string;
  readonly actor: string;
  readonly event: AuditEvent;
}

export interface TreeHead {
  readonly size: number;
  /** Hex root hash. */
  readonly root: string;
}

const PAGE = 5000;

function frontierOf(head: AuditHead): MerkleFrontier {
  const f = MerkleFrontier.restore(head.size, head.nodes);
  if (!f) throw oncoError('AUDIT_TAMPERED', `The audit log's head is damaged (size ${head.size} with ${head.nodes.length} subtree hashes); run oncoatlas audit verify.`);
  return f;
}

/**
 * Appends events in order and returns the new tree head. Must run inside a transaction of `store`.
 *
 * @example
 * await ledger.transaction(async (l) => {
 *   await l.setStudy(...);
 *   await appendAuditEvents(l, [{ at: now(), actor: 'oncoatlas populate', event: { type: 'STUDIES_TRANSITIONED', ... } }]);
 * });
 */
export async function appendAuditEvents(store: AuditStore, events: readonly NewAuditEvent[]): Promise<TreeHead> {
  for (const e of events) assertValidEvent(e.event);
  const frontier = frontierOf(await store.lockAuditHead());
  const entries: AuditEntry[] = [];
  for (const e of events) {
    const envelope: AuditEnvelope = { v: 1, seq: frontier.size, prev: toHex(frontier.root()), at: e.at, actor: e.actor, event: e.event };
    const json = canonicalJson(envelope);
    const leaf = leafHash(json);
    entries.push({ seq: frontier.size, event: json, leaf_hash: toHex(leaf), created_at: e.at });
    frontier.append(leaf);
  }
  if (entries.length > 0) await store.appendAudit(entries, frontier.toJSON());
  return { size: frontier.size, root: toHex(frontier.root()) };
}

/** The committed tree head (size and root), from the stored frontier. */
export async function auditTreeHead(store: AuditStore): Promise<TreeHead> {
  const f = frontierOf(await store.auditHead());
  return { size: f.size, root: toHex(f.root()) };
}

/** Every leaf hash in order, recomputed from the stored events (never trusting the stored hash column). */
async function leafHashes(store: AuditStore, size: number): Promise<Hash[]> {
  const out: Hash[] = [];
  for (let from = 0; from < size; from += PAGE) {
    const rows = await store.readAudit(from, Math.min(size, from + PAGE));
    for (const r of rows) {
      if (r.seq !== out.length) throw oncoError('AUDIT_TAMPERED', `Audit entry ${out.length} is missing; run oncoatlas audit verify.`, { seq: out.length });
      out.push(leafHash(r.event));
    }
  }
  if (out.length !== size) throw oncoError('AUDIT_TAMPERED', `The audit log holds ${out.length} entries, its head says ${size}; run oncoatlas audit verify.`);
  return out;
}

async function checkedSize(store: AuditStore, size: number | undefined): Promise<number> {
  const head = await auditTreeHead(store);
  const n = size ?? head.size;
  if (!Number.isSafeInteger(n) || n < 1 || n > head.size) throw oncoError('AUDIT_RANGE', `The audit log has ${head.size} entries; there is no tree of size ${n}.`, { size: n, logSize: head.size });
  return n;
}

export interface InclusionProof {
  readonly seq: number;
  readonly size: number;
  readonly leafHash: string;
  readonly root: string;
  readonly path: readonly string[];
}

/** Proves that entry `seq` is in the log of `size` entries (default: the current size). */
export async function proveInclusion(store: AuditStore, seq: number, size?: number): Promise<InclusionProof> {
  const n = await checkedSize(store, size);
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= n) throw oncoError('AUDIT_RANGE', `There is no entry ${seq} in a log of ${n} entries.`, { seq, size: n });
  const leaves = await leafHashes(store, n);
  return { seq, size: n, leafHash: toHex(leaves[seq]!), root: toHex(treeRoot(leaves)), path: inclusionProof(leaves, seq).map(toHex) };
}

export interface ConsistencyProof {
  readonly oldSize: number;
  readonly newSize: number;
  readonly oldRoot: string;
  readonly newRoot: string;
  readonly path: readonly string[];
}

/** Proves that the log of `oldSize` entries is a prefix of the log of `newSize` (default: current). */
export async function proveConsistency(store: AuditStore, oldSize: number, newSize?: number): Promise<ConsistencyProof> {
  const n = await checkedSize(store, newSize);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > n) throw oncoError('AUDIT_RANGE', `There is no consistency proof from size ${oldSize} to ${n}.`, { oldSize, newSize: n });
  const leaves = await leafHashes(store, n);
  return { oldSize, newSize: n, oldRoot: toHex(treeRoot(leaves, oldSize)), newRoot: toHex(treeRoot(leaves)), path: consistencyProof(leaves, oldSize).map(toHex) };
}

/** The proof as hashes, for the verifier functions. */
export function proofHashes(path: readonly string[]): Hash[] | undefined {
  const hs = path.map(fromHex);
  return hs.every((h) => h !== undefined) ? (hs as Hash[]) : undefined;
}
