/**
 * The bytes of uploaded documents (onboarding agreements, ethics approvals, DPIAs): one owner-only file per
 * content, named by its SHA-256, in `<hub dataDir>/documents/`. The database keeps who uploaded what when;
 * the same bytes uploaded twice are one file. Never logged, never sent by e-mail.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocumentSize, documentMediaType } from '@oncoatlas/access';
import { oncoError, privateDir, writePrivateFile } from '@oncoatlas/core';

export class DocumentStore {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'documents');
  }

  /** Checks and keeps the bytes; returns their SHA-256 (hex). */
  put(bytes: Uint8Array, mediaType: string): { sha256: string; size: number; mediaType: string } {
    const type = documentMediaType(mediaType);
    checkDocumentSize(bytes.byteLength);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    privateDir(this.#dir);
    const path = join(this.#dir, sha256);
    if (!existsSync(path)) writePrivateFile(path, bytes, { flush: true });
    return { sha256, size: bytes.byteLength, mediaType: type };
  }

  read(sha256: string): Buffer {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw oncoError('ACCESS_NOT_FOUND', 'No such document.');
    const path = join(this.#dir, sha256);
    if (!existsSync(path)) throw oncoError('ACCESS_NOT_FOUND', 'The document\'s bytes are not in the hub\'s data directory.');
    return readFileSync(path);
  }
}
