import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { openSourcePaths } from './open-source-paths.ts';
import { openStore } from './open-store.ts';
import { SourcePathKeys } from './source-paths.ts';

const secret = new TextEncoder().encode('a site secret for the source path tests');
const PATH = '/exports/2023/GARCIA LOPEZ^MARIA 10000064/20200712_E197936642/S1/IM0001';

test('a path seals and opens under the same secret only, and its key is stable', () => {
  const keys = SourcePathKeys.fromSiteSecret(secret);
  const a = keys.seal(PATH);
  const b = SourcePathKeys.fromSiteSecret(secret).seal(PATH);
  assert.match(a.source_key, /^[0-9a-f]{64}$/);
  assert.equal(a.source_key, b.source_key, 'the same path gives the same key in every run');
  assert.notEqual(a.source_sealed, b.source_sealed, 'a fresh nonce per seal');
  assert.equal(keys.open(b), PATH);
  assert.ok(!a.source_sealed.includes('GARCIA') && !Buffer.from(a.source_sealed.slice(3), 'base64').includes('GARCIA'));
  const other = SourcePathKeys.fromSiteSecret(new TextEncoder().encode('another site secret of the same node'));
  assert.notEqual(other.keyOf(PATH), a.source_key);
  const refused = (err: unknown): boolean => isOncoAtlasError(err, 'SECRET_MISMATCH') && !err.message.includes('GARCIA');
  assert.throws(() => other.open(a), refused);
  // A sealed path copied onto another row does not open there.
  assert.throws(() => keys.open({ source_key: keys.keyOf('/exports/other/IM1'), source_sealed: a.source_sealed }), refused);
  assert.throws(() => keys.open({ source_key: a.source_key, source_sealed: 'v1:AAAA' }), refused);
});

test('sealing a ledger an older version wrote leaves no readable path in the SQLite files', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'oncoatlas-source-paths-'));
  after(() => rm(dataDir, { recursive: true, force: true }));
  const bytes = (): Buffer => Buffer.concat(['atlas.sqlite', 'atlas.sqlite-wal'].map((f) => join(dataDir, f)).filter(existsSync).map((f) => readFileSync(f)));
  const folders = Array.from({ length: 300 }, (_, i) => `GARCIA LOPEZ^MARIA ${10_000_000 + i}`);
  let store = await openStore({ dataDir });
  // What a ledger before migration 005 held: the readable path as the key, nothing sealed.
  await store.db.insertInto('instances')
    .values(folders.map((f) => ({ source_key: `/exports/${f}/IM1`, source_sealed: null, size: 1, status: 'indexed' as const, updated_at: '' })))
    .execute();
  await store.close();
  assert.ok(bytes().includes(folders[0]!), 'the old rows are readable in the file (the check below can fail)');

  store = await openStore({ dataDir });
  const keys = await openSourcePaths(store, secret);
  const rows = await store.db.selectFrom('instances').select(['source_key', 'source_sealed']).execute();
  assert.deepEqual(rows.map((r) => keys.open({ source_key: r.source_key, source_sealed: r.source_sealed! })).sort(), folders.map((f) => `/exports/${f}/IM1`).sort());
  await store.close();
  const sealed = bytes();
  for (const f of folders) assert.ok(!sealed.includes(f), 'no folder name is left in the database or its WAL');
});
