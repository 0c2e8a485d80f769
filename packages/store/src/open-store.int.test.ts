import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { isOncoAtlasError } from '@oncoatlas/core';
import { openStore } from './open-store.ts';
import { createTestDatabase } from '@oncoatlas/testkit';

const suite = 'openStore on PostgreSQL';
const database = await createTestDatabase(suite);
if (database !== undefined) {
  test(`${suite}: workers starting together on an empty database migrate it once`, async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => openStore({ database })));
    try {
      assert.deepEqual(stores.map((s) => s.engine), ['postgres', 'postgres', 'postgres', 'postgres']);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(stores[0]!.db);
      assert.deepEqual(rows.map((r) => r.name), ['001-ledger', '002-audit-head', '003-cdm-and-datasets', '004-catalogue-entries', '005-sealed-source-paths', '006-dataset-identities', '007-search-index', '008-access', '009-data-use', '010-pixel-findings']);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test(`${suite}: a database that does not exist is IO_FAILED, without the password`, async () => {
    const url = new URL(database);
    url.password = 'S3cret-pw_do-not-leak';
    url.pathname = '/oncoatlas_no_such_database';
    await assert.rejects(
      openStore({ database: url.toString() }),
      (err: unknown) => isOncoAtlasError(err, 'IO_FAILED') && err.message.includes('oncoatlas_no_such_database') && !err.message.includes('S3cret'),
    );
  });
}
