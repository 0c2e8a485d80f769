/**
 * Objects in an S3-compatible store (MinIO, Ceph RGW, NetApp StorageGRID, AWS S3...), for workers on
 * several machines that share one storage (docs/storage.md). Keys live under an optional prefix of one
 * bucket. Errors become BLOB_NOT_FOUND or BLOB_UNAVAILABLE whose messages name the operation and the S3
 * error code, never the credentials, the endpoint's user info or the key.
 */
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { OncoAtlasError, oncoError } from '@oncoatlas/core';
import {
  assertValidKey,
  assertValidPrefix,
  chunksOf,
  DEFAULT_LIST_LIMIT,
  emptyStream,
  sha256Hex,
  sha256OfStream,
  type BlobBody,
  type BlobHead,
  type BlobStore,
  type ByteRange,
  type ListOptions,
  type ListPage,
  type PutOptions,
  type PutResult,
} from './blob-store.ts';
import { uploadObject } from './s3-upload.ts';

export interface S3BlobStoreOptions {
  /** http(s)://host:port of the S3 API; omit for AWS itself. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** Keys are stored under `prefix/`; lets several nodes or environments share one bucket. */
  readonly prefix?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** http://host/bucket/key instead of http://bucket.host/key: what MinIO, Ceph and test servers expect. */
  readonly forcePathStyle?: boolean;
  /**
   * When the SDK adds CRC checksums to uploads. SDK v3 sends them on every PutObject/UploadPart by default
   * ('WHEN_SUPPORTED'), which older MinIO, Ceph RGW and several appliances reject or mishandle; the default
   * here is 'WHEN_REQUIRED' (only operations that demand one), which every S3-compatible server accepts.
   */
  readonly requestChecksumCalculation?: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';
}

/** CopyObject's ceiling; a larger object is copied by streaming it through put(). */
const MAX_SERVER_COPY = 5 * 1024 ** 3;

