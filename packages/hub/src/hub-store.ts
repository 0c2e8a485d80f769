/**
 * The hub's database: nodes, used assertion ids, queries with their per-node tasks and replies, budget spends,
 * and the audit log (served to @oncoatlas/audit as an AuditStore). The same SQL on SQLite and PostgreSQL.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEntry, AuditHead, AuditStore } from '@oncoatlas/audit';
import { openDatabase, type Engine } from '@oncoatlas/store';
import { hubMigrations } from './hub-migrations.ts';
import type { HubDatabase, HubNodesTable, HubQueriesTable, HubTasksTable, NodeStatus, TaskStatus } from './hub-schema.ts';

export type NodeRow = Selectable<HubNodesTable>;
export type QueryRow = Selectable<HubQueriesTable>;
export type TaskRow = Selectable<HubTasksTable>;

/** The hub's SQLite file inside its data directory. */
export const HUB_SQLITE_FILE = 'hub.sqlite';

export async function openHubStore(o: { readonly dataDir: string; readonly database?: string }): Promise<{ store: HubStore; close(): Promise<void> }> {
  const opened = await openDatabase<HubDatabase>({
    dataDir: o.dataDir, file: HUB_SQLITE_FILE, migrations: hubMigrations, migrationTable: 'hub_migration',
    ...(o.database ? { database: o.database } : {}),
  });
  return { store: new HubStore(opened.db, opened.engine), close: () => opened.close() };
}

export class HubStore implements AuditStore {
  readonly #db: Kysely<HubDatabase>;
  readonly engine: Engine;

  constructor(db: Kysely<HubDatabase>, engine: Engine) {
    this.#db = db;
    this.engine = engine;
  }

  /** The connection (or the open transaction) itself, for the access tables that share this store's transactions. */
  get db(): Kysely<HubDatabase> {
    return this.#db;
  }

  transaction<T>(fn: (s: HubStore) => Promise<T>): Promise<T> {
    return this.#db.transaction().execute((trx) => fn(new HubStore(trx, this.engine)));
  }

  // nodes

  async insertNode(row: NodeRow): Promise<void> {
    await this.#db.insertInto('hub_nodes').values(row).execute();
  }

  node(id: string): Promise<NodeRow | undefined> {
    return this.#db.selectFrom('hub_nodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  nodes(status?: NodeStatus): Promise<NodeRow[]> {
    let q = this.#db.selectFrom('hub_nodes').selectAll().orderBy('joined_at').orderBy('id');
    if (status) q = q.where('status', '=', status);
    return q.execute();
  }

  /** Moves a node from one of `from` to `to`; false when it was in none of them. */
  async setNodeStatus(id: string, from: readonly NodeStatus[], to: NodeStatus, at: number): Promise<boolean> {
    const r = await this.#db.updateTable('hub_nodes').set({ status: to, decided_at: at }).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records a single-use id; false when it was used before. Forgets ids that expired. */
  async useJti(jti: string, expiresAt: number, now: number): Promise<boolean> {
    await this.#db.deleteFrom('hub_used_jtis').where('expires_at', '<', now).execute();
    const r = await this.#db.insertInto('hub_used_jtis').values({ jti, expires_at: expiresAt }).onConflict((oc) => oc.column('jti').doNothing()).returning('jti').executeTakeFirst();
    return r !== undefined;
  }

  // queries and tasks

  async insertQuery(query: QueryRow, tasks: readonly TaskRow[]): Promise<void> {
    await this.#db.insertInto('hub_queries').values(query).execute();
    if (tasks.length > 0) await this.#db.insertInto('hub_tasks').values([...tasks]).execute();
  }

  query(id: string): Promise<QueryRow | undefined> {
    return this.#db.selectFrom('hub_queries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  tasksOf(queryId: string): Promise<TaskRow[]> {
    return this.#db.selectFrom('hub_tasks').selectAll().where('query_id', '=', queryId).orderBy('answered_at').orderBy('node_id').execute();
  }

  /**
   * Hands a node its live tasks: pending ones, and ones delivered more than `leaseMs` ago without a reply
   * (the agent that took them died), so a restarted agent picks them up again while they live.
   */
  async claimTasks(nodeId: string, now: number, leaseMs: number): Promise<TaskRow[]> {
    const rows = await this.#db.selectFrom('hub_tasks').selectAll()
      .where('node_id', '=', nodeId)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'delivered'), eb('delivered_at', '<', now - leaseMs)])]))
      .where((eb) => eb(eb('created_at', '+', eb.ref('ttl_ms')), '>', now))
      .orderBy('created_at').limit(20).execute();
    if (rows.length > 0) await this.#db.updateTable('hub_tasks').set({ status: 'delivered', delivered_at: now }).where('id', 'in', rows.map((r) => r.id)).execute();
    return rows;
  }

  /** Stores a node's reply to its own task; undefined when the task is not that node's or was answered. */
  async answerTask(taskId: string, nodeId: string, status: Extract<TaskStatus, 'succeeded' | 'failed'>, body: string, at: number): Promise<TaskRow | undefined> {
    const r = await this.#db.updateTable('hub_tasks').set({ status, body, answered_at: at })
      .where('id', '=', taskId).where('node_id', '=', nodeId).where('status', 'in', ['pending', 'delivered']).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return undefined;
    return this.#db.selectFrom('hub_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  }

  // privacy budget

  spendsOf(researcher: string, since: number): Promise<{ epsilon: number; at: number }[]> {
    return this.#db.selectFrom('hub_budget_spends').select(['epsilon', 'at']).where('researcher', '=', researcher).where('at', '>', since).execute();
  }

  async insertSpend(row: { query_id: string; researcher: string; epsilon: number; at: number }): Promise<void> {
    await this.#db.insertInto('hub_budget_spends').values(row).execute();
  }

  // audit log (AuditStore)

  async lockAuditHead(): Promise<AuditHead> {
    // A no-op update takes the row lock on PostgreSQL; SQLite's immediate transaction already holds the write lock.
    await this.#db.updateTable('hub_audit_head').set((eb) => ({ id: eb.ref('id') })).where('id', '=', 1).execute();
    return this.auditHead();
  }

  async auditHead(): Promise<AuditHead> {
    const row = await this.#db.selectFrom('hub_audit_head').select(['size', 'nodes']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { size: Number(row.size), nodes: JSON.parse(row.nodes) as string[] };
  }

  async appendAudit(entries: readonly AuditEntry[], head: AuditHead): Promise<void> {
    if (entries.length === 0) return;
    await this.#db.insertInto('hub_audit_entries').values(entries.map((e) => ({ ...e }))).execute();
    await this.#db.updateTable('hub_audit_head').set({ size: head.size, nodes: JSON.stringify(head.nodes), updated_at: entries[entries.length - 1]!.created_at }).where('id', '=', 1).execute();
  }

  readAudit(from: number, to: number): Promise<AuditEntry[]> {
    return this.#db.selectFrom('hub_audit_entries').selectAll().where('seq', '>=', from).where('seq', '<', to).orderBy('seq').execute();
  }
}
