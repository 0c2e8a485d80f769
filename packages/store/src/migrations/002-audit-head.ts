/**
 * The audit log's head: its size and the frontier of its Merkle tree in one row. Appenders lock this row
 * (on PostgreSQL a row lock, on SQLite the write lock every transaction takes), so writers on many
 * machines never take the same position, and the next root comes from the frontier without reading the log.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function auditHeadMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('size', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('nodes', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('audit_head').values({ id: 1, size: 0, nodes: '[]', updated_at: '' }).execute();
    },
  };
}
