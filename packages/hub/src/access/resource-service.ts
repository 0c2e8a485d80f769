/**
 * A requested resource's steps (RESOURCE_MACHINE of @oncoatlas/access) and the permits they lead to: the
 * holder indicates access conditions (actions, expiry), the researcher accepts them, the holder grants
 * access, which makes the hub ask the node for a signed permit; only when the node issued it does the
 * resource become RESOURCE_MADE_AVAILABLE. Permits are listed, read live from their node, and revoked.
 */
import { randomUUID } from 'node:crypto';
import { fire, PERMIT_ACTIONS, RESOURCE_EVENTS, storedPermitClaims, RESOURCE_MACHINE, type PermitAction, type RequestState, type ResourceEvent, type ResourceState } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import { hasRole, notFound, oversees, requireRole, type AccessCaller } from './access-caller.ts';
import { auditAccess, nodeNames, toRepresentatives, type AccessContext } from './access-context.ts';
import { AccessStore, type ResourceRow } from './access-store.ts';
import type { AccessConditions, PermitRow } from './access-views.ts';
import type { PermitDispatcher, PermitStatus } from './permits.ts';
import { loadRequest, resourceRoles } from './request-parties.ts';
import { fireAs } from './request-service.ts';

export interface ResourceStep {
  readonly event: ResourceEvent;
  readonly reason?: string;
  readonly conditions?: AccessConditions;
}

export class ResourceService {
  readonly #ctx: AccessContext;
  readonly #permits: PermitDispatcher;

  constructor(ctx: AccessContext, permits: PermitDispatcher) {
    this.#ctx = ctx;
    this.#permits = permits;
  }

