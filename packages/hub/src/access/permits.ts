/**
 * Permits through the broker: the hub asks the resource's node to issue (`permit-issue`), revoke
 * (`permit-revoke`) or report (`permit-status`) a permit, and waits for its answer. These are the hub's own
 * system tasks: they release no counts and spend no privacy budget. A permit the node returns is checked
 * against the node's registered key before the hub keeps it.
 */
import type { JWK } from 'jose';
import { readPermit, type PermitAction, type PermitClaims } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { Broker } from '../broker.ts';
import type { HubStore } from '../hub-store.ts';

export const PERMIT_ISSUE_TASK = 'permit-issue';
export const PERMIT_REVOKE_TASK = 'permit-revoke';
export const PERMIT_STATUS_TASK = 'permit-status';
export const ISSUE_DEADLINE_MS = 30_000;
export const STATUS_DEADLINE_MS = 10_000;

export interface PermitIssue {
  readonly request: string;
  readonly resource: string;
  readonly researcher: string;
  /** The dataset's uuid at the node. */
  readonly dataset: string;
  readonly purpose: string;
  readonly actions: readonly PermitAction[];
  readonly expiresAt: string;
  readonly grantedBy: string;
}

export interface PermitStatus {
  readonly claims: PermitClaims;
  readonly status: 'active' | 'revoked' | 'expired';
  readonly revokedAt: string | null;
  readonly reason: string | null;
  readonly uses: readonly { readonly at: string; readonly action: string; readonly outcome: 'allowed' | 'refused'; readonly code: string | null }[];
}

export class PermitDispatcher {
  readonly #store: HubStore;
  readonly #broker: Broker;
  readonly #now: () => number;

  constructor(o: { store: HubStore; broker: Broker; now: () => number }) {
    this.#store = o.store;
    this.#broker = o.broker;
    this.#now = o.now;
  }

  /** The node's signed permit, checked with the node's key; refused with the node's error code otherwise. */
  async issue(node: string, p: PermitIssue): Promise<{ permit: string; claims: PermitClaims }> {
    const body = await this.#ask(node, PERMIT_ISSUE_TASK, p, p.grantedBy, ISSUE_DEADLINE_MS) as { permit?: unknown };
    const row = await this.#store.node(node);
    if (typeof body?.permit !== 'string' || !row) throw oncoError('PERMIT_INVALID', 'The node answered without a permit.');
    const claims = await readPermit(body.permit, JSON.parse(row.public_jwk) as JWK, { node, now: this.#now() });
    if (claims.request !== p.request || claims.resource !== p.resource || claims.researcher !== p.researcher || claims.dataset.uuid !== p.dataset) {
      throw oncoError('PERMIT_INVALID', 'The node\'s permit names another request, resource, researcher or dataset than the one granted.');
    }
    return { permit: body.permit, claims };
  }

  async revoke(node: string, permit: string, by: string, reason: string): Promise<{ status: 'revoked'; revokedAt: string }> {
    return await this.#ask(node, PERMIT_REVOKE_TASK, { permit, by, reason }, by, ISSUE_DEADLINE_MS) as { status: 'revoked'; revokedAt: string };
  }

  async status(node: string, permit: string, asker: string): Promise<PermitStatus> {
    return await this.#ask(node, PERMIT_STATUS_TASK, { permit }, asker, STATUS_DEADLINE_MS) as PermitStatus;
  }

  async #ask(node: string, type: string, payload: unknown, requester: string, deadlineMs: number): Promise<unknown> {
    const q = await this.#broker.dispatch({ type, payload, nodes: [node], requester, deadlineMs, spendsBudget: false, retry: { maxTries: 1, backoffMs: 1000 } });
    const outcome = await q.outcome();
    const reply = outcome.results.find((r) => r.node === node);
    if (!reply) throw oncoError('HUB_UNREACHABLE', `The node did not answer within ${deadlineMs / 1000} s; try again when it is connected.`, { node });
    if (reply.status !== 'succeeded') {
      const code = String((reply.body as { code?: unknown } | null)?.code ?? 'INTERNAL');
      throw oncoError('ACCESS_TRANSITION_REFUSED', `The node refused: ${code}.`, { node, nodeCode: code });
    }
    return reply.body;
  }
}
