/** What the access services share: the hub's store and broker, its clock, the document files, the notifier. */
import type { ReviewStep } from '@oncoatlas/access';
import type { Broker } from '../broker.ts';
import { appendHubAudit, type HubAuditEvent } from '../hub-audit.ts';
import type { HubStore } from '../hub-store.ts';
import { AccessStore } from './access-store.ts';
import type { DocumentStore } from './document-store.ts';
import type { Notice, Notifier } from './notifications.ts';

export interface AccessContext {
  readonly store: HubStore;
  readonly broker: Broker;
  readonly now: () => number;
  readonly documents: DocumentStore;
  readonly notifier: Notifier;
  readonly reviewSteps: readonly ReviewStep[];
}

export function auditAccess(ctx: AccessContext, s: HubStore, actor: string, event: HubAuditEvent): Promise<void> {
  return appendHubAudit(s, { at: new Date(ctx.now()).toISOString(), actor, event });
}

export async function nodeNames(store: HubStore): Promise<Map<string, string>> {
  return new Map((await store.nodes()).map((n) => [n.id, n.name]));
}

/** The same notice to every representative of a node (by their onboarding contact address). */
export async function toRepresentatives(s: HubStore, nodeId: string, n: Omit<Notice, 'to' | 'email'>): Promise<Notice[]> {
  return (await new AccessStore(s).representatives(nodeId)).map((r) => ({ ...n, to: `actor:${r.actor}`, email: [r.email] }));
}

/** An ISO calendar date (YYYY-MM-DD) that exists, or undefined. */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? undefined : value;
}
