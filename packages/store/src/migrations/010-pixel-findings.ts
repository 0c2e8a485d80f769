/**
 * Burned-in text: what OCR found in the pixels of each instance held for it (boxes and kinds, never the text,
 * which would be an identifier), and what was decided for each such instance: released as it is, redacted
 * (by the Clean Pixel Data option or by a reviewer's boxes), or rejected, with who decided, how the boxes
 * were found and whether OCR of the redacted pixels still found any identifier.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../schema.ts';

export function pixelFindingsMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('pixel_scans')
        .addColumn('source_key', 'text', (c) => c.primaryKey())
        .addColumn('study_key', 'text', (c) => c.notNull())
        .addColumn('engine', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('identifiers', 'integer', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('scanned_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pixel_scans_study').on('pixel_scans').columns(['study_key']).execute();

      await db.schema
        .createTable('pixel_decisions')
        .addColumn('source_key', 'text', (c) => c.primaryKey())
        .addColumn('study_key', 'text', (c) => c.notNull())
        .addColumn('item_id', 'integer')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('method', 'text')
        .addColumn('boxes', 'text', (c) => c.notNull())
        .addColumn('verified', 'integer')
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('output_sha256', 'text')
        .execute();
      await db.schema.createIndex('pixel_decisions_study').on('pixel_decisions').columns(['study_key']).execute();
    },
  };
}
