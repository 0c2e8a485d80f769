/**
 * The embedded default: objects are plain files under one folder, at the path their key names, so an
 * operator can browse the outputs with a file manager. A write goes to a temporary file in the folder's own
 * `.blob-tmp` (same file system, so the final rename is atomic) and is renamed into place; readers never see
 * a partial file. Folders are 0700 and files 0600, as everything OncoAtlas keeps at rest.
 */
import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { link, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { normalizeError, oncoError, PRIVATE_FILE_MODE, privateDir } from '@oncoatlas/core';
import {
  assertValidKey,
  assertValidPrefix,
  chunksOf,
  DEFAULT_LIST_LIMIT,
  emptyStream,
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

/** Reserved first segment: the temporary files of writes in progress. */
const TMP_DIR = '.blob-tmp';

export interface FolderBlobStoreOptions {
  /** fsync each object before it is renamed into place, so it survives a power cut (slower). Default false. */
  readonly durable?: boolean;
}

export class FolderBlobStore implements BlobStore {
  readonly root: string;
  readonly description: string;
  readonly #durable: boolean;
  #tmpReady = false;

  constructor(root: string, options: FolderBlobStoreOptions = {}) {
    this.root = resolve(root);
    this.description = `folder ${this.root}`;
    this.#durable = options.durable ?? false;
  }

  async put(key: string, body: BlobBody, options: PutOptions = {}): Promise<PutResult> {
    const target = this.#path(key);
    if (!this.#tmpReady) {
      privateDir(join(this.root, TMP_DIR));
      this.#tmpReady = true;
    }
    const tmp = join(this.root, TMP_DIR, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let placed = false;
    try {
      const fh = await open(tmp, 'wx', PRIVATE_FILE_MODE);
      try {
        for await (const chunk of chunksOf(body)) {
          hash.update(chunk);
          size += chunk.length;
          await writeWhole(fh, chunk);
        }
        if (this.#durable) await fh.sync();
      } finally {
        await fh.close();
      }
      const sha256 = hash.digest('hex');
      try {
        privateDir(dirname(target));
      } catch (err) {
        throw mapCollision(err);
      }
      if (!options.ifAbsent) {
        await rename(tmp, target).catch((err: unknown) => { throw mapCollision(err); });
        placed = true;
        return { created: true, size, sha256 };
      }
      // link() fails with EEXIST when the key exists: unlike rename, it never replaces, so of two writers
      // exactly one creates the object and the other compares bytes.
      try {
        await link(tmp, target);
        return { created: true, size, sha256 };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw mapCollision(err);
      }
      if ((await this.head(key)) === null) throw mapCollision(Object.assign(new Error('a folder'), { code: 'EISDIR' }));
      if ((await sha256OfStream(await this.read(key))) !== sha256) {
        throw oncoError('BLOB_EXISTS', 'An object with other content already exists under that key.');
      }
      return { created: false, size, sha256 };
    } catch (err) {
      // A system error (ENOSPC, EACCES) says its code, never the path; the caller's own errors pass through.
      throw normalizeError(err);
    } finally {
      if (!placed) await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const path = this.#path(key);
    return readFile(path).catch((err: unknown) => { throw mapMissing(err); });
  }

  async read(key: string, range: ByteRange = {}): Promise<Readable> {
    const path = this.#path(key);
    const fh = await open(path, 'r').catch((err: unknown) => { throw mapMissing(err); });
    if ((await fh.stat()).isDirectory()) {
      await fh.close();
      throw mapMissing(Object.assign(new Error('is a folder'), { code: 'EISDIR' }));
    }
    const start = range.start ?? 0;
    if (range.end !== undefined && range.end <= start) {
      await fh.close();
      return emptyStream();
    }
    // createReadStream's `end` is inclusive.
    return fh.createReadStream({ start, end: range.end === undefined ? undefined : range.end - 1, autoClose: true });
  }

  async head(key: string): Promise<BlobHead | null> {
    const path = this.#path(key);
    try {
      const s = await stat(path, { bigint: true });
      if (!s.isFile()) return null;
      return { size: Number(s.size), etag: `${s.size.toString(16)}-${s.mtimeNs.toString(16)}` };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw normalizeError(err);
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    assertValidPrefix(prefix);
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIST_LIMIT, DEFAULT_LIST_LIMIT));
    const after = options.after ?? '';
    if (prefix === TMP_DIR || prefix.startsWith(`${TMP_DIR}/`)) return { keys: [] };
    const keys: string[] = [];
    // Start at the deepest folder the prefix names entirely; the rest of it filters names.
    const startDir = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    await this.#walk(startDir, prefix, after, keys, limit + 1);
    if (keys.length <= limit) return { keys };
    keys.length = limit;
    return { keys, next: keys[limit - 1]! };
  }

  async delete(key: string): Promise<void> {
    const path = this.#path(key);
    // Empty parent folders stay: removing them would race a put into the same folder.
    await rm(path, { force: true }).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw mapCollision(err);
    });
  }

  async copy(from: string, to: string): Promise<void> {
    await this.put(to, await this.read(from));
  }

  async close(): Promise<void> {}

  #path(key: string): string {
    assertValidKey(key);
    if (key === TMP_DIR || key.startsWith(`${TMP_DIR}/`)) {
      throw oncoError('BLOB_KEY_INVALID', `Invalid storage key: ${TMP_DIR} is reserved by the folder store.`);
    }
    return join(this.root, key);
  }

  /**
   * Depth-first in byte order of keys: a folder sorts as its name plus `/`, which is where all its keys
   * fall among its siblings, so the walk yields keys already sorted and can stop after `want` of them.
   * Folders wholly before `after` or outside `prefix` are not read.
   */
  async #walk(dir: string, prefix: string, after: string, out: string[], want: number): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.root, dir), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw normalizeError(err);
    }
    const items = entries
      .filter((e) => (e.isFile() || e.isDirectory()) && !(dir === '' && e.name === TMP_DIR))
      .map((e) => ({ name: e.isDirectory() ? `${dir}${e.name}/` : `${dir}${e.name}`, folder: e.isDirectory() }))
      .sort((a, b) => byteOrder(a.name, b.name));
    for (const item of items) {
      if (out.length >= want) return;
      if (item.folder) {
        if (!item.name.startsWith(prefix) && !prefix.startsWith(item.name)) continue;
        if (after !== '' && byteOrder(item.name, after) < 0 && !after.startsWith(item.name)) continue;
        await this.#walk(item.name, prefix, after, out, want);
      } else if (item.name.startsWith(prefix) && (after === '' || byteOrder(item.name, after) > 0)) {
        out.push(item.name);
      }
    }
  }
}

/** S3 orders keys by their UTF-8 bytes; JavaScript's < compares UTF-16 units, which differs above U+D7FF. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function writeWhole(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

function mapMissing(err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
    return oncoError('BLOB_NOT_FOUND', 'No object with that key in the folder store.');
  }
  return normalizeError(err);
}

/** A key whose folder is a file, or whose file is a folder: S3 allows both, a file system neither. */
function mapCollision(err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST' || code === 'ENOTEMPTY') {
    return oncoError('BLOB_KEY_INVALID', 'Invalid storage key: it collides with a folder or file of another key in the folder store.');
  }
  return normalizeError(err);
}
