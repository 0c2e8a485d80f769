/**
 * One object into S3, whole or in parts. Small objects are one PutObject; an object larger than a part is
 * a multipart upload (CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload on
 * failure). Both are atomic on every S3 server: the object appears only when PutObject or Complete returns.
 *
 * Written by hand rather than with @aws-sdk/lib-storage's Upload: that package is not installed in this
 * workspace, and the few calls below are all we need (bounded parts in flight, abort on any failure, the
 * If-None-Match header on the final call).
 */
import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';

/** 8 MiB: above S3's 5 MiB minimum part, and 10,000 parts of it hold 78 GiB. */
export const PART_SIZE = 8 * 1024 * 1024;
/** Parts uploaded at once: bounds memory (PART_SIZE x (this + 1)) while keeping the connection busy. */
const PARTS_IN_FLIGHT = 4;

export interface UploadTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  readonly contentType?: string;
  /** Sends If-None-Match: * so a server that honours it refuses to replace an existing object. */
  readonly ifNoneMatch?: boolean;
  /** SHA-256 known before the upload (a body in memory), stored as metadata so head() can return it. */
  readonly sha256?: string;
}

export interface UploadOutcome {
  readonly size: number;
  readonly sha256: string;
  /** The server refused with 412 (or 409 for a racing conditional write): an object exists under the key. */
  readonly preconditionFailed: boolean;
}

export async function uploadObject(target: UploadTarget, chunks: AsyncIterable<Uint8Array>): Promise<UploadOutcome> {
  const { client, bucket, key } = target;
  const hash = createHash('sha256');
  let size = 0;
  const parts = partsOf(chunks, PART_SIZE)[Symbol.asyncIterator]();
  const first = await parts.next();
  const second = first.done ? undefined : await parts.next();
  const ifNoneMatch = target.ifNoneMatch ? '*' : undefined;

  if (first.done || second === undefined || second.done) {
    const bytes = first.done ? new Uint8Array(0) : first.value;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      await client.send(new PutObjectCommand({
        Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length, ContentType: target.contentType,
        IfNoneMatch: ifNoneMatch, Metadata: { sha256 },
      }));
    } catch (err) {
      if (target.ifNoneMatch && isPreconditionFailure(err)) return { size: bytes.length, sha256, preconditionFailed: true };
      throw err;
    }
    return { size: bytes.length, sha256, preconditionFailed: false };
  }

  const created = await client.send(new CreateMultipartUploadCommand({
    Bucket: bucket, Key: key, ContentType: target.contentType,
    Metadata: target.sha256 === undefined ? undefined : { sha256: target.sha256 },
  }));
  const uploadId = created.UploadId!;
  const inFlight: Promise<CompletedPart>[] = [];
  const done: CompletedPart[] = [];
  let partNumber = 0;
  const send = (body: Uint8Array): void => {
    const number = ++partNumber;
    hash.update(body);
    size += body.length;
    const sent = client
      .send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body, ContentLength: body.length }))
      .then((r) => ({ PartNumber: number, ETag: r.ETag }));
    // Awaited below; the no-op handler only stops Node reporting a rejection that arrives before that.
    sent.catch(() => {});
    inFlight.push(sent);
  };
  try {
    send(first.value);
    send(second.value);
    for (let next = await parts.next(); !next.done; next = await parts.next()) {
      while (inFlight.length >= PARTS_IN_FLIGHT) done.push(await inFlight.shift()!);
      send(next.value);
    }
    while (inFlight.length > 0) done.push(await inFlight.shift()!);
    const sha256 = hash.digest('hex');
    try {
      await client.send(new CompleteMultipartUploadCommand({
        Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: done }, IfNoneMatch: ifNoneMatch,
      }));
    } catch (err) {
      if (target.ifNoneMatch && isPreconditionFailure(err)) {
        await abort(client, bucket, key, uploadId);
        return { size, sha256, preconditionFailed: true };
      }
      throw err;
    }
    return { size, sha256, preconditionFailed: false };
  } catch (err) {
    await Promise.allSettled(inFlight);
    await abort(client, bucket, key, uploadId);
    throw err;
  }
}

/** A failed abort leaves parts the bucket's lifecycle rule (AbortIncompleteMultipartUpload) cleans up. */
async function abort(client: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => {});
}

export function isPreconditionFailure(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return status === 412 || e?.name === 'PreconditionFailed' || (status === 409 && e?.name === 'ConditionalRequestConflict');
}

/** Re-cuts a stream into parts of exactly `size` bytes (the last one shorter), without copying big chunks. */
export async function* partsOf(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (let chunk of chunks) {
    while (pendingBytes + chunk.length >= size) {
      const take = size - pendingBytes;
      pending.push(chunk.subarray(0, take));
      yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      chunk = chunk.subarray(take);
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
  }
  if (pendingBytes > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
}
