import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { runBlobStoreContract } from './blob-store.contract.ts';
import { FolderBlobStore } from './folder-blob-store.ts';
import { openBlobStore } from './open-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

const base = mkdtempSync(join(tmpdir(), 'oncoatlas-blobs-'));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshFolder = (): string => join(base, `store-${++n}`);

test('the folder driver keeps the blob store contract', async (t) => {
  await runBlobStoreContract(t, async () => new FolderBlobStore(freshFolder()));
});

test('the folder driver writes files 0600 in folders 0700 and hides its temporary folder', async () => {
  const root = freshFolder();
  const store = new FolderBlobStore(root);
  await store.put('a/b/c.dcm', Buffer.from('x'));
  await store.put('top', Buffer.from('y'), { ifAbsent: true });
  for (const dir of [root, join(root, 'a'), join(root, 'a', 'b'), join(root, '.blob-tmp')]) assert.equal(statSync(dir).mode & 0o777, 0o700, dir);
  for (const file of [join(root, 'a', 'b', 'c.dcm'), join(root, 'top')]) assert.equal(statSync(file).mode & 0o777, 0o600, file);
  assert.deepEqual((await store.list('')).keys, ['a/b/c.dcm', 'top']);
  await assert.rejects(store.put('.blob-tmp/x', Buffer.from('x')), (e: unknown) => isOncoAtlasError(e, 'BLOB_KEY_INVALID'));
});

test('the folder driver refuses a key that collides with a folder of another key', async () => {
  const store = new FolderBlobStore(freshFolder());
  await store.put('a/b', Buffer.from('x'));
  await assert.rejects(store.put('a', Buffer.from('y')), (e: unknown) => isOncoAtlasError(e, 'BLOB_KEY_INVALID'));
  await assert.rejects(store.put('a/b/c', Buffer.from('y')), (e: unknown) => isOncoAtlasError(e, 'BLOB_KEY_INVALID'));
  assert.deepEqual((await store.list('')).keys, ['a/b']);
});

test('the folder driver lists keys in UTF-8 byte order, as S3 does', async () => {
  const root = freshFolder();
  const store = new FolderBlobStore(root);
  // U+FFFD sorts before U+1F600 by bytes (EF.. < F0..) but after it by UTF-16 units (FFFD > D83D).
  for (const key of ['\u{1F600}', '\uFFFD', 'z']) await store.put(key, Buffer.from(key));
  writeFileSync(join(root, 'made-by-hand'), 'files put there by other means are listed too');
  assert.deepEqual((await store.list('')).keys, ['made-by-hand', 'z', '\uFFFD', '\u{1F600}']);
});

test('openBlobStore opens folders from paths and file URLs, S3 from s3:// URLs with credentials from the environment', async () => {
  const root = freshFolder();
  assert.ok(openBlobStore(root) instanceof FolderBlobStore);
  const fromUrl = openBlobStore(`file://${root}`);
  assert.ok(fromUrl instanceof FolderBlobStore && fromUrl.root === root);
  const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI-secret' };
  const s3 = openBlobStore('s3://oncoatlas-out/node-1/outputs?endpoint=http://127.0.0.1:9000&region=eu-west-3', env);
  assert.ok(s3 instanceof S3BlobStore);
  assert.equal(s3.description, 's3 bucket oncoatlas-out under node-1/outputs/ at http://127.0.0.1:9000');
  await s3.close();
  const refused = (url: string, e: NodeJS.ProcessEnv = env): void => {
    assert.throws(() => openBlobStore(url, e), (err: unknown) => {
      assert.ok(isOncoAtlasError(err, 'CONFIG_INVALID'), url);
      assert.ok(!err.message.includes('wJalr') && !err.message.includes('AKIDEXAMPLE'), 'no credential in the message');
      return true;
    });
  };
  refused('s3://oncoatlas-out/x', {});
  refused('s3://AKIDEXAMPLE:wJalrXUtnFEMI-secret@bucket/x');
  refused('s3://bucket/x?endpoint=http://user:pw@127.0.0.1:9000');
  refused('s3://bucket/x?endpont=http://127.0.0.1:9000');
  refused('s3://bucket?checksums=always');
  refused('s3://b/x');
  refused('ftp://host/path');
  refused('');
});
