/**
 * A data holder's onboarding at the hub: a steward (who becomes the node's representative) picks the path,
 * files its checklist of documents, submits; the committee and the operator decide each document and walk
 * the review steps in order (ONBOARDING_MACHINE of @oncoatlas/access). Each change of a document or of the
 * status is sent to the node as an `access-onboarding` task, so the node knows which agreements are on file.
 */
import { randomUUID } from 'node:crypto';
import {
  checklistFor, documentState, fire, nextReviewStep, ONBOARDING_MACHINE, type DocumentKind, type FiledDocument, type MachineRole,
  type OnboardingEvent, type OnboardingPath, type ReviewStep, type StepDecision,
} from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { HubStore } from '../hub-store.ts';
import { hasRole, notFound, oversees, requireRole, type AccessCaller } from './access-caller.ts';
import { auditAccess, isoDate, nodeNames, toRepresentatives, type AccessContext } from './access-context.ts';
import { AccessStore, type DocumentRow, type OnboardingRow } from './access-store.ts';
import { documentOf, iso, latestPerKind, onboardingOf, type HubDocument, type Onboarding, type OnboardingView } from './access-views.ts';
import type { Notice } from './notifications.ts';

export const ONBOARDING_TASK_TYPE = 'access-onboarding';

export interface NewOnboarding {
  readonly node: string;
  readonly path: OnboardingPath;
  readonly organisation: string;
  readonly contact: { readonly name: string; readonly email: string };
}

export interface Upload {
  readonly kind: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly validUntil?: string;
}

export class OnboardingService {
  readonly #ctx: AccessContext;

  constructor(ctx: AccessContext) {
    this.#ctx = ctx;
  }

