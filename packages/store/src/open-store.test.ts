import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { isOncoAtlasError } from '@oncoatlas/core';
import { resolveDatabaseTarget } from './database-target.ts';
import { openStore } from './open-store.ts';

const root = await mkdtemp(join(tmpdir(), 'oncoatlas-open-store-'));
after(() => rm(root, { recursive: true, force: true }));

/** A loopback port nobody listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('resolveDatabaseTarget', () => {
  test('reads every accepted form', () => {
    assert.deepEqual(resolveDatabaseTarget({ database: 'sqlite:/srv/atlas.sqlite' }), { engine: 'sqlite', path: '/srv/atlas.sqlite' });
    assert.deepEqual(resolveDatabaseTarget({ database: 'sqlite:///srv/atlas.sqlite' }), { engine: 'sqlite', path: '/srv/atlas.sqlite' });
    assert.deepEqual(resolveDatabaseTarget({ database: 'data/atlas.sqlite' }), { engine: 'sqlite', path: resolve('data/atlas.sqlite') });
    assert.deepEqual(resolveDatabaseTarget({ dataDir: '/srv/node' }), { engine: 'sqlite', path: '/srv/node/atlas.sqlite', createDir: '/srv/node' });
    const url = 'postgresql://atlas:pw@db.example:6543/atlas';
    assert.deepEqual(resolveDatabaseTarget({ database: url, dataDir: '/ignored' }), { engine: 'postgres', url, host: 'db.example', port: 6543, database: 'atlas' });
    assert.deepEqual(resolveDatabaseTarget({ database: 'postgres://atlas@db' }), { engine: 'postgres', url: 'postgres://atlas@db', host: 'db', port: 5432, database: 'atlas' });
  });

  test('refuses an unknown scheme with the accepted forms and without the rest of the URL', () => {
    assert.throws(
      () => resolveDatabaseTarget({ database: 'mysql://root:hunter2@db/atlas' }),
      (err: unknown) =>
        isOncoAtlasError(err, 'CONFIG_INVALID') && /'mysql:'/.test(err.message) && /postgres:\/\//.test(err.message) &&
        /sqlite:/.test(err.message) && !err.message.includes('hunter2'),
    );
  });

  test('refuses no database at all, an empty sqlite: and an unparsable PostgreSQL URL', () => {
    assert.throws(() => resolveDatabaseTarget({}), (err: unknown) => isOncoAtlasError(err, 'CONFIG_INVALID'));
    assert.throws(() => resolveDatabaseTarget({ database: 'sqlite:' }), (err: unknown) => isOncoAtlasError(err, 'CONFIG_INVALID'));
    assert.throws(
      () => resolveDatabaseTarget({ database: 'postgres://u:hunter2@db:notaport/x' }),
      (err: unknown) => isOncoAtlasError(err, 'CONFIG_INVALID') && !err.message.includes('hunter2'),
    );
  });
});

describe('openStore on SQLite', () => {
  test('a new data directory is created, migrated and opened with our pragmas', async () => {
    const dataDir = join(root, 'new', 'node');
    // With no umask at all, so the modes below are ours and not the umask's.
    const umask = process.umask(0);
    const store = await openStore({ dataDir }).finally(() => process.umask(umask));
    try {
      assert.equal(store.engine, 'sqlite');
      assert.ok(existsSync(join(dataDir, 'atlas.sqlite')));
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(String(await pragma('journal_mode')).toLowerCase(), 'wal');
      assert.equal(await pragma('synchronous'), 1); // NORMAL
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 5000);
      // Owner-only whatever the umask: the folders made, the database and the files SQLite makes beside it.
      await store.db.insertInto('runs').values({ command: 'x', started_at: '', finished_at: null, status: 'running', options_json: '{}' }).execute();
      const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
      assert.deepEqual([join(root, 'new'), dataDir].map(mode), ['700', '700']);
      assert.deepEqual(['atlas.sqlite', 'atlas.sqlite-wal', 'atlas.sqlite-shm'].map((f) => mode(join(dataDir, f))), ['600', '600', '600']);
    } finally {
      await store.close();
      await store.close(); // closing twice is harmless
    }
  });

  test('a folder that does not exist is IO_FAILED naming the path', async () => {
    const path = join(root, 'missing', 'atlas.sqlite');
    await assert.rejects(openStore({ database: `sqlite:${path}` }), (err: unknown) => isOncoAtlasError(err, 'IO_FAILED') && err.message.includes(path) && /check/.test(err.message));
  });

  test('a file that is not a database is IO_FAILED', async () => {
    const path = join(root, 'not-a-database.sqlite');
    await writeFile(path, 'this is not SQLite '.repeat(100));
    await assert.rejects(openStore({ database: path }), (err: unknown) => isOncoAtlasError(err, 'IO_FAILED'));
  });
});

describe('openStore on PostgreSQL without a server', () => {
  test('is IO_FAILED naming host:port with a hint, and never shows the password', async () => {
    const port = await closedPort();
    const password = 'S3cret-pw_do-not-leak';
    const err: unknown = await openStore({ database: `postgres://atlas:${password}@127.0.0.1:${port}/atlas` }).then(
      () => assert.fail('opened a closed port'),
      (e: unknown) => e,
    );
    assert.ok(isOncoAtlasError(err, 'IO_FAILED'), inspect(err));
    assert.ok(err.message.includes(`127.0.0.1:${port}`), err.message);
    assert.match(err.message, /pg_isready/);
    // The whole error as a log would print it: message, details, stack and cause.
    assert.ok(!inspect(err, { depth: 10 }).includes(password));
    assert.ok(!JSON.stringify(err.details).includes(password));
  });
});