  async event(caller: AccessCaller, requestId: string, resourceId: string, step: ResourceStep): Promise<void> {
    if (!RESOURCE_EVENTS.includes(step.event)) throw oncoError('ACCESS_TRANSITION_REFUSED', `${String(step.event)} is not an event of a requested resource.`);
    const conditions = step.event === 'INDICATE_ACCESS_CONDITIONS' ? this.#checkConditions(step.conditions) : undefined;
    // Checked before the node is asked anything: a refused step dispatches no permit.
    const first = await this.#check(caller, requestId, resourceId, step);
    let permit: { permit: string; claims: { id: string } } | undefined;
    if (step.event === 'GRANT_ACCESS_TO_RESOURCE') {
      const c = first.resource.conditions ? JSON.parse(first.resource.conditions) as AccessConditions : undefined;
      if (!c) throw oncoError('ACCESS_TRANSITION_REFUSED', 'requested resource: no access conditions were indicated, so a permit has no actions and no expiry.');
      const form = JSON.parse(first.form) as { scientific?: { title?: string; intendedUse?: string } };
      permit = await this.#permits.issue(first.resource.node_id, {
        request: requestId, resource: resourceId, researcher: first.creator, dataset: first.resource.dataset_uuid,
        purpose: [form.scientific?.title, form.scientific?.intendedUse].filter(Boolean).join(': ').slice(0, 2000) || first.title,
        actions: c.actions, expiresAt: c.expiresAt, grantedBy: caller.actor,
      });
    }
    await this.#ctx.store.transaction(async (s) => {
      const l = await loadRequest(s, caller, requestId);
      const r = l.resources.find((x) => x.id === resourceId) ?? notFound('resource of this request');
      const { to, role } = fireAs(RESOURCE_MACHINE, r.state as ResourceState, step.event, resourceRoles(l.party, r), { requestState: l.row.state as RequestState, ...(step.reason ? { reason: step.reason } : {}) });
      const at = this.#ctx.now();
      const a = new AccessStore(s);
      const set: Partial<ResourceRow> = { state: to, updated_at: at, ...(conditions ? { conditions: JSON.stringify(conditions) } : {}), ...(permit ? { permit_id: permit.claims.id, permit_jwt: permit.permit, permit_status: 'active' as const } : {}) };
      if (!(await a.updateResource(r.id, r.state, set))) throw oncoError('ACCESS_TRANSITION_REFUSED', 'The resource changed meanwhile: reload it.');
      await a.updateRequest(l.row.id, { updated_at: at, last_activity_at: at, reminded_at: null });
      await a.insertTransition({ id: randomUUID(), request_id: l.row.id, resource_id: r.id, onboarding_id: null, actor: caller.actor, role, event: step.event, from_state: r.state, to_state: to, reason: step.reason?.trim() || null, at });
      await auditAccess(this.#ctx, s, caller.actor, { type: 'RESOURCE_TRANSITION', request: l.row.id, resource: r.id, node: r.node_id, event: step.event, from: r.state, to, role });
      if (permit) await auditAccess(this.#ctx, s, caller.actor, { type: 'PERMIT_ISSUED', request: l.row.id, resource: r.id, node: r.node_id, permit: permit.claims.id });
      const why = step.reason?.trim() ? ` Reason: ${step.reason.trim()}` : '';
      const text = permit ? `${r.name} was made available to you: the node issued your permit.` : `${r.name} in the access request "${l.row.title}" is now ${to}.${why}`;
      const notices = [
        ...(role !== 'researcher' ? [{ to: `actor:${l.row.creator}`, text, requestId: l.row.id, email: [l.row.creator_email] }] : []),
        ...(role === 'researcher' ? await toRepresentatives(s, r.node_id, { text, requestId: l.row.id }) : []),
        { to: 'role:committee', text: `${r.name} in the access request "${l.row.title}" is now ${to}.`, requestId: l.row.id },
      ];
      await this.#ctx.notifier.write(s, notices.filter((n) => n.to !== `actor:${caller.actor}`));
    });
    this.#ctx.notifier.kick();
  }

  /** The step as the machine sees it now, with what granting needs (outside the transaction: the node is slow). */
  async #check(caller: AccessCaller, requestId: string, resourceId: string, step: ResourceStep) {
    const l = await loadRequest(this.#ctx.store, caller, requestId);
    const r = l.resources.find((x) => x.id === resourceId) ?? notFound('resource of this request');
    fireAs(RESOURCE_MACHINE, r.state as ResourceState, step.event, resourceRoles(l.party, r), { requestState: l.row.state as RequestState, ...(step.reason ? { reason: step.reason } : {}) });
    return { resource: r, form: l.row.form, creator: l.row.creator, title: l.row.title };
  }

  #checkConditions(c: AccessConditions | undefined): AccessConditions {
    const bad = (why: string) => oncoError('ACCESS_TRANSITION_REFUSED', `requested resource: access conditions ${why}.`);
    if (!c || typeof c.text !== 'string' || !Array.isArray(c.actions)) throw bad('are needed: { text, actions, expiresAt }');
    const actions = [...new Set(c.actions)];
    if (actions.length === 0 || actions.some((x) => !(PERMIT_ACTIONS as readonly string[]).includes(x))) throw bad(`name at least one action of ${PERMIT_ACTIONS.join(', ')}`);
    const end = Date.parse(c.expiresAt);
    if (!Number.isFinite(end) || end <= this.#ctx.now()) throw bad('need an expiry in the future');
    return { text: c.text.trim().slice(0, 5000), actions: actions as PermitAction[], expiresAt: new Date(end).toISOString() };
  }

  // permits

  async permits(caller: AccessCaller): Promise<{ permits: PermitRow[] }> {
    const a = new AccessStore(this.#ctx.store);
    const rows = new Map<string, ResourceRow>();
    if (oversees(caller)) for (const r of await a.permitted()) rows.set(r.id, r);
    if (hasRole(caller, 'steward')) for (const r of await a.permitted(await a.nodesRepresentedBy(caller.actor))) rows.set(r.id, r);
    if (hasRole(caller, 'researcher')) {
      const mine = new Set((await a.requests({ creator: caller.actor })).map((r) => r.id));
      for (const r of await a.permitted()) if (mine.has(r.request_id)) rows.set(r.id, r);
    }
    const names = await nodeNames(this.#ctx.store);
    return { permits: [...rows.values()].map((r) => permitRowOf(r, names)) };
  }

  async permit(caller: AccessCaller, id: string): Promise<PermitRow & { live: PermitStatus | null; liveError?: string }> {
    const row = await this.#permitFor(caller, id);
    const names = await nodeNames(this.#ctx.store);
    try {
      const live = await this.#permits.status(row.node_id, id, caller.actor);
      if (live.status !== (row.permit_status ?? 'active')) await new AccessStore(this.#ctx.store).updateResource(row.id, row.state, { permit_status: live.status });
      return { ...permitRowOf({ ...row, permit_status: live.status }, names), live };
    } catch (err) {
      return { ...permitRowOf(row, names), live: null, liveError: (err as Error).message };
    }
  }

  /**
   * The signed permit itself, for the researcher it names and no one else: it is their credential at the node
   * (presented at its permit check, and later to its DICOMweb and jobs). Each read is in the hub's audit log.
   */
  async token(caller: AccessCaller, id: string): Promise<{ permit: string; claims: PermitRow }> {
    const row = await this.#permitFor(caller, id);
    const claims = row.permit_jwt ? storedPermitClaims(row.permit_jwt) : undefined;
    if (!row.permit_jwt || !claims || claims.researcher !== caller.actor) notFound('permit');
    await this.#ctx.store.transaction((s) => auditAccess(this.#ctx, s, caller.actor, { type: 'PERMIT_TOKEN_READ', permit: id, node: row.node_id }));
    return { permit: row.permit_jwt!, claims: permitRowOf(row, await nodeNames(this.#ctx.store)) };
  }

  async revoke(caller: AccessCaller, id: string, reason: string): Promise<PermitRow> {
    requireRole(caller, 'committee', 'operator');
    if (!reason.trim()) throw oncoError('ACCESS_TRANSITION_REFUSED', 'Revoking a permit needs a reason.');
    const row = await this.#permitFor(caller, id);
    await this.#permits.revoke(row.node_id, id, caller.actor, reason.trim());
    await this.#ctx.store.transaction(async (s) => {
      const a = new AccessStore(s);
      await a.updateResource(row.id, row.state, { permit_status: 'revoked', updated_at: this.#ctx.now() });
      await auditAccess(this.#ctx, s, caller.actor, { type: 'PERMIT_REVOKED', permit: id, node: row.node_id });
      const req = await a.request(row.request_id);
      if (req) await this.#ctx.notifier.write(s, [{ to: `actor:${req.creator}`, text: `Your permit for ${row.name} was revoked. Reason: ${reason.trim()}`, requestId: req.id, email: [req.creator_email] }]);
    });
    this.#ctx.notifier.kick();
    return permitRowOf({ ...row, permit_status: 'revoked' }, await nodeNames(this.#ctx.store));
  }

  async #permitFor(caller: AccessCaller, id: string): Promise<ResourceRow> {
    const row = await new AccessStore(this.#ctx.store).resourceByPermit(id) ?? notFound('permit');
    await loadRequest(this.#ctx.store, caller, row.request_id).catch(() => notFound('permit'));
    return row;
  }
}

function permitRowOf(r: ResourceRow, names: ReadonlyMap<string, string>): PermitRow {
  const c = r.permit_jwt ? storedPermitClaims(r.permit_jwt) : undefined;
  return {
    id: r.permit_id ?? '', request: r.request_id, resource: r.id, node: r.node_id, nodeName: names.get(r.node_id) ?? r.node_id, dataset: r.dataset_uuid,
    name: r.name, researcher: c?.researcher ?? '', status: r.permit_status ?? 'active', actions: c?.actions ?? [], expiresAt: c?.expiresAt ?? '', issuedAt: c?.issuedAt ?? '',
  };
}
