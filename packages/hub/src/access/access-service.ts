/**
 * Governed access at the hub (`hub.access`): onboarding of data holders, access requests and their
 * resources, messages, notifications (in the UI and by e-mail), permits issued by the nodes, and the
 * inactivity timers. The rules (state machines, form, checklists, review steps, timers) are the data of
 * @oncoatlas/access; this service keeps the rows, the files and the audit trail, and talks to the nodes
 * through the broker.
 *
 * @example
 * const hub = await Hub.open({ dataDir, access: { mail: { smtpUrl: 'smtp://127.0.0.1:25', from: 'hub@atlas.example' }, committeeEmails: ['dac@atlas.example'] } });
 * const o = await hub.access.onboarding.create({ actor: 'ana @ urn:oncoatlas:node', roles: ['steward'] }, { node, path: 'federated', organisation: 'Hospital A', contact: { name: 'Ana', email: 'ana@a.example' } });
 * const stop = hub.access.timers.start(60 * 60_000);
 */
import {
  APPLICATION_FORM_SCHEMA, checklistFor, DEFAULT_INACTIVITY, DEFAULT_REVIEW_STEPS, FORM_SECTIONS, REQUEST_DOCUMENTS, type DocumentKind, type ReviewStep,
} from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { Broker } from '../broker.ts';
import type { HubStore } from '../hub-store.ts';
import { notFound, oversees, type AccessCaller } from './access-caller.ts';
import type { AccessContext } from './access-context.ts';
import { AccessStore } from './access-store.ts';
import { documentOf, type HubDocument } from './access-views.ts';
import { AccessTimers } from './access-timers.ts';
import { DocumentStore } from './document-store.ts';
import { MessageService } from './messages.ts';
import { Mailer, type MailSettings } from './mailer.ts';
import { Notifier } from './notifications.ts';
import { OnboardingService } from './onboarding-service.ts';
import { PermitDispatcher } from './permits.ts';
import { loadRequest } from './request-parties.ts';
import { RequestService } from './request-service.ts';
import { ResourceService } from './resource-service.ts';

export interface AccessOptions {
  /** SMTP relay and sender of the e-mail notifications; without it notifications are shown in the UI only. */
  readonly mail?: MailSettings;
  /** Where notices to the access committee are e-mailed. */
  readonly committeeEmails?: readonly string[];
  /** The onboarding's review boards, in order (default DEFAULT_REVIEW_STEPS). */
  readonly reviewSteps?: readonly ReviewStep[];
  readonly inactivity?: typeof DEFAULT_INACTIVITY;
  /** The hub's address as people see it, for links in e-mails. */
  readonly publicUrl?: string;
}

export interface Checklists {
  readonly paths: { readonly transfer: DocumentKind[]; readonly federated: DocumentKind[] };
  readonly requestDocuments: readonly DocumentKind[];
  readonly reviewSteps: readonly ReviewStep[];
}

export class AccessService {
  readonly onboarding: OnboardingService;
  readonly requests: RequestService;
  readonly resources: ResourceService;
  readonly messages: MessageService;
  readonly notifications: Notifier;
  readonly timers: AccessTimers;
  /** Whether a node's datasets are searchable only once its onboarding is approved. */
  readonly requireOnboarding: boolean;
  readonly #ctx: AccessContext;
  readonly #mailer: Mailer | undefined;

  constructor(o: { readonly store: HubStore; readonly broker: Broker; readonly dataDir: string; readonly now: () => number; readonly requireOnboarding: boolean } & AccessOptions) {
    this.#mailer = o.mail ? new Mailer(o.mail) : undefined;
    this.notifications = new Notifier({ store: o.store, now: o.now, ...(this.#mailer ? { mailer: this.#mailer } : {}), committeeEmails: o.committeeEmails ?? [], ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}) });
    this.#ctx = { store: o.store, broker: o.broker, now: o.now, documents: new DocumentStore(o.dataDir), notifier: this.notifications, reviewSteps: o.reviewSteps ?? DEFAULT_REVIEW_STEPS };
    this.requireOnboarding = o.requireOnboarding;
    this.onboarding = new OnboardingService(this.#ctx);
    this.requests = new RequestService(this.#ctx, this.onboarding, () => this.searchableNodes());
    this.resources = new ResourceService(this.#ctx, new PermitDispatcher({ store: o.store, broker: o.broker, now: o.now }));
    this.messages = new MessageService(this.#ctx);
    this.timers = new AccessTimers(this.#ctx, this.requests, this.onboarding, o.inactivity ?? DEFAULT_INACTIVITY);
  }

  /** Approved members of the hub whose onboarding is approved (or every approved member without requireOnboarding). */
  async searchableNodes(): Promise<string[]> {
    const approved = (await this.#ctx.store.nodes('approved')).map((n) => n.id);
    if (!this.requireOnboarding) return approved;
    const onboarded = new Set(await new AccessStore(this.#ctx.store).onboardedNodes());
    return approved.filter((n) => onboarded.has(n));
  }

  /**
   * Where a count query goes: the searchable nodes, or those of `asked` (the Spot's sites); ONBOARDING_NOT_APPROVED
   * when an asked node, or every approved one, is not searchable. An empty list (no approved node) is the broker's to refuse.
   */
  async searchTargets(asked?: readonly string[]): Promise<string[]> {
    const searchable = await this.searchableNodes();
    if (asked && asked.length > 0) {
      const closed = [...new Set(asked)].filter((n) => !searchable.includes(n));
      if (closed.length > 0) throw oncoError('ONBOARDING_NOT_APPROVED', `${closed.length} of the nodes asked are not searchable: not approved members of this hub, or their onboarding is not approved.`, { nodes: closed.join(',') });
      return [...new Set(asked)];
    }
    if (searchable.length === 0 && (await this.#ctx.store.nodes('approved')).length > 0) {
      throw oncoError('ONBOARDING_NOT_APPROVED', 'No node of this hub is searchable yet: a node\'s datasets are searched once its onboarding is approved.');
    }
    return searchable;
  }

  checklists(): Checklists {
    return { paths: { transfer: checklistFor('transfer'), federated: checklistFor('federated') }, requestDocuments: REQUEST_DOCUMENTS, reviewSteps: this.#ctx.reviewSteps };
  }

  formSchema(): object {
    return { ...APPLICATION_FORM_SCHEMA, sections: FORM_SECTIONS };
  }

  /** A document's bytes, for the parties of what it belongs to. */
  async documentContent(caller: AccessCaller, id: string): Promise<{ document: HubDocument; bytes: Buffer }> {
    const s = this.#ctx.store;
    const a = new AccessStore(s);
    const doc = await a.document(id) ?? notFound('document');
    if (doc.owner_type === 'request') await loadRequest(s, caller, doc.owner_id).catch(() => notFound('document'));
    else {
      const o = await a.onboarding(doc.owner_id);
      const represents = o !== undefined && caller.roles.includes('steward') && (await a.representatives(o.node_id)).some((r) => r.actor === caller.actor);
      if (!o || !(oversees(caller) || represents)) notFound('document');
    }
    return { document: documentOf(doc), bytes: this.#ctx.documents.read(doc.sha256) };
  }

  close(): void {
    this.#mailer?.close();
  }
}
