import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { startS3Server } from '@oncoatlas/testkit';
import { runBlobStoreContract } from './blob-store.contract.ts';
import { openBlobStore } from './open-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

test('the S3 driver keeps the blob store contract against a real S3-compatible server (fauxqs)', async (t) => {
  const s3 = await startS3Server(t);
  if (!s3) return;
  await s3.createBucket('oncoatlas-contract');
  const opened: S3BlobStore[] = [];
  t.after(() => Promise.all(opened.map((s) => s.close())));
  let n = 0;
  await runBlobStoreContract(t, async () => {
    // A fresh prefix per case: the namespace starts empty without emptying the bucket.
    const store = new S3BlobStore({
      endpoint: s3.endpoint, region: s3.region, bucket: 'oncoatlas-contract', prefix: `case-${++n}`,
      accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true,
    });
    opened.push(store);
    return store;
  });
});

test('the S3 driver opens from an s3:// URL and reports failures without credentials', async (t) => {
  const s3 = await startS3Server(t);
  if (!s3) return;
  await s3.createBucket('from-url');
  const env = { AWS_ACCESS_KEY_ID: s3.accessKeyId, AWS_SECRET_ACCESS_KEY: s3.secretAccessKey };
  const store = openBlobStore(`s3://from-url/node-a?endpoint=${s3.endpoint}&region=${s3.region}`, env);
  t.after(() => store.close());
  await store.put('x/y', Buffer.from('via url'));
  assert.deepEqual((await store.list('')).keys, ['x/y']);
  assert.equal((await store.head('x/y'))?.sha256, createHash('sha256').update('via url').digest('hex'), 'the SHA-256 is kept as metadata');

  const noBucket = openBlobStore(`s3://no-such-bucket/p?endpoint=${s3.endpoint}`, env);
  t.after(() => noBucket.close());
  await assert.rejects(noBucket.put('k', Buffer.from('x')), (err: unknown) => {
    assert.ok(isOncoAtlasError(err, 'BLOB_UNAVAILABLE'), String(err));
    assert.ok(!err.message.includes(s3.secretAccessKey) && !err.message.includes(s3.accessKeyId));
    return true;
  });

  // A port nothing listens on: the server cannot be reached.
  const closed = new S3BlobStore({
    endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'b', accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey, forcePathStyle: true,
  });
  t.after(() => closed.close());
  await assert.rejects(closed.get('k'), (err: unknown) => {
    assert.ok(isOncoAtlasError(err, 'BLOB_UNAVAILABLE'), String(err));
    assert.ok(!err.message.includes(s3.secretAccessKey));
    return true;
  });
});
