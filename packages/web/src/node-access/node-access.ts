/**
 * The node access pages' pure decisions: where each required document stands at this node, and how a permit
 * reads (its dataset version, its status as of now).
 */
import type { DocumentKind } from '../onboarding/onboarding-types.ts';
import type { Agreement, AgreementsView, NodePermit } from './node-access-types.ts';

export type RequiredState = 'on file' | 'missing' | 'expired';

export interface RequiredRow {
  readonly kind: DocumentKind;
  readonly state: RequiredState;
  readonly agreement: Agreement | null;
}

const expired = (a: Agreement, now: Date): boolean => a.validUntil !== null && new Date(`${a.validUntil.slice(0, 10)}T23:59:59.999Z`).getTime() < now.getTime();

/**
 * Each required document with the agreement that counts for it: the latest accepted one of its kind. The
 * node's own `missing` list decides "missing" (it is what publication checks); an agreement past its date
 * reads "expired" rather than just missing, so the steward knows to renew it.
 */
export function requiredRows(view: Pick<AgreementsView, 'required' | 'agreements' | 'missing'>, now: Date): RequiredRow[] {
  const missing = new Set(view.missing.map((k) => k.id));
  return view.required.map((kind) => {
    const latest = [...view.agreements].filter((a) => a.kind === kind.id && a.state === 'accepted').sort((a, b) => b.filedAt.localeCompare(a.filedAt))[0] ?? null;
    const state: RequiredState = latest && expired(latest, now) ? 'expired' : missing.has(kind.id) || !latest ? 'missing' : 'on file';
    return { kind, state, agreement: latest };
  });
}

/** A permit's status as of now: an active permit past its expiry reads expired (the node refuses it so). */
export function permitStatus(p: Pick<NodePermit, 'status' | 'expiresAt'>, now: Date): NodePermit['status'] {
  if (p.status === 'active' && new Date(p.expiresAt).getTime() <= now.getTime()) return 'expired';
  return p.status;
}

export const datasetLabel = (p: Pick<NodePermit, 'dataset'>): string => `${p.dataset.id} v${p.dataset.version}`;

const ACTION_NAMES: Readonly<Record<string, string>> = { download: 'download', 'in-situ': 'in-situ analysis', 'federated-job': 'federated job' };

export const actionsLabel = (actions: readonly string[]): string => actions.map((a) => ACTION_NAMES[a] ?? a).join(', ') || '—';

/** Why a revocation cannot be sent yet, or null. */
export const revokeProblem = (reason: string): string | null => (reason.trim().length < 3 ? 'Say why the permit is revoked: the researcher and the committee read it.' : null);
