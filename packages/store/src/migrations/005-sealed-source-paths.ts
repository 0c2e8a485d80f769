/**
 * Instances are keyed by a keyed hash of their source path and carry the path sealed, instead of the readable
 * path (see source-paths.ts for why and how). A migration has no site secret, so it only renames the key
 * column and adds the sealed one: rows an older version wrote keep their readable path in `source_key` with
 * `source_sealed` null until the next `populate`, which has the secret, seals them (sealLegacySourcePaths).
 * Renaming keeps the primary key and its index on both engines without copying the table.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function sealedSourcePathsMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // One change per statement: SQLite's ALTER TABLE takes one.
      await db.schema.alterTable('instances').renameColumn('source_path', 'source_key').execute();
      await db.schema.alterTable('instances').addColumn('source_sealed', 'text').execute();
    },
  };
}
