/**
 * The rows of governed access, on the hub store's own connection so a change, its history, its notifications
 * and its audit event commit together (`new AccessStore(s)` inside `hub.store.transaction`). Same SQL on
 * SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type {
  HubDatabase, HubDocumentsTable, HubMessagesTable, HubNotificationsTable, HubOnboardingsTable, HubRepresentativesTable,
  HubRequestResourcesTable, HubRequestsTable, HubReviewsTable, HubTransitionsTable,
} from '../hub-schema.ts';
import type { HubStore } from '../hub-store.ts';

export type OnboardingRow = Selectable<HubOnboardingsTable>;
export type DocumentRow = Selectable<HubDocumentsTable>;
export type ReviewRow = Selectable<HubReviewsTable>;
export type RequestRow = Selectable<HubRequestsTable>;
export type ResourceRow = Selectable<HubRequestResourcesTable>;
export type TransitionRow = Selectable<HubTransitionsTable>;
export type MessageRow = Selectable<HubMessagesTable>;
export type NotificationRow = Selectable<HubNotificationsTable>;
export type RepresentativeRow = Selectable<HubRepresentativesTable>;

/** Request states whose idle time the timers watch (the others are final). */
const OPEN_REQUEST_STATES = ['DRAFT', 'SUBMITTED', 'IN_PROGRESS', 'PAUSED'];

export class AccessStore {
  readonly #db: Kysely<HubDatabase>;

  constructor(store: HubStore) {
    this.#db = store.db;
  }

  // representatives and onboardings

  async addRepresentative(row: RepresentativeRow): Promise<void> {
    await this.#db.insertInto('hub_representatives').values(row).onConflict((oc) => oc.columns(['node_id', 'actor']).doUpdateSet({ email: row.email })).execute();
  }

  representatives(nodeId: string): Promise<RepresentativeRow[]> {
    return this.#db.selectFrom('hub_representatives').selectAll().where('node_id', '=', nodeId).orderBy('added_at').execute();
  }

