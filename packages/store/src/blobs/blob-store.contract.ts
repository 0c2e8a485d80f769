/**
 * What every BlobStore driver must do, run against each of them (blob-store.test.ts for folders,
 * blob-store.int.test.ts for S3 against a real S3-compatible server). `fresh` gives a store over an empty
 * namespace (a new folder, or a new prefix in the bucket) for each case.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isOncoAtlasError, type ErrorCode } from '@oncoatlas/core';
import { readAll, type BlobStore } from './blob-store.ts';

const MiB = 1024 * 1024;

export async function runBlobStoreContract(t: TestContext, fresh: () => Promise<BlobStore>): Promise<void> {
  await t.test('put then get returns the same bytes: empty, small, and 20 MiB (multipart on S3)', async () => {
    const store = await fresh();
    const big = randomBytes(20 * MiB);
    for (const [key, bytes] of [['empty', new Uint8Array(0)], ['small.txt', Buffer.from('hello blob')], ['big/object.bin', big]] as const) {
      const put = await store.put(key, bytes, { contentType: 'application/octet-stream' });
      assert.deepEqual(put, { created: true, size: bytes.length, sha256: sha256(bytes) });
      assert.ok(Buffer.from(await store.get(key)).equals(bytes), key);
      assert.equal((await store.head(key))?.size, bytes.length, key);
    }
    // The same 20 MiB as a stream of odd-sized chunks, so parts are re-cut from pieces.
    const streamed = await store.put('big/streamed.bin', Readable.from(chunked(big, 3 * MiB + 17)));
    assert.equal(streamed.sha256, sha256(big));
    assert.ok(Buffer.from(await store.get('big/streamed.bin')).equals(big));
    assert.equal(sha256(await readAll(await store.read('big/streamed.bin'))), sha256(big));
    const head = await store.head('small.txt');
    if (head?.sha256 !== undefined) assert.equal(head.sha256, sha256(Buffer.from('hello blob')));
  });

  await t.test('range reads return exactly the bytes asked for', async () => {
    const store = await fresh();
    const bytes = randomBytes(100_000);
    await store.put('r/obj', bytes);
    const range = async (start?: number, end?: number): Promise<Buffer> => readAll(await store.read('r/obj', { start, end }));
    assert.ok((await range()).equals(bytes));
    assert.ok((await range(10, 20)).equals(bytes.subarray(10, 20)));
    assert.ok((await range(99_990)).equals(bytes.subarray(99_990)));
    assert.ok((await range(undefined, 5)).equals(bytes.subarray(0, 5)));
    assert.ok((await range(99_000, 200_000)).equals(bytes.subarray(99_000)), 'an end past the object stops at its end');
    assert.equal((await range(50, 50)).length, 0);
    assert.equal((await range(100_000)).length, 0, 'a start at the end reads nothing');
  });

  await t.test('head says null for a missing object and the size of a present one', async () => {
    const store = await fresh();
    assert.equal(await store.head('nothing/here'), null);
    await store.put('some/thing', Buffer.alloc(1234, 7));
    const head = await store.head('some/thing');
    assert.equal(head?.size, 1234);
    assert.equal(await store.head('some'), null, 'a folder-like prefix is no object');
  });

  await t.test('list pages through keys in byte order, with a prefix, past one page', async () => {
    const store = await fresh();
    const keys = Array.from({ length: 1050 }, (_, i) => `many/${String(i).padStart(5, '0')}`);
    await inBatches(keys, 32, (k) => store.put(k, Buffer.from(k)));
    const first = await store.list('many/', { limit: 1000 });
    assert.equal(first.keys.length, 1000);
    assert.equal(first.next, keys[999]);
    const second = await store.list('many/', { limit: 1000, after: first.next });
    assert.deepEqual([...first.keys, ...second.keys], keys);
    assert.equal(second.next, undefined);
    assert.deepEqual((await store.list('many/0104')).keys, keys.slice(1040, 1050), 'a prefix need not end at a /');

    // No key is a folder of another ('a' with 'a/b'): S3 allows that, the folder store cannot.
    const mixed = ['a-b', 'a/b', 'a/c/d', 'a0', 'ab', 'b', 'caf\u00e9'];
    await inBatches(mixed, 8, (k) => store.put(k, Buffer.from(k)));
    const all: string[] = [];
    for (let page = await store.list('', { limit: 3 }); ; page = await store.list('', { limit: 3, after: page.next })) {
      assert.ok(page.keys.length <= 3);
      all.push(...page.keys);
      if (!page.next) break;
    }
    assert.deepEqual(all, [...mixed, ...keys].sort(byteOrder));
    assert.deepEqual((await store.list('a/')).keys, ['a/b', 'a/c/d']);
    assert.deepEqual((await store.list('a')).keys, ['a-b', 'a/b', 'a/c/d', 'a0', 'ab']);
    assert.deepEqual((await store.list('zzz/')).keys, []);
  });

  await t.test('delete removes an object and deleting a missing one is no error', async () => {
    const store = await fresh();
    await store.put('d/x', Buffer.from('x'));
    await store.delete('d/x');
    await store.delete('d/x');
    await store.delete('never/was');
    assert.equal(await store.head('d/x'), null);
    await expectCode(store.get('d/x'), 'BLOB_NOT_FOUND');
    assert.deepEqual((await store.list('d/')).keys, []);
  });

  await t.test('keys that are not relative /-separated paths are refused with BLOB_KEY_INVALID', async () => {
    const store = await fresh();
    const bad = ['', '/abs', 'a//b', 'trailing/', 'a/../b', '..', './a', 'a/.', 'back\\slash', 'nul\u0000', 'tab\there', 'x'.repeat(1025)];
    for (const key of bad) {
      await expectCode(store.put(key, Buffer.from('x')), 'BLOB_KEY_INVALID', key);
      await expectCode(store.get(key), 'BLOB_KEY_INVALID', key);
      await expectCode(store.head(key), 'BLOB_KEY_INVALID', key);
      await expectCode(store.delete(key), 'BLOB_KEY_INVALID', key);
    }
    await expectCode(store.list('../'), 'BLOB_KEY_INVALID');
    await store.put('ok/caf\u00e9 %20 (1).dcm', Buffer.from('fine'));
    assert.equal(Buffer.from(await store.get('ok/caf\u00e9 %20 (1).dcm')).toString(), 'fine');
  });

  await t.test('an overwrite is atomic: a reader sees the whole old or the whole new object', async () => {
    const store = await fresh();
    const before = randomBytes(9 * MiB);
    const after = randomBytes(9 * MiB);
    await store.put('atomic', before);
    let writing = true;
    const write = store.put('atomic', Readable.from(slowly(after, 24))).finally(() => { writing = false; });
    let readsDuring = 0;
    while (writing) {
      const seen = Buffer.from(await store.get('atomic'));
      assert.ok(seen.equals(before) || seen.equals(after), `a read saw ${seen.length} bytes of neither version`);
      if (writing) readsDuring++;
    }
    await write;
    assert.ok(readsDuring > 0, 'the reader ran while the write was going on');
    assert.ok(Buffer.from(await store.get('atomic')).equals(after));
  });

  await t.test('ifAbsent keeps an existing object: the same bytes are success, other bytes BLOB_EXISTS', async () => {
    const store = await fresh();
    const bytes = Buffer.from('content-addressed');
    assert.equal((await store.put('once', bytes, { ifAbsent: true })).created, true);
    const again = await store.put('once', Buffer.from(bytes), { ifAbsent: true });
    assert.deepEqual(again, { created: false, size: bytes.length, sha256: sha256(bytes) });
    assert.equal((await store.put('once', Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), { ifAbsent: true })).created, false);
    await expectCode(store.put('once', Buffer.from('other content'), { ifAbsent: true }), 'BLOB_EXISTS');
    await expectCode(store.put('once', Readable.from([Buffer.from('other')]), { ifAbsent: true }), 'BLOB_EXISTS');
    assert.ok(Buffer.from(await store.get('once')).equals(bytes), 'the refused write changed nothing');
    const big = randomBytes(10 * MiB);
    assert.equal((await store.put('big-once', Readable.from(chunked(big, MiB)), { ifAbsent: true })).created, true);
    assert.equal((await store.put('big-once', Readable.from(chunked(big, MiB)), { ifAbsent: true })).created, false);
    assert.equal((await store.put('big-once', big, { ifAbsent: true })).created, false);
  });

  await t.test('concurrent puts of one key end with one whole object', async () => {
    const store = await fresh();
    const versions = Array.from({ length: 8 }, () => randomBytes(MiB + 123));
    await Promise.all(versions.map((v, i) => store.put('contended', i % 2 === 0 ? v : Readable.from(chunked(v, 64 * 1024)))));
    const final = Buffer.from(await store.get('contended'));
    assert.ok(versions.some((v) => v.equals(final)), 'the stored object is one of the versions, whole');
    const same = randomBytes(2 * MiB);
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put('same', same, { ifAbsent: true })));
    assert.ok(results.some((r) => r.created));
    assert.ok(Buffer.from(await store.get('same')).equals(same));
    assert.deepEqual((await store.list('')).keys, ['contended', 'same']);
  });

  await t.test('reading a missing object is BLOB_NOT_FOUND', async () => {
    const store = await fresh();
    await expectCode(store.get('missing'), 'BLOB_NOT_FOUND');
    await expectCode(store.read('missing'), 'BLOB_NOT_FOUND');
    await expectCode(store.read('missing/deeper', { start: 1, end: 2 }), 'BLOB_NOT_FOUND');
    await expectCode(store.copy('missing', 'elsewhere'), 'BLOB_NOT_FOUND');
    await store.put('folder/file', Buffer.from('x'));
    await expectCode(store.get('folder'), 'BLOB_NOT_FOUND');
  });

  await t.test('copy makes an independent object with the same bytes', async () => {
    const store = await fresh();
    const bytes = randomBytes(3000);
    await store.put('from/a', bytes);
    await store.copy('from/a', 'to/b');
    await store.put('from/a', Buffer.from('changed'));
    assert.ok(Buffer.from(await store.get('to/b')).equals(bytes));
    assert.equal((await store.head('to/b'))?.size, 3000);
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The bytes in `pieces` chunks with a pause between them, so readers have time to look mid-write. */
async function* slowly(bytes: Uint8Array, pieces: number): AsyncGenerator<Uint8Array> {
  const size = Math.ceil(bytes.length / pieces);
  for (const piece of chunked(bytes, size)) {
    yield piece;
    await sleep(10);
  }
}

async function inBatches<T>(items: readonly T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < items.length; at += width) await Promise.all(items.slice(at, at + width).map(fn));
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode, label?: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isOncoAtlasError(err, code), `${label === undefined ? '' : `${JSON.stringify(label)}: `}expected ${code}, got ${String(err)}`);
    return true;
  });
}
