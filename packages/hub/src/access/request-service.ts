/**
 * Access requests (the Negotiator's negotiations): a researcher makes one from the cart (datasets at
 * onboarded nodes), fills the application form (validated against the one JSON Schema), attaches the ethics
 * approval and the DPIA, and submits; the committee approves or declines; the request moves by
 * REQUEST_MACHINE of @oncoatlas/access only. Each resource then moves by resource-service.ts.
 */
import { randomUUID } from 'node:crypto';
import {
  allowedEvents, documentState, fire, REQUEST_DOCUMENTS, REQUEST_EVENTS, REQUEST_MACHINE, REQUEST_STATES, RESOURCE_MACHINE, RESOURCE_STATES, storedPermitClaims,
  validateApplication, type FormProblem, type Machine, type MachineRole, type RequestEvent, type RequestState, type ResourceState,
} from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { HubStore } from '../hub-store.ts';
import { hasRole, requireRole, type AccessCaller } from './access-caller.ts';
import { auditAccess, nodeNames, toRepresentatives, type AccessContext } from './access-context.ts';
import { AccessStore, type RequestRow, type ResourceRow } from './access-store.ts';
import { documentOf, historyOf, latestPerKind, summaryOf, type AccessConditions, type RequestSummary, type RequestView, type ResourceView } from './access-views.ts';
import type { Notice } from './notifications.ts';
import type { OnboardingService, Upload } from './onboarding-service.ts';
import { filedOf, titleOf } from './onboarding-service.ts';
import { loadRequest, partyOf, requestRoles, resourceRoles, type LoadedRequest } from './request-parties.ts';

export interface NewRequest {
  readonly title?: string;
  readonly resources: readonly { readonly node: string; readonly dataset: string; readonly name: string }[];
  readonly query?: unknown;
}

/** Fires `event` in the first of `roles` the machine lets take it; the first refusal when none may. */
export function fireAs<S extends string, E extends string>(m: Machine<S, E>, state: S, event: E, roles: readonly MachineRole[], ctx: Record<string, unknown>): { to: S; role: MachineRole } {
  let first: unknown;
  for (const role of roles) {
    try {
      return { to: fire(m, state, event, role, ctx), role };
    } catch (err) {
      first ??= err;
    }
  }
  throw first ?? oncoError('ACCESS_TRANSITION_REFUSED', `${m.name}: you take no part in this step.`);
}

export function formProblemsError(problems: readonly FormProblem[]): Error {
  const list = problems.slice(0, 12).map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
  return oncoError('ACCESS_FORM_INVALID', `The application form is not valid: ${list}${problems.length > 12 ? '; …' : ''}.`, { fields: problems.map((p) => p.path).join(',') });
}

export class RequestService {
  readonly #ctx: AccessContext;
  readonly #onboarding: OnboardingService;
  readonly #searchable: () => Promise<readonly string[]>;

  constructor(ctx: AccessContext, onboarding: OnboardingService, searchable: () => Promise<readonly string[]>) {
    this.#ctx = ctx;
    this.#onboarding = onboarding;
    this.#searchable = searchable;
  }

  async create(caller: AccessCaller, r: NewRequest): Promise<RequestView> {
    requireRole(caller, 'researcher');
    if (r.resources.length === 0) throw oncoError('USAGE', 'An access request names at least one dataset.');
    const searchable = new Set(await this.#searchable());
    const closed = [...new Set(r.resources.map((x) => x.node))].filter((n) => !searchable.has(n));
    if (closed.length > 0) throw oncoError('ONBOARDING_NOT_APPROVED', `${closed.length} of the nodes asked have no approved onboarding: they take no access requests yet.`, { nodes: closed.join(',') });
    const now = this.#ctx.now();
    const id = randomUUID();
    const row: RequestRow = {
      id, title: (r.title?.trim() || 'Access request').slice(0, 200), state: REQUEST_STATES[0], creator: caller.actor, creator_email: null, form: '{}',
      query: r.query === undefined ? null : JSON.stringify(r.query), created_at: now, updated_at: now, last_activity_at: now, reminded_at: null,
    };
    const resources = r.resources.map((x): ResourceRow => ({
      id: randomUUID(), request_id: id, node_id: x.node, dataset_uuid: x.dataset, name: x.name.slice(0, 300), state: RESOURCE_STATES[0],
      conditions: null, permit_id: null, permit_jwt: null, permit_status: null, updated_at: now,
    }));
    await this.#ctx.store.transaction(async (s) => {
      await new AccessStore(s).insertRequest(row, resources);
      await auditAccess(this.#ctx, s, caller.actor, { type: 'REQUEST_CREATED', request: id, nodes: [...new Set(resources.map((x) => x.node_id))] });
    });
    return this.view(caller, id);
  }

