/**
 * A blob store from one URL, as an operator writes it on a command line or in the environment:
 *
 * - `/srv/oncoatlas/outputs`, `./outputs` or `file:///srv/oncoatlas/outputs`: a folder (FolderBlobStore);
 * - `s3://bucket/optional/prefix?endpoint=http://127.0.0.1:9000&region=eu-west-3`: an S3-compatible store,
 *   with credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Path-style addressing is the default
 *   (what MinIO, Ceph RGW and appliances expect); `&pathStyle=false` for virtual-hosted AWS buckets, and
 *   `&checksums=when-supported` to let the SDK add CRC checksums to uploads (see S3BlobStoreOptions).
 *
 * Credentials are never read from the URL: a URL ends up in logs, shell history and process listings.
 */
import { fileURLToPath } from 'node:url';
import { oncoError } from '@oncoatlas/core';
import type { BlobStore } from './blob-store.ts';
import { FolderBlobStore } from './folder-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';

const S3_QUERY_KEYS = new Set(['endpoint', 'region', 'pathStyle', 'checksums']);

/**
 * @example
 * const blobs = openBlobStore(process.env.ONCOATLAS_STORAGE ?? join(dataDir, 'outputs'));
 */
export function openBlobStore(location: string, env: NodeJS.ProcessEnv = process.env): BlobStore {
  if (location.startsWith('s3://')) return openS3(location, env);
  if (location.startsWith('file://')) {
    try {
      return new FolderBlobStore(fileURLToPath(location));
    } catch (err) {
      throw oncoError('CONFIG_INVALID', 'The storage URL is not a valid file:// URL of a local folder.', {}, err);
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw oncoError('CONFIG_INVALID', 'The storage URL must be a folder path, a file:// URL or an s3:// URL.', { scheme: location.slice(0, location.indexOf(':')) });
  }
  if (location === '') throw oncoError('CONFIG_INVALID', 'The storage location is empty.');
  return new FolderBlobStore(location);
}

function openS3(location: string, env: NodeJS.ProcessEnv): S3BlobStore {
  let url: URL;
  try {
    url = new URL(location);
  } catch (err) {
    throw oncoError('CONFIG_INVALID', 'The s3:// storage URL is malformed.', {}, err);
  }
  if (url.username !== '' || url.password !== '') {
    throw oncoError('CONFIG_INVALID', 'The s3:// storage URL must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead.');
  }
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw oncoError('CONFIG_INVALID', 'The s3:// storage URL names no valid bucket (3 to 63 lower-case letters, digits, dots or hyphens).');
  }
  for (const name of url.searchParams.keys()) {
    if (!S3_QUERY_KEYS.has(name)) throw oncoError('CONFIG_INVALID', `Unknown option ${JSON.stringify(name)} in the s3:// storage URL.`, { known: [...S3_QUERY_KEYS].join(', ') });
  }
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/@]+\/?$/.test(endpoint)) {
    throw oncoError('CONFIG_INVALID', 'The endpoint of the s3:// storage URL must be http(s)://host[:port], without user, password or path.');
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw oncoError('CONFIG_INVALID', 'S3 storage needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment.');
  }
  const checksums = url.searchParams.get('checksums') ?? 'when-required';
  if (checksums !== 'when-required' && checksums !== 'when-supported') {
    throw oncoError('CONFIG_INVALID', 'checksums in the s3:// storage URL must be when-required or when-supported.');
  }
  return new S3BlobStore({
    endpoint,
    region: url.searchParams.get('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    bucket,
    prefix: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, ''),
    accessKeyId,
    secretAccessKey,
    forcePathStyle: url.searchParams.get('pathStyle') !== 'false',
    requestChecksumCalculation: checksums === 'when-supported' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
  });
}
