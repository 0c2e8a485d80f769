/**
 * The hub's own tamper-evident log, the node's format (packages/audit: RFC 6962 Merkle tree over canonical
 * JSON envelopes, each naming the previous root) with the hub's events. Appended inside the transaction of
 * the change it records. Events name nodes, queries and researchers, never a count or a payload.
 */
import { canonicalJson, leafHash, MerkleFrontier, toHex, type AuditEntry, type AuditHead, type AuditStore } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';

export type HubAuditEvent =
  | { readonly type: 'NODE_JOINED'; readonly node: string; readonly name: string }
  | { readonly type: 'NODE_APPROVED'; readonly node: string }
  | { readonly type: 'NODE_REVOKED'; readonly node: string }
  | { readonly type: 'QUERY_DISPATCHED'; readonly query: string; readonly taskType: string; readonly nodes: readonly string[]; readonly epsilon: string }
  | { readonly type: 'RESULT_RECEIVED'; readonly query: string; readonly node: string; readonly status: 'succeeded' | 'failed' }
  // Governed access (access/*): ids, states and hashes only, never a message's text or a document's bytes.
  | { readonly type: 'ONBOARDING_CREATED'; readonly onboarding: string; readonly node: string; readonly path: string }
  | { readonly type: 'ONBOARDING_TRANSITION'; readonly onboarding: string; readonly node: string; readonly event: string; readonly from: string; readonly to: string }
  | { readonly type: 'ONBOARDING_REVIEWED'; readonly onboarding: string; readonly step: string; readonly decision: string }
  | { readonly type: 'REQUEST_CREATED'; readonly request: string; readonly nodes: readonly string[] }
  | { readonly type: 'REQUEST_TRANSITION'; readonly request: string; readonly event: string; readonly from: string; readonly to: string; readonly role: string }
  | { readonly type: 'RESOURCE_TRANSITION'; readonly request: string; readonly resource: string; readonly node: string; readonly event: string; readonly from: string; readonly to: string; readonly role: string }
  | { readonly type: 'DOCUMENT_UPLOADED'; readonly document: string; readonly owner: string; readonly kind: string; readonly sha256: string; readonly size: number }
  | { readonly type: 'DOCUMENT_DECIDED'; readonly document: string; readonly owner: string; readonly decision: string }
  | { readonly type: 'MESSAGE_POSTED'; readonly request: string; readonly message: string; readonly audience: string }
  | { readonly type: 'PERMIT_ISSUED'; readonly request: string; readonly resource: string; readonly node: string; readonly permit: string }
  | { readonly type: 'PERMIT_REVOKED'; readonly permit: string; readonly node: string }
  /** The researcher a permit names downloaded it (their credential at the node). */
  | { readonly type: 'PERMIT_TOKEN_READ'; readonly permit: string; readonly node: string }
  // Federated jobs (jobs/*): ids and hashes only, never an argument or a file's content.
  | { readonly type: 'JOB_SUBMITTED'; readonly job: string; readonly tool: string; readonly nodes: readonly string[]; readonly permits: readonly string[] }
  /** A node's released files reached the hub (their SHA-256). */
  | { readonly type: 'JOB_RESULT_FETCHED'; readonly job: string; readonly node: string; readonly permit: string; readonly sha256: readonly string[] }
  /** The researcher read the combined result (or one of its files). */
  | { readonly type: 'JOB_RESULT_READ'; readonly job: string };

export async function appendHubAudit(store: AuditStore, e: { readonly at: string; readonly actor: string; readonly event: HubAuditEvent }): Promise<void> {
  const head = await store.lockAuditHead();
  const frontier = MerkleFrontier.restore(head.size, head.nodes);
  if (!frontier) throw oncoError('AUDIT_TAMPERED', `The hub's audit log head is damaged (size ${head.size}).`);
  const json = canonicalJson({ v: 1, seq: frontier.size, prev: toHex(frontier.root()), at: e.at, actor: e.actor, event: e.event });
  const leaf = leafHash(json);
  const entry: AuditEntry = { seq: frontier.size, event: json, leaf_hash: toHex(leaf), created_at: e.at };
  frontier.append(leaf);
  const next: AuditHead = frontier.toJSON();
  await store.appendAudit([entry], next);
}
