/**
 * Governed access at the node: the agreements it has on file (a dataset is published only while those its
 * onboarding path requires are accepted and not expired), its access settings (that path, the hub's last
 * onboarding statement), and the access permits it issued and signed (revocable; the JWT is kept so the holder
 * can hand it out again and a check can compare it).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function accessMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('agreements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('filed_by', 'text', (c) => c.notNull())
        .addColumn('filed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('agreements_kind').on('agreements').columns(['kind', 'filed_at']).execute();

      await db.schema
        .createTable('node_access_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('permits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('researcher', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('dataset_uuid', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('actions', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('revoke_reason', 'text')
        .addColumn('jwt', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('permits_resource').on('permits').columns(['request_id', 'resource_id']).execute();
    },
  };
}