  async create(caller: AccessCaller, o: NewOnboarding): Promise<Onboarding> {
    requireRole(caller, 'steward');
    if (o.path !== 'transfer' && o.path !== 'federated') throw oncoError('USAGE', 'The path is transfer or federated.');
    const now = this.#ctx.now();
    const row = await this.#ctx.store.transaction(async (s) => {
      const a = new AccessStore(s);
      const node = await s.node(o.node);
      if (!node) throw oncoError('HUB_NODE_NOT_FOUND', 'No node with that id has joined this hub: the node joins first (oncoatlas node join).', { node: o.node });
      const reps = await a.representatives(o.node);
      if (reps.length > 0 && !reps.some((r) => r.actor === caller.actor)) throw oncoError('AUTH_FORBIDDEN', 'This node already has representatives at the hub: one of them onboards it.');
      const open = (await a.onboardings([o.node])).find((x) => x.status !== 'rejected');
      if (open) throw oncoError('ACCESS_TRANSITION_REFUSED', `This node already has an onboarding (${open.id}, ${open.status}).`, { onboarding: open.id });
      const r: OnboardingRow = {
        id: randomUUID(), node_id: o.node, path: o.path, organisation: o.organisation, contact_name: o.contact.name, contact_email: o.contact.email,
        status: 'draft', created_by: caller.actor, created_at: now, updated_at: now, decided_at: null,
      };
      await a.insertOnboarding(r);
      await a.addRepresentative({ node_id: o.node, actor: caller.actor, email: o.contact.email, added_at: now });
      await auditAccess(this.#ctx, s, caller.actor, { type: 'ONBOARDING_CREATED', onboarding: r.id, node: o.node, path: o.path });
      return r;
    });
    return onboardingOf(row, (await nodeNames(this.#ctx.store)).get(row.node_id) ?? row.node_id);
  }

  async list(caller: AccessCaller): Promise<{ onboardings: Onboarding[] }> {
    const a = new AccessStore(this.#ctx.store);
    const rows = oversees(caller) ? await a.onboardings() : hasRole(caller, 'steward') ? await a.onboardings(await a.nodesRepresentedBy(caller.actor)) : [];
    const names = await nodeNames(this.#ctx.store);
    return { onboardings: rows.map((r) => onboardingOf(r, names.get(r.node_id) ?? r.node_id)) };
  }

  async view(caller: AccessCaller, id: string): Promise<OnboardingView> {
    const row = await this.#visible(this.#ctx.store, caller, id);
    const a = new AccessStore(this.#ctx.store);
    const docs = latestPerKind(await a.documentsOf('onboarding', id));
    const now = new Date(this.#ctx.now());
    const reviews = await a.reviews(id);
    const latest = new Map(reviews.map((r) => [r.step, r]));
    const nextStep = row.status === 'submitted' || row.status === 'in-review' ? nextReviewStep(this.#ctx.reviewSteps, decisionsOf(reviews)) : null;
    const holder = await this.#represents(this.#ctx.store, caller, row.node_id);
    const actions: string[] = [];
    if (holder && row.status !== 'rejected') actions.push('upload');
    if (holder && (row.status === 'draft' || row.status === 'returned')) actions.push('submit');
    if (oversees(caller)) actions.push('decide-documents');
    if (nextStep && hasRole(caller, nextStep.role)) actions.push(`review:${nextStep.id}`);
    return {
      onboarding: onboardingOf(row, (await nodeNames(this.#ctx.store)).get(row.node_id) ?? row.node_id),
      checklist: checklistFor(row.path).map((kind) => {
        const d = docs.get(kind.id);
        return { kind, state: documentState(d ? filed(d) : undefined, now), document: d ? documentOf(d) : null };
      }),
      reviews: this.#ctx.reviewSteps.map((step) => {
        const r = latest.get(step.id);
        return { step, decision: r?.decision ?? null, reason: r?.reason ?? null, by: r?.by ?? null, at: r ? iso(Number(r.at)) : null };
      }),
      nextStep, actions,
    };
  }

  async upload(caller: AccessCaller, id: string, u: Upload): Promise<HubDocument> {
    const validUntil = u.validUntil === undefined ? null : isoDate(u.validUntil) ?? invalid('validUntil is a date YYYY-MM-DD.');
    const doc = await this.#ctx.store.transaction(async (s) => {
      const row = await this.#owned(s, caller, id);
      if (row.status === 'rejected') throw oncoError('ACCESS_TRANSITION_REFUSED', 'This onboarding was rejected: start a new one.');
      if (!checklistFor(row.path).some((k) => k.id === u.kind)) invalid(`The ${row.path} path's checklist has no document of kind ${u.kind}.`);
      return this.#fileDocument(s, caller, 'onboarding', id, u, validUntil, row.status === 'draft' ? [] : [{ to: 'role:committee', text: `A data holder filed a new document (${u.kind}) in its onboarding.`, onboardingId: id }]);
    });
    this.#ctx.notifier.kick();
    return doc;
  }

  /** Keeps the bytes and files the document row with its audit event and notices (inside `s`). */
  async #fileDocument(s: HubStore, caller: AccessCaller, ownerType: DocumentRow['owner_type'], ownerId: string, u: Upload, validUntil: string | null, notices: readonly Notice[]): Promise<HubDocument> {
    const kept = this.#ctx.documents.put(u.bytes, u.mediaType);
    const filename = u.filename.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || 'document';
    const row: DocumentRow = {
      id: randomUUID(), owner_type: ownerType, owner_id: ownerId, kind: u.kind, filename, media_type: kept.mediaType, size: kept.size, sha256: kept.sha256,
      uploaded_by: caller.actor, uploaded_at: this.#ctx.now(), state: 'submitted', reason: null, valid_until: validUntil, decided_by: null, decided_at: null,
    };
    await new AccessStore(s).insertDocument(row);
    await auditAccess(this.#ctx, s, caller.actor, { type: 'DOCUMENT_UPLOADED', document: row.id, owner: `${ownerType}:${ownerId}`, kind: u.kind, sha256: kept.sha256, size: kept.size });
    await this.#ctx.notifier.write(s, notices);
    return documentOf(row);
  }

  /** A request's document (request-service.ts files them the same way). */
  fileRequestDocument(s: HubStore, caller: AccessCaller, requestId: string, u: Upload, notices: readonly Notice[]): Promise<HubDocument> {
    return this.#fileDocument(s, caller, 'request', requestId, u, null, notices);
  }

  async submit(caller: AccessCaller, id: string): Promise<OnboardingView> {
    const changed = await this.#ctx.store.transaction(async (s) => {
      const row = await this.#owned(s, caller, id);
      const docs = latestPerKind(await new AccessStore(s).documentsOf('onboarding', id));
      const now = new Date(this.#ctx.now());
      const missing = checklistFor(row.path).filter((k) => k.required && !['submitted', 'accepted'].includes(documentState(filedOf(docs.get(k.id)), now)));
      const event: OnboardingEvent = row.status === 'returned' ? 'RESUBMIT' : 'SUBMIT';
      await this.#move(s, caller, row, event, 'holder', { missingDocuments: missing.map(titleOf) });
      // A resubmission starts a new review round.
      await new AccessStore(s).clearReviews(id);
      await this.#ctx.notifier.write(s, [{ to: 'role:committee', text: `A data holder submitted its onboarding (${row.organisation}) for review.`, onboardingId: id }]);
      return row;
    });
    this.#afterChange(changed, caller.actor);
    return this.view(caller, id);
  }

  async decideDocument(caller: AccessCaller, documentId: string, d: { readonly decision: 'accept' | 'reject'; readonly reason?: string; readonly validUntil?: string }): Promise<{ document: HubDocument; owner: DocumentRow }> {
    requireRole(caller, 'committee', 'operator');
    if (d.decision === 'reject' && !d.reason?.trim()) throw oncoError('ACCESS_TRANSITION_REFUSED', 'Rejecting a document needs a reason the data holder can act on.');
    const validUntil = d.validUntil === undefined ? undefined : isoDate(d.validUntil) ?? invalid('validUntil is a date YYYY-MM-DD.');
    const out = await this.#ctx.store.transaction(async (s) => {
      const a = new AccessStore(s);
      const doc = await a.document(documentId) ?? notFound('document');
      const at = this.#ctx.now();
      await a.decideDocument(documentId, { state: d.decision === 'accept' ? 'accepted' : 'rejected', reason: d.decision === 'reject' ? d.reason!.trim() : null, validUntil: validUntil ?? doc.valid_until, by: caller.actor, at });
      await auditAccess(this.#ctx, s, caller.actor, { type: 'DOCUMENT_DECIDED', document: documentId, owner: `${doc.owner_type}:${doc.owner_id}`, decision: d.decision });
      const text = `Your document ${doc.filename} (${doc.kind}) was ${d.decision === 'accept' ? 'accepted' : 'rejected'}.`;
      if (doc.owner_type === 'onboarding') {
        const o = await a.onboarding(doc.owner_id);
        if (o) {
          await a.touchOnboarding(o.id, at);
          await this.#ctx.notifier.write(s, await toRepresentatives(s, o.node_id, { text, onboardingId: o.id }));
        }
      } else {
        const r = await a.request(doc.owner_id);
        if (r) await this.#ctx.notifier.write(s, [{ to: `actor:${r.creator}`, text, requestId: r.id, email: [r.creator_email] }]);
      }
      return { document: documentOf((await a.document(documentId))!), owner: doc };
    });
    if (out.owner.owner_type === 'onboarding') {
      const o = await new AccessStore(this.#ctx.store).onboarding(out.owner.owner_id);
      if (o) this.#afterChange(o, caller.actor);
    } else this.#ctx.notifier.kick();
    return out;
  }

  async review(caller: AccessCaller, id: string, r: { readonly step: string; readonly decision: 'approve' | 'reject' | 'return'; readonly reason?: string }): Promise<OnboardingView> {
    requireRole(caller, 'committee', 'operator');
    const changed = await this.#ctx.store.transaction(async (s) => {
      const a = new AccessStore(s);
      let row = await a.onboarding(id) ?? notFound('onboarding');
      const decisions = decisionsOf(await a.reviews(id));
      const next = nextReviewStep(this.#ctx.reviewSteps, decisions);
      const role: MachineRole = next && hasRole(caller, next.role) ? next.role : hasRole(caller, 'committee') ? 'committee' : 'operator';
      const guard = { reviewSteps: this.#ctx.reviewSteps, decisions, step: r.step, ...(r.reason ? { reason: r.reason } : {}) };
      if (row.status === 'submitted') row = await this.#move(s, caller, row, 'START_REVIEW', role, guard);
      const isLast = next !== null && next.id === this.#ctx.reviewSteps.at(-1)?.id;
      const event: OnboardingEvent = r.decision === 'reject' ? 'REJECT' : r.decision === 'return' ? 'RETURN' : isLast ? 'APPROVE' : 'APPROVE_STEP';
      if (event === 'APPROVE') {
        // The decision needs every required document accepted and in date, not only filed.
        const docs = latestPerKind(await a.documentsOf('onboarding', id));
        const now = new Date(this.#ctx.now());
        const open = checklistFor(row.path).filter((k) => k.required && documentState(filedOf(docs.get(k.id)), now) !== 'accepted');
        if (open.length > 0) throw oncoError('ACCESS_TRANSITION_REFUSED', `onboarding: the decision needs every required document accepted; not yet: ${open.map(titleOf).join('; ')}.`);
      }
      row = await this.#move(s, caller, row, event, role, guard);
      await a.insertReview({ onboarding_id: id, step: r.step, decision: r.decision, reason: r.reason?.trim() || null, by: caller.actor, at: this.#ctx.now() });
      await auditAccess(this.#ctx, s, caller.actor, { type: 'ONBOARDING_REVIEWED', onboarding: id, step: r.step, decision: r.decision });
      const after = nextReviewStep(this.#ctx.reviewSteps, [...decisions, { step: r.step, decision: r.decision }]);
      const outcome = row.status === 'approved' ? 'approved: its datasets are now searchable at the hub' : row.status === 'rejected' ? `rejected (${r.reason?.trim()})` : row.status === 'returned' ? `returned for changes (${r.reason?.trim()})` : `past the step "${stepTitle(this.#ctx.reviewSteps, r.step)}"`;
      await this.#ctx.notifier.write(s, [
        ...await toRepresentatives(s, row.node_id, { text: `Your onboarding (${row.organisation}) was ${outcome}.`, onboardingId: id }),
        ...(row.status === 'in-review' && after ? [{ to: `role:${after.role}`, text: `An onboarding (${row.organisation}) waits for the review step "${after.title}".`, onboardingId: id }] : []),
      ]);
      return row;
    });
    this.#afterChange(changed, caller.actor);
    return this.view(caller, id);
  }

  async #move(s: HubStore, caller: AccessCaller, row: OnboardingRow, event: OnboardingEvent, role: MachineRole, guard: Record<string, unknown>): Promise<OnboardingRow> {
    const to = fire(ONBOARDING_MACHINE, row.status, event, role, guard);
    const at = this.#ctx.now();
    const a = new AccessStore(s);
    if (!(await a.setOnboardingStatus(row.id, row.status, to, at, to === 'approved' || to === 'rejected'))) throw oncoError('ACCESS_TRANSITION_REFUSED', 'The onboarding changed meanwhile: reload it.');
    await a.insertTransition({ id: randomUUID(), request_id: null, resource_id: null, onboarding_id: row.id, actor: caller.actor, role, event, from_state: row.status, to_state: to, reason: typeof guard.reason === 'string' ? guard.reason : null, at });
    await auditAccess(this.#ctx, s, caller.actor, { type: 'ONBOARDING_TRANSITION', onboarding: row.id, node: row.node_id, event, from: row.status, to });
    return { ...row, status: to, updated_at: at };
  }

  /** After a commit: mail goes out and the node hears its onboarding's new statement. */
  #afterChange(row: OnboardingRow, actor: string): void {
    this.#ctx.notifier.kick();
    void this.statementTo(row.id, actor).catch(() => undefined);
  }

  /** Sends the node its onboarding's statement (`access-onboarding`); nothing when the node is not an approved member. */
  async statementTo(onboardingId: string, actor: string): Promise<void> {
    const a = new AccessStore(this.#ctx.store);
    const o = await a.onboarding(onboardingId);
    if (!o || (await this.#ctx.store.node(o.node_id))?.status !== 'approved') return;
    const docs = latestPerKind(await a.documentsOf('onboarding', o.id));
    const now = new Date(this.#ctx.now());
    const payload = {
      onboarding: { id: o.id, path: o.path, status: o.status, organisation: o.organisation, decidedAt: o.decided_at === null ? null : iso(Number(o.decided_at)) },
      documents: checklistFor(o.path).flatMap((k) => {
        const d = docs.get(k.id);
        return d ? [{ kind: k.id, title: k.title, sha256: d.sha256, state: documentState(filed(d), now), validUntil: d.valid_until, decidedAt: d.decided_at === null ? null : iso(Number(d.decided_at)) }] : [];
      }),
    };
    await this.#ctx.broker.dispatch({ type: ONBOARDING_TASK_TYPE, payload, nodes: [o.node_id], requester: actor, deadlineMs: 10 * 60_000, spendsBudget: false });
  }

  /**
   * Sends again each statement its node has not taken: none was ever sent (the node was approved as a member
   * after its onboarding changed), or the last one failed or lived out its 10 minutes unanswered (the node was
   * offline). The timers call it, so a node that was away still learns which of its agreements are on file.
   */
  async resendStatements(actor: string): Promise<number> {
    const now = this.#ctx.now();
    let sent = 0;
    for (const o of await new AccessStore(this.#ctx.store).onboardings()) {
      if ((await this.#ctx.store.node(o.node_id))?.status !== 'approved') continue;
      const last = await this.#ctx.store.db.selectFrom('hub_tasks').select(['status', 'created_at', 'ttl_ms'])
        .where('node_id', '=', o.node_id).where('type', '=', ONBOARDING_TASK_TYPE).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      const live = last !== undefined && (last.status === 'pending' || last.status === 'delivered') && Number(last.created_at) + Number(last.ttl_ms) > now;
      if (last?.status === 'succeeded' || live) continue;
      await this.statementTo(o.id, actor);
      sent++;
    }
    return sent;
  }

  async #visible(s: HubStore, caller: AccessCaller, id: string): Promise<OnboardingRow> {
    const row = await new AccessStore(s).onboarding(id);
    if (!row || !(oversees(caller) || await this.#represents(s, caller, row.node_id))) notFound('onboarding');
    return row;
  }

  async #owned(s: HubStore, caller: AccessCaller, id: string): Promise<OnboardingRow> {
    const row = await new AccessStore(s).onboarding(id);
    if (!row || !(await this.#represents(s, caller, row.node_id))) notFound('onboarding of yours');
    return row;
  }

  async #represents(s: HubStore, caller: AccessCaller, nodeId: string): Promise<boolean> {
    return hasRole(caller, 'steward') && (await new AccessStore(s).representatives(nodeId)).some((r) => r.actor === caller.actor);
  }
}

export function filed(d: DocumentRow): FiledDocument {
  return { kind: d.kind, state: d.state, validUntil: d.valid_until, reason: d.reason };
}

export function filedOf(d: DocumentRow | undefined): FiledDocument | undefined {
  return d ? filed(d) : undefined;
}

export function titleOf(k: DocumentKind): string {
  return `${k.title} (${k.id})`;
}

function decisionsOf(reviews: readonly { step: string; decision: 'approve' | 'reject' | 'return' }[]): StepDecision[] {
  return reviews.map((r) => ({ step: r.step, decision: r.decision }));
}

function stepTitle(steps: readonly ReviewStep[], id: string): string {
  return steps.find((s) => s.id === id)?.title ?? id;
}

function invalid(message: string): never {
  throw oncoError('ACCESS_DOCUMENT_INVALID', message);
}