  async list(caller: AccessCaller): Promise<{ requests: RequestSummary[] }> {
    const a = new AccessStore(this.#ctx.store);
    const rows = new Map<string, RequestRow>();
    if (hasRole(caller, 'researcher')) for (const r of await a.requests({ creator: caller.actor })) rows.set(r.id, r);
    if (hasRole(caller, 'committee', 'operator')) for (const r of await a.requests()) if (r.state !== 'DRAFT') rows.set(r.id, r);
    if (hasRole(caller, 'steward')) for (const r of await a.requests({ nodes: await a.nodesRepresentedBy(caller.actor) })) if (r.state !== 'DRAFT') rows.set(r.id, r);
    const list = [...rows.values()].sort((x, y) => Number(y.created_at) - Number(x.created_at));
    const resources = await a.resourcesOf(list.map((r) => r.id));
    const names = await nodeNames(this.#ctx.store);
    return { requests: list.map((r) => summaryOf(r, resources, names)) };
  }

  async view(caller: AccessCaller, id: string): Promise<RequestView> {
    const s = this.#ctx.store;
    const { row, resources, party } = await loadRequest(s, caller, id);
    const a = new AccessStore(s);
    const names = await nodeNames(s);
    const form = JSON.parse(row.form) as object;
    const state = row.state as RequestState;
    const union = <E extends string>(lists: E[][]): E[] => [...new Set(lists.flat())];
    return {
      request: summaryOf(row, resources, names),
      form, problems: validateApplication(form, { complete: true }),
      documents: (await a.documentsOf('request', id)).map(documentOf),
      resources: resources.map((r): ResourceView => {
        const claims = r.permit_jwt ? storedPermitClaims(r.permit_jwt) : undefined;
        return {
          id: r.id, node: r.node_id, nodeName: names.get(r.node_id) ?? r.node_id, dataset: r.dataset_uuid, name: r.name, state: r.state,
          allowedEvents: union(resourceRoles(party, r).map((role) => allowedEvents(RESOURCE_MACHINE, r.state as ResourceState, role, { requestState: state }))),
          conditions: r.conditions ? JSON.parse(r.conditions) as AccessConditions : null,
          permit: r.permit_id ? { id: r.permit_id, status: r.permit_status ?? 'active', expiresAt: claims?.expiresAt ?? '', actions: claims?.actions ?? [] } : null,
        };
      }),
      allowedEvents: union(requestRoles(party).map((role) => allowedEvents(REQUEST_MACHINE, state, role))),
      history: (await a.transitionsOf(id)).map(historyOf),
    };
  }

  async saveForm(caller: AccessCaller, id: string, form: unknown): Promise<RequestView> {
    if (typeof form !== 'object' || form === null || Array.isArray(form)) throw formProblemsError([{ path: '', message: 'the form is a JSON object' }]);
    const problems = validateApplication(form, { complete: false });
    if (problems.length > 0) throw formProblemsError(problems);
    await this.#ctx.store.transaction(async (s) => {
      const { row, party } = await loadRequest(s, caller, id);
      if (!party.creator) throw oncoError('AUTH_FORBIDDEN', 'Only the researcher who made the request fills its form.');
      if (row.state !== 'DRAFT') throw oncoError('ACCESS_TRANSITION_REFUSED', `The form is fixed once submitted; the request is ${row.state}.`);
      const f = form as { summary?: { title?: unknown }; contact?: { email?: unknown } };
      const now = this.#ctx.now();
      await new AccessStore(s).updateRequest(id, {
        form: JSON.stringify(form), updated_at: now, last_activity_at: now,
        title: typeof f.summary?.title === 'string' && f.summary.title.trim() ? f.summary.title.trim().slice(0, 200) : row.title,
        creator_email: typeof f.contact?.email === 'string' ? f.contact.email : row.creator_email,
      });
    });
    return this.view(caller, id);
  }