  async nodesRepresentedBy(actor: string): Promise<string[]> {
    return (await this.#db.selectFrom('hub_representatives').select('node_id').where('actor', '=', actor).execute()).map((r) => r.node_id);
  }

  async insertOnboarding(row: OnboardingRow): Promise<void> {
    await this.#db.insertInto('hub_onboardings').values(row).execute();
  }

  onboarding(id: string): Promise<OnboardingRow | undefined> {
    return this.#db.selectFrom('hub_onboardings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  onboardings(nodes?: readonly string[]): Promise<OnboardingRow[]> {
    let q = this.#db.selectFrom('hub_onboardings').selectAll().orderBy('created_at', 'desc').orderBy('id');
    if (nodes) q = q.where('node_id', 'in', nodes.length > 0 ? [...nodes] : ['']);
    return q.execute();
  }

  async setOnboardingStatus(id: string, from: string, to: OnboardingRow['status'], at: number, decided: boolean): Promise<boolean> {
    const r = await this.#db.updateTable('hub_onboardings').set({ status: to, updated_at: at, ...(decided ? { decided_at: at } : {}) })
      .where('id', '=', id).where('status', '=', from as OnboardingRow['status']).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async touchOnboarding(id: string, at: number): Promise<void> {
    await this.#db.updateTable('hub_onboardings').set({ updated_at: at }).where('id', '=', id).execute();
  }

  /** Nodes with an approved onboarding. */
  async onboardedNodes(): Promise<string[]> {
    return (await this.#db.selectFrom('hub_onboardings').select('node_id').distinct().where('status', '=', 'approved').execute()).map((r) => r.node_id);
  }

  async insertReview(row: ReviewRow): Promise<void> {
    await this.#db.insertInto('hub_reviews').values(row).execute();
  }

  reviews(onboardingId: string): Promise<ReviewRow[]> {
    return this.#db.selectFrom('hub_reviews').selectAll().where('onboarding_id', '=', onboardingId).orderBy('at').execute();
  }

  async clearReviews(onboardingId: string): Promise<void> {
    await this.#db.deleteFrom('hub_reviews').where('onboarding_id', '=', onboardingId).execute();
  }

  // documents

  async insertDocument(row: DocumentRow): Promise<void> {
    await this.#db.insertInto('hub_documents').values(row).execute();
  }

  document(id: string): Promise<DocumentRow | undefined> {
    return this.#db.selectFrom('hub_documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every document of an owner, newest first (the first of each kind is the one in force). */
  documentsOf(ownerType: DocumentRow['owner_type'], ownerId: string): Promise<DocumentRow[]> {
    return this.#db.selectFrom('hub_documents').selectAll().where('owner_type', '=', ownerType).where('owner_id', '=', ownerId)
      .orderBy('uploaded_at', 'desc').orderBy('id', 'desc').execute();
  }

  async decideDocument(id: string, d: { state: 'accepted' | 'rejected'; reason: string | null; validUntil: string | null; by: string; at: number }): Promise<void> {
    await this.#db.updateTable('hub_documents').set({ state: d.state, reason: d.reason, valid_until: d.validUntil, decided_by: d.by, decided_at: d.at }).where('id', '=', id).execute();
  }

  // requests and resources

  async insertRequest(row: RequestRow, resources: readonly ResourceRow[]): Promise<void> {
    await this.#db.insertInto('hub_requests').values(row).execute();
    if (resources.length > 0) await this.#db.insertInto('hub_request_resources').values([...resources]).execute();
  }

  request(id: string): Promise<RequestRow | undefined> {
    return this.#db.selectFrom('hub_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Requests, newest first: all, or those a creator made, or those with a resource at one of `nodes`. */
  requests(o: { readonly creator?: string; readonly nodes?: readonly string[] } = {}): Promise<RequestRow[]> {
    let q = this.#db.selectFrom('hub_requests').selectAll().orderBy('created_at', 'desc').orderBy('id');
    if (o.creator !== undefined) q = q.where('creator', '=', o.creator);
    if (o.nodes) {
      const nodes = o.nodes.length > 0 ? [...o.nodes] : [''];
      q = q.where('id', 'in', (eb) => eb.selectFrom('hub_request_resources').select('request_id').where('node_id', 'in', nodes));
    }
    return q.execute();
  }

  openRequests(): Promise<RequestRow[]> {
    return this.#db.selectFrom('hub_requests').selectAll().where('state', 'in', OPEN_REQUEST_STATES).execute();
  }

  async updateRequest(id: string, set: Partial<Omit<RequestRow, 'id'>>): Promise<void> {
    await this.#db.updateTable('hub_requests').set(set).where('id', '=', id).execute();
  }

  /** Moves a request only if it is still in `from` (two people deciding at once: one wins). */
  async setRequestState(id: string, from: string, to: string, at: number): Promise<boolean> {
    const r = await this.#db.updateTable('hub_requests').set({ state: to, updated_at: at, last_activity_at: at, reminded_at: null })
      .where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  resourcesOf(requestIds: readonly string[]): Promise<ResourceRow[]> {
    if (requestIds.length === 0) return Promise.resolve([]);
    return this.#db.selectFrom('hub_request_resources').selectAll().where('request_id', 'in', [...requestIds]).orderBy('request_id').orderBy('id').execute();
  }

  resource(id: string): Promise<ResourceRow | undefined> {
    return this.#db.selectFrom('hub_request_resources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  resourceByPermit(permitId: string): Promise<ResourceRow | undefined> {
    return this.#db.selectFrom('hub_request_resources').selectAll().where('permit_id', '=', permitId).executeTakeFirst();
  }

  permitted(nodes?: readonly string[]): Promise<ResourceRow[]> {
    let q = this.#db.selectFrom('hub_request_resources').selectAll().where('permit_id', 'is not', null).orderBy('updated_at', 'desc');
    if (nodes) q = q.where('node_id', 'in', nodes.length > 0 ? [...nodes] : ['']);
    return q.execute();
  }

  async updateResource(id: string, from: string, set: Partial<Omit<ResourceRow, 'id' | 'request_id'>>): Promise<boolean> {
    const r = await this.#db.updateTable('hub_request_resources').set(set).where('id', '=', id).where('state', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // history, messages, notifications

  async insertTransition(row: TransitionRow): Promise<void> {
    await this.#db.insertInto('hub_transitions').values(row).execute();
  }

  transitionsOf(requestId: string): Promise<TransitionRow[]> {
    return this.#db.selectFrom('hub_transitions').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
  }

  async insertMessage(row: MessageRow): Promise<void> {
    await this.#db.insertInto('hub_messages').values(row).execute();
  }

  messagesOf(requestId: string): Promise<MessageRow[]> {
    return this.#db.selectFrom('hub_messages').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
  }

  async insertNotifications(rows: readonly NotificationRow[]): Promise<void> {
    if (rows.length > 0) await this.#db.insertInto('hub_notifications').values([...rows]).execute();
  }

  notificationsFor(recipients: readonly string[], limit: number): Promise<NotificationRow[]> {
    return this.#db.selectFrom('hub_notifications').selectAll().where('recipient', 'in', [...recipients]).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  async unreadCount(recipients: readonly string[]): Promise<number> {
    const r = await this.#db.selectFrom('hub_notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('recipient', 'in', [...recipients]).where('read_at', 'is', null).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async markRead(id: string, recipients: readonly string[], at: number): Promise<boolean> {
    const r = await this.#db.updateTable('hub_notifications').set({ read_at: at }).where('id', '=', id).where('recipient', 'in', [...recipients]).where('read_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1 || (await this.#db.selectFrom('hub_notifications').select('id').where('id', '=', id).where('recipient', 'in', [...recipients]).executeTakeFirst()) !== undefined;
  }

  outbox(maxAttempts: number, limit: number): Promise<NotificationRow[]> {
    return this.#db.selectFrom('hub_notifications').selectAll().where('email_status', '=', 'pending').where('email_attempts', '<', maxAttempts).orderBy('created_at').limit(limit).execute();
  }

  async setEmailStatus(id: string, status: NotificationRow['email_status'], attempts: number): Promise<void> {
    await this.#db.updateTable('hub_notifications').set({ email_status: status, email_attempts: attempts }).where('id', '=', id).execute();
  }
}