export class S3BlobStore implements BlobStore {
  readonly description: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3BlobStoreOptions) {
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (prefix !== '') assertValidKey(prefix);
    this.#prefix = prefix === '' ? '' : `${prefix}/`;
    this.#bucket = options.bucket;
    this.description = `s3 bucket ${options.bucket}${prefix === '' ? '' : ` under ${prefix}/`}${options.endpoint ? ` at ${safeEndpoint(options.endpoint)}` : ''}`;
    const checksums = options.requestChecksumCalculation ?? 'WHEN_REQUIRED';
    this.#client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: checksums,
      responseChecksumValidation: checksums,
    });
  }

  async put(key: string, body: BlobBody, options: PutOptions = {}): Promise<PutResult> {
    const full = this.#key(key);
    const known = body instanceof Uint8Array ? sha256Hex(body) : undefined;
    if (options.ifAbsent) {
      // Asked first because some S3-compatible servers (fauxqs, older MinIO and Ceph) ignore If-None-Match
      // and would silently replace the object. Between this HEAD and the PUT another writer may still
      // slip in: exclusivity is the ledger's job; content-addressed keys make such a race write equal bytes.
      const existing = await this.head(key);
      if (existing) {
        const ours = known ?? (await sha256OfStream(chunksOf(body)));
        return this.#keepExisting(key, existing, ours, existing.size);
      }
    }
    const outcome = await uploadObject(
      { client: this.#client, bucket: this.#bucket, key: full, contentType: options.contentType, ifNoneMatch: options.ifAbsent, sha256: known },
      chunksOf(body),
    ).catch((err: unknown) => { throw s3Failure(err, 'PutObject'); });
    if (outcome.preconditionFailed) {
      const existing = await this.head(key);
      if (!existing) throw oncoError('BLOB_UNAVAILABLE', 'S3 PutObject failed: the server refused a conditional write but holds no object.');
      return this.#keepExisting(key, existing, outcome.sha256, outcome.size);
    }
    return { created: true, size: outcome.size, sha256: outcome.sha256 };
  }

  async get(key: string): Promise<Uint8Array> {
    const r = await this.#client
      .send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }))
      .catch((err: unknown) => { throw s3Failure(err, 'GetObject'); });
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  async read(key: string, range: ByteRange = {}): Promise<Readable> {
    const full = this.#key(key);
    const start = range.start ?? 0;
    if (range.end !== undefined && range.end <= start) {
      if (!(await this.head(key))) throw notFound();
      return emptyStream();
    }
    const header = range.start === undefined && range.end === undefined ? undefined : `bytes=${start}-${range.end === undefined ? '' : range.end - 1}`;
    try {
      const r = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: full, Range: header }));
      return r.Body as unknown as Readable;
    } catch (err) {
      // 416: the range starts at or after the end; a file read there yields nothing, so does this.
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return emptyStream();
      throw s3Failure(err, 'GetObject');
    }
  }

  async head(key: string): Promise<BlobHead | null> {
    try {
      const r = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
      const sha256 = r.Metadata?.sha256;
      return {
        size: r.ContentLength ?? 0,
        ...(r.ETag ? { etag: r.ETag.replace(/^"|"$/g, '') } : {}),
        ...(sha256 && /^[0-9a-f]{64}$/.test(sha256) ? { sha256 } : {}),
      };
    } catch (err) {
      const failure = s3Failure(err, 'HeadObject');
      if (failure.code === 'BLOB_NOT_FOUND') return null;
      throw failure;
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    assertValidPrefix(prefix);
    if (options.after !== undefined) assertValidKey(options.after);
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIST_LIMIT, DEFAULT_LIST_LIMIT));
    // StartAfter (a key) rather than the opaque continuation token: both drivers page the same way, and a
    // page can be resumed from any key, e.g. after a restart.
    const r = await this.#client
      .send(new ListObjectsV2Command({
        Bucket: this.#bucket,
        Prefix: this.#prefix + prefix,
        StartAfter: options.after === undefined ? undefined : this.#prefix + options.after,
        MaxKeys: limit,
      }))
      .catch((err: unknown) => { throw s3Failure(err, 'ListObjectsV2'); });
    const keys = (r.Contents ?? []).map((c) => c.Key!.slice(this.#prefix.length));
    return r.IsTruncated && keys.length > 0 ? { keys, next: keys[keys.length - 1]! } : { keys };
  }

  async delete(key: string): Promise<void> {
    await this.#client
      .send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }))
      .catch((err: unknown) => {
        const failure = s3Failure(err, 'DeleteObject');
        if (failure.code !== 'BLOB_NOT_FOUND') throw failure;
      });
  }

  async copy(from: string, to: string): Promise<void> {
    const source = await this.head(from);
    if (!source) throw notFound();
    if (source.size > MAX_SERVER_COPY) {
      await this.put(to, await this.read(from));
      return;
    }
    const copySource = `${this.#bucket}/${this.#key(from).split('/').map(encodeURIComponent).join('/')}`;
    await this.#client
      .send(new CopyObjectCommand({ Bucket: this.#bucket, Key: this.#key(to), CopySource: copySource }))
      .catch((err: unknown) => { throw s3Failure(err, 'CopyObject'); });
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  #key(key: string): string {
    assertValidKey(key);
    return this.#prefix + key;
  }

  async #keepExisting(key: string, existing: BlobHead, ours: string, size: number): Promise<PutResult> {
    const theirs = existing.sha256 ?? (await sha256OfStream(await this.read(key)));
    if (theirs !== ours) throw oncoError('BLOB_EXISTS', 'An object with other content already exists under that key.');
    return { created: false, size, sha256: ours };
  }
}

function notFound(): OncoAtlasError {
  return oncoError('BLOB_NOT_FOUND', 'No object with that key in the S3 bucket.');
}

/** The endpoint without user info, path or query: what a log line may show. */
function safeEndpoint(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'an invalid endpoint';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * An SDK error as BLOB_NOT_FOUND or BLOB_UNAVAILABLE. The SDK's own message is not carried over: for a
 * signature mismatch a server may echo the canonical request, which names the access key.
 */
export function s3Failure(err: unknown, operation: string): OncoAtlasError {
  if (err instanceof OncoAtlasError) return err;
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  const name = typeof e?.name === 'string' && /^[A-Za-z0-9]{1,64}$/.test(e.name) ? e.name : 'Error';
  const details = { operation, status, s3Code: name };
  if (name === 'NoSuchBucket') return oncoError('BLOB_UNAVAILABLE', `S3 ${operation} failed: the bucket does not exist.`, details, err);
  if (status === 404 || name === 'NoSuchKey' || name === 'NotFound') return oncoError('BLOB_NOT_FOUND', 'No object with that key in the S3 bucket.', details, err);
  if (status === 401 || status === 403) return oncoError('BLOB_UNAVAILABLE', `S3 ${operation} failed: the server refused the credentials (${name}).`, details, err);
  if (e?.code !== undefined && NETWORK_CODES.has(e.code)) {
    return oncoError('BLOB_UNAVAILABLE', `S3 ${operation} failed: the server could not be reached (${e.code}).`, details, err);
  }
  return oncoError('BLOB_UNAVAILABLE', `S3 ${operation} failed: ${name}${status === undefined ? '' : ` (HTTP ${status})`}.`, details, err);
}