  async upload(caller: AccessCaller, id: string, u: Upload): Promise<ReturnType<typeof documentOf>> {
    if (!REQUEST_DOCUMENTS.some((k) => k.id === u.kind)) throw oncoError('ACCESS_DOCUMENT_INVALID', `A request's documents are ${REQUEST_DOCUMENTS.map((k) => k.id).join(', ')}; not ${u.kind}.`);
    const doc = await this.#ctx.store.transaction(async (s) => {
      const { row, party } = await loadRequest(s, caller, id);
      if (!party.creator) throw oncoError('AUTH_FORBIDDEN', 'Only the researcher who made the request attaches its documents.');
      if (['DECLINED', 'ABANDONED', 'CONCLUDED'].includes(row.state)) throw oncoError('ACCESS_TRANSITION_REFUSED', `The request is ${row.state}: it takes no more documents.`);
      const now = this.#ctx.now();
      await new AccessStore(s).updateRequest(id, { updated_at: now, last_activity_at: now });
      return this.#onboarding.fileRequestDocument(s, caller, id, u, row.state === 'DRAFT' ? [] : [{ to: 'role:committee', text: `The researcher attached a document (${u.kind}) to the access request "${row.title}".`, requestId: id }]);
    });
    this.#ctx.notifier.kick();
    return doc;
  }

  async event(caller: AccessCaller, id: string, e: { readonly event: RequestEvent; readonly reason?: string }): Promise<RequestView> {
    if (!REQUEST_EVENTS.includes(e.event)) throw oncoError('ACCESS_TRANSITION_REFUSED', `${String(e.event)} is not an event of an access request.`);
    await this.#ctx.store.transaction(async (s) => {
      const loaded = await loadRequest(s, caller, id);
      const { to, role } = fireAs(REQUEST_MACHINE, loaded.row.state as RequestState, e.event, requestRoles(loaded.party), e.reason ? { reason: e.reason } : {});
      if (e.event === 'SUBMIT') await this.#checkSubmission(s, loaded.row);
      await this.move(s, loaded, e.event, to, role, caller.actor, e.reason?.trim() || null);
    });
    this.#ctx.notifier.kick();
    return this.view(caller, id);
  }

  async #checkSubmission(s: HubStore, row: RequestRow): Promise<void> {
    const problems = validateApplication(JSON.parse(row.form), { complete: true });
    if (problems.length > 0) throw formProblemsError(problems);
    const docs = latestPerKind(await new AccessStore(s).documentsOf('request', row.id));
    const now = new Date(this.#ctx.now());
    const missing = REQUEST_DOCUMENTS.filter((k) => k.required && !['submitted', 'accepted'].includes(documentState(filedOf(docs.get(k.id)), now)));
    if (missing.length > 0) throw oncoError('ACCESS_TRANSITION_REFUSED', `access request: SUBMIT needs these documents attached: ${missing.map(titleOf).join('; ')}.`);
  }

  /**
   * Records a request's move already allowed by the machine (inside `s`): the state, the history, the audit
   * event and the parties' notices; an approval contacts the resources' representatives.
   */
  async move(s: HubStore, l: LoadedRequest, event: RequestEvent, to: RequestState, role: MachineRole, actor: string, reason: string | null): Promise<void> {
    const a = new AccessStore(s);
    const at = this.#ctx.now();
    if (!(await a.setRequestState(l.row.id, l.row.state, to, at))) throw oncoError('ACCESS_TRANSITION_REFUSED', 'The request changed meanwhile: reload it.');
    await a.insertTransition({ id: randomUUID(), request_id: l.row.id, resource_id: null, onboarding_id: null, actor, role, event, from_state: l.row.state, to_state: to, reason, at });
    await auditAccess(this.#ctx, s, actor, { type: 'REQUEST_TRANSITION', request: l.row.id, event, from: l.row.state, to, role });
    const title = `"${l.row.title}"`;
    const researcher: Notice = { to: `actor:${l.row.creator}`, text: '', requestId: l.row.id, email: [l.row.creator_email] };
    const notices: Notice[] = [];
    if (event === 'SUBMIT') notices.push({ to: 'role:committee', text: `A new access request ${title} waits for the access committee.`, requestId: l.row.id });
    else if (event === 'APPROVE') {
      notices.push({ ...researcher, text: `Your access request ${title} was approved by the access committee: the data holders are contacted.` });
      for (const r of l.resources) await this.#contact(s, l.row, r, actor, notices);
    } else {
      const why = reason ? ` Reason: ${reason}` : '';
      const text = `The access request ${title} is now ${to} (${event}).${why}`;
      if (role !== 'researcher') notices.push({ ...researcher, text });
      if (role !== 'committee') notices.push({ to: 'role:committee', text, requestId: l.row.id });
      for (const n of new Set(l.resources.map((r) => r.node_id))) notices.push(...await toRepresentatives(s, n, { text, requestId: l.row.id }));
    }
    await this.#ctx.notifier.write(s, notices.filter((n) => n.to !== `actor:${actor}`));
  }

  /** On approval the hub contacts each resource's representatives (the Negotiator's system CONTACT). */
  async #contact(s: HubStore, row: RequestRow, r: ResourceRow, actor: string, notices: Notice[]): Promise<void> {
    const reps = await toRepresentatives(s, r.node_id, { text: `An access request for ${r.name} ("${row.title}") was approved by the access committee: your decision is awaited.`, requestId: row.id });
    const event = reps.length > 0 ? 'CONTACT' : 'MARK_AS_UNREACHABLE';
    const to = fire(RESOURCE_MACHINE, r.state as ResourceState, event, 'system', { requestState: 'IN_PROGRESS' });
    const at = this.#ctx.now();
    await new AccessStore(s).updateResource(r.id, r.state, { state: to, updated_at: at });
    await new AccessStore(s).insertTransition({ id: randomUUID(), request_id: row.id, resource_id: r.id, onboarding_id: null, actor, role: 'system', event, from_state: r.state, to_state: to, reason: null, at });
    await auditAccess(this.#ctx, s, actor, { type: 'RESOURCE_TRANSITION', request: row.id, resource: r.id, node: r.node_id, event, from: r.state, to, role: 'system' });
    notices.push(...reps);
  }

  /** The creator's machine roles etc. for a request row loaded outside a caller (the timers). */
  static async asSystem(s: HubStore, row: RequestRow): Promise<LoadedRequest> {
    const resources = await new AccessStore(s).resourcesOf([row.id]);
    return { row, resources, party: await partyOf(s, { actor: '', roles: [] }, row, resources) };
  }
}
