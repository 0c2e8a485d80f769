/**
 * The step every command that writes instances takes first (populate): the site secret's source path keys,
 * checked against what the ledger already holds, with the rows an older version left readable sealed.
 */
import { sql } from 'kysely';
import type { Store } from './open-store.ts';
import { SourcePathKeys } from './source-paths.ts';

/** Rows sealed per transaction: a kill -9 half-way leaves the rest readable for the next run, never a row half-done. */
const SEAL_BATCH = 500;

/**
 * Derives the keys of `secret`; SECRET_MISMATCH when the ledger's sealed paths were sealed under another
 * secret (the inventory would otherwise see every file as new and index it twice). Then seals the paths an
 * older version stored readable (see migration 005).
 *
 * @example
 * const paths = await openSourcePaths(store, settings.secret);
 */
export async function openSourcePaths(store: Store, secret: Uint8Array): Promise<SourcePathKeys> {
  const paths = SourcePathKeys.fromSiteSecret(secret);
  const sample = await store.db.selectFrom('instances').select(['source_key', 'source_sealed']).where('source_sealed', 'is not', null).limit(1).executeTakeFirst();
  if (sample) paths.open({ source_key: sample.source_key, source_sealed: sample.source_sealed! });
  await sealLegacySourcePaths(store, paths);
  return paths;
}

/** Seals the readable paths of rows an older version wrote; returns how many. */
export async function sealLegacySourcePaths(store: Store, paths: SourcePathKeys): Promise<number> {
  const legacy = (await store.db.selectFrom('instances').select('source_key').where('source_sealed', 'is', null).execute()).map((r) => r.source_key);
  if (legacy.length === 0) return 0;
  for (let i = 0; i < legacy.length; i += SEAL_BATCH) {
    await store.db.transaction().execute(async (trx) => {
      for (const path of legacy.slice(i, i + SEAL_BATCH)) {
        const sealed = paths.seal(path);
        await trx.updateTable('instances').set(sealed).where('source_key', '=', path).execute();
      }
    });
  }
  await compact(store);
  return legacy.length;
}

/**
 * An update leaves the old row's bytes in free pages (SQLite) or dead tuples (PostgreSQL) until they are
 * reused; rewriting the table drops them. On SQLite the WAL, which holds page images with the readable
 * paths, is then truncated. Copies made before (backups, PostgreSQL's WAL archive) are out of our reach:
 * docs/data-at-rest.md says so.
 */
async function compact(store: Store): Promise<void> {
  if (store.engine === 'sqlite') {
    await sql`vacuum`.execute(store.db);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
  } else {
    await sql`vacuum full instances`.execute(store.db);
  }
}
