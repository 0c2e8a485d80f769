import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { createTestDatabase } from '@oncoatlas/testkit';
import { advisoryKey } from './advisory-lock.ts';
import { acquireWriterLock } from './writer-lock.ts';

const suite = 'writer lock on PostgreSQL';
const database = await createTestDatabase(suite);

test(`${suite}: the key is fixed per database name and differs between databases`, () => {
  assert.equal(advisoryKey('atlas'), advisoryKey('atlas'));
  assert.notEqual(advisoryKey('atlas'), advisoryKey('atlas2'));
});

if (database !== undefined) {
  test(`${suite}: one holder at a time, named with command, pid, host and since; free again once released`, async () => {
    const dataDir = '/nonexistent-data-dir-is-not-touched-on-postgres';
    const first = await acquireWriterLock({ dataDir, database, command: 'populate' });
    try {
      await assert.rejects(acquireWriterLock({ dataDir, database, command: 'serve: review decision' }), (err: unknown) => {
        assert.ok(isOncoAtlasError(err, 'DATA_DIR_LOCKED'));
        assert.match(err.message, new RegExp(`populate \\(pid ${process.pid} on ${hostname()}, since \\d{4}-`));
        assert.ok(!err.message.includes(new URL(database).password || '\0'), 'no password');
        return true;
      });
    } finally {
      await first.release();
    }
    const second = await acquireWriterLock({ dataDir, database, command: 'serve: review decision' });
    await second.release();
    await second.release();
  });
}
