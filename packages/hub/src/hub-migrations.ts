/**
 * The hub's schema, listed in code like the store's (never rename or edit a shipped migration: add the
 * next). Tables are prefixed `hub_` and the migration history has its own table, so a hub pointed at the
 * node's PostgreSQL database by mistake never touches the node's tables.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Engine } from '@oncoatlas/store';
import { hubAccessTables } from './access/access-migration.ts';
import { hubCatalogueTables } from './catalogue/catalogue-migration.ts';
import { hubJobTables } from './jobs/job-migration.ts';

function hubTables(engine: Engine): Migration {
  const big = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('hub_nodes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('joined_at', big, (c) => c.notNull())
        .addColumn('decided_at', big)
        .execute();
      await db.schema.createTable('hub_used_jtis')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createTable('hub_queries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('requester', 'text', (c) => c.notNull())
        .addColumn('targets', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('deadline_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createTable('hub_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('query_id', 'text', (c) => c.notNull().references('hub_queries.id'))
        .addColumn('node_id', 'text', (c) => c.notNull().references('hub_nodes.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('ttl_ms', 'integer', (c) => c.notNull())
        .addColumn('max_tries', 'integer', (c) => c.notNull())
        .addColumn('backoff_ms', 'integer', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('delivered_at', big)
        .addColumn('body', 'text')
        .addColumn('answered_at', big)
        .execute();
      await db.schema.createIndex('hub_tasks_by_node').on('hub_tasks').columns(['node_id', 'status']).execute();
      await db.schema.createIndex('hub_tasks_by_query').on('hub_tasks').column('query_id').execute();
      await db.schema.createTable('hub_budget_spends')
        .addColumn('query_id', 'text', (c) => c.primaryKey().references('hub_queries.id'))
        .addColumn('researcher', 'text', (c) => c.notNull())
        .addColumn('epsilon', engine === 'postgres' ? 'double precision' : 'real', (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_budget_by_researcher').on('hub_budget_spends').columns(['researcher', 'at']).execute();
      await db.schema.createTable('hub_audit_entries')
        .addColumn('seq', big, (c) => c.primaryKey())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('leaf_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createTable('hub_audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('size', big, (c) => c.notNull())
        .addColumn('nodes', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('hub_audit_head').values({ id: 1, size: 0, nodes: '[]', updated_at: '' }).execute();
    },
  };
}

export function hubMigrations(engine: Engine): MigrationProvider {
  return { getMigrations: async () => ({ '001-hub': hubTables(engine), '002-hub-catalogue': hubCatalogueTables(engine), '003-hub-access': hubAccessTables(engine), '004-hub-jobs': hubJobTables(engine) }) };
}
