/**
 * Where the pipeline's outputs and releases live: a local folder (the embedded default) or an S3-compatible
 * object store shared by workers on several machines (docs/storage.md). The interface is small on purpose:
 * what an output writer and a release need, nothing a driver cannot do atomically.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { oncoError } from '@oncoatlas/core';

/** A whole object in memory, or a stream of it (a Node Readable or any async iterable of bytes). */
export type BlobBody = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  readonly contentType?: string;
  /**
   * Keep an existing object instead of replacing it. An existing object with the same bytes counts as
   * success (`created: false`): keys are content-addressed, so a retried or duplicated job writes the same
   * bytes. An existing object with other bytes is BLOB_EXISTS. This is idempotence, not a lock: on an S3
   * server that ignores If-None-Match two racing writers may both "create"; who writes a key is decided by
   * the ledger (docs/storage.md).
   */
  readonly ifAbsent?: boolean;
}

export interface PutResult {
  /** False only when `ifAbsent` found the same bytes already stored. */
  readonly created: boolean;
  readonly size: number;
  /** Hex SHA-256 of the bytes written. */
  readonly sha256: string;
}

/** A byte range; `end` is exclusive (as in `Uint8Array.subarray`) and may pass the object's end. */
export interface ByteRange {
  readonly start?: number;
  readonly end?: number;
}

export interface BlobHead {
  readonly size: number;
  readonly etag?: string;
  /** Hex SHA-256, when the driver knows it without reading the object. */
  readonly sha256?: string;
}

export interface ListOptions {
  /** Only keys after this one (the `next` of the previous page). */
  readonly after?: string;
  /** At most this many keys (default and S3's ceiling: 1000); a page may hold fewer and still have a `next`. */
  readonly limit?: number;
}

export interface ListPage {
  /** Keys in lexicographic (byte) order. */
  readonly keys: readonly string[];
  /** Pass as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/**
 * @example
 * const blobs = openBlobStore(process.env.ONCOATLAS_STORAGE ?? join(dataDir, 'outputs'));
 * await blobs.put(`studies/${pseudoStudy}/${sopHash}.dcm`, bytes, { ifAbsent: true, contentType: 'application/dicom' });
 * for (let page = await blobs.list('studies/'); ; page = await blobs.list('studies/', { after: page.next })) {
 *   ...page.keys...
 *   if (!page.next) break;
 * }
 */
export interface BlobStore {
  /** For logs and reports: where objects go, without credentials. */
  readonly description: string;
  /** Writes a whole object atomically: a reader sees the old object, the new one, or none, never part of one. */
  put(key: string, body: BlobBody, options?: PutOptions): Promise<PutResult>;
  /** The whole object; BLOB_NOT_FOUND when there is none. */
  get(key: string): Promise<Uint8Array>;
  /** A stream of the object or of a range of it; BLOB_NOT_FOUND when there is none. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  head(key: string): Promise<BlobHead | null>;
  /** Keys starting with `prefix` (a plain string prefix, not necessarily a folder). */
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Copies an object to another key of the same store, atomically as `put`. */
  copy(from: string, to: string): Promise<void>;
  close(): Promise<void>;
}

export const MAX_KEY_BYTES = 1024;
export const DEFAULT_LIST_LIMIT = 1000;

/**
 * Throws BLOB_KEY_INVALID unless `key` is a relative `/`-separated path both drivers store under the same
 * name: no empty, `.` or `..` segment (a folder driver would leave its root), no backslash (a separator on
 * some file systems), no control character, at most 1024 UTF-8 bytes (S3's limit). The message says which
 * rule failed, never the key.
 */
export function assertValidKey(key: string): void {
  const fail = (why: string): never => {
    throw oncoError('BLOB_KEY_INVALID', `Invalid storage key: ${why}.`);
  };
  if (typeof key !== 'string' || key.length === 0) fail('it is empty');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) fail(`it is longer than ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith('/')) fail('it starts with /');
  if (/[\u0000-\u001f\u007f\\]/.test(key)) fail('it holds a control character or a backslash');
  for (const segment of key.split('/')) {
    if (segment === '') fail('it has an empty segment (// or a trailing /)');
    if (segment === '.' || segment === '..') fail('it has a . or .. segment');
  }
}

/** A prefix is a key in the making: it may be empty or end with `/`, nothing else. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  assertValidKey(prefix.endsWith('/') ? `${prefix}x` : prefix);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The body as a stream of byte chunks, whatever form it came in. */
export async function* chunksOf(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts);
}

/** SHA-256 of a stream, read to its end. */
export async function sha256OfStream(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

export function emptyStream(): Readable {
  return Readable.from([]);
}
