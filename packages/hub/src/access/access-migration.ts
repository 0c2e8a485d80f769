/**
 * The tables of governed access (onboarding, documents, reviews, requests, their resources, history,
 * messages, notifications), appended to the hub's migrations as `003-hub-access`. Document bytes are not in
 * the database: they are files named by their SHA-256 in the hub's data directory (document-store.ts).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '@oncoatlas/store';

export function hubAccessTables(engine: Engine): Migration {
  const big = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('hub_representatives')
        .addColumn('node_id', 'text', (c) => c.notNull().references('hub_nodes.id'))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('added_at', big, (c) => c.notNull())
        .addPrimaryKeyConstraint('hub_representatives_pk', ['node_id', 'actor'])
        .execute();
      await db.schema.createTable('hub_onboardings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('node_id', 'text', (c) => c.notNull().references('hub_nodes.id'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('organisation', 'text', (c) => c.notNull())
        .addColumn('contact_name', 'text', (c) => c.notNull())
        .addColumn('contact_email', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('decided_at', big)
        .execute();
      await db.schema.createIndex('hub_onboardings_by_node').on('hub_onboardings').columns(['node_id', 'status']).execute();
      await db.schema.createTable('hub_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('owner_type', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', big, (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', big, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('valid_until', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', big)
        .execute();
      await db.schema.createIndex('hub_documents_by_owner').on('hub_documents').columns(['owner_type', 'owner_id']).execute();
      await db.schema.createTable('hub_reviews')
        .addColumn('onboarding_id', 'text', (c) => c.notNull().references('hub_onboardings.id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('by', 'text', (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_reviews_by_onboarding').on('hub_reviews').column('onboarding_id').execute();
      await db.schema.createTable('hub_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('creator', 'text', (c) => c.notNull())
        .addColumn('creator_email', 'text')
        .addColumn('form', 'text', (c) => c.notNull())
        .addColumn('query', 'text')
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('updated_at', big, (c) => c.notNull())
        .addColumn('last_activity_at', big, (c) => c.notNull())
        .addColumn('reminded_at', big)
        .execute();
      await db.schema.createIndex('hub_requests_by_creator').on('hub_requests').column('creator').execute();
      await db.schema.createTable('hub_request_resources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('hub_requests.id'))
        .addColumn('node_id', 'text', (c) => c.notNull().references('hub_nodes.id'))
        .addColumn('dataset_uuid', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('conditions', 'text')
        .addColumn('permit_id', 'text')
        .addColumn('permit_jwt', 'text')
        .addColumn('permit_status', 'text')
        .addColumn('updated_at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_request_resources_by_request').on('hub_request_resources').column('request_id').execute();
      await db.schema.createIndex('hub_request_resources_by_node').on('hub_request_resources').column('node_id').execute();
      await db.schema.createTable('hub_transitions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text')
        .addColumn('resource_id', 'text')
        .addColumn('onboarding_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_transitions_by_request').on('hub_transitions').column('request_id').execute();
      await db.schema.createTable('hub_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('hub_requests.id'))
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('author_role', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('at', big, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_messages_by_request').on('hub_messages').column('request_id').execute();
      await db.schema.createTable('hub_notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('onboarding_id', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', big, (c) => c.notNull())
        .addColumn('read_at', big)
        .addColumn('email_to', 'text')
        .addColumn('email_status', 'text', (c) => c.notNull())
        .addColumn('email_attempts', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hub_notifications_by_recipient').on('hub_notifications').columns(['recipient', 'created_at']).execute();
      await db.schema.createIndex('hub_notifications_by_email').on('hub_notifications').column('email_status').execute();
    },
  };
}
