/**
 * The landing folder for instances that arrive from a PACS (pulled over DICOMweb, read from a CD, received
 * by C-STORE): `into/<StudyInstanceUID>/<SOPInstanceUID>.dcm`. An instance is streamed to `into/.partial/`,
 * fsynced, checked, and only then renamed into place, so a file in the inbox is always complete and a crash
 * (kill -9) leaves at worst a `.partial` file that the next start removes. An instance that does not parse is
 * kept under `_rejected/` with its reason: bytes from a PACS are never silently dropped.
 */
import { randomBytes, createHash } from 'node:crypto';
import { createWriteStream, existsSync, fsyncSync, openSync, closeSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normalizeError, privateDir, writePrivateFile, type OncoAtlasError } from '@oncoatlas/core';
import { asciiValue, findElement, readDicomFile } from '@oncoatlas/dicom';
import { isPlainUid } from '../dimse/part10-meta.ts';

export type StoreOutcome =
  | { readonly status: 'stored'; readonly path: string; readonly bytes: number; readonly replaced: boolean }
  | { readonly status: 'rejected'; readonly path: string; readonly bytes: number; readonly error: OncoAtlasError };

const HEADER_LIMIT = 1 << 20;

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

export class Inbox {
  readonly dir: string;
  readonly #partial: string;

  /** Opens (creates) the inbox and removes what an interrupted earlier run left half-written. */
  constructor(dir: string) {
    this.dir = dir;
    // Our own folder under .partial: the C-STORE receiver may write into the same inbox (it uses .partial/receive).
    this.#partial = join(dir, '.partial', 'pull');
    rmSync(this.#partial, { recursive: true, force: true });
    privateDir(this.#partial);
  }

  /** A fresh temporary path inside the inbox (same file system, so the final rename is atomic). */
  partialPath(): string {
    return join(this.#partial, `${randomBytes(8).toString('hex')}.part`);
  }

  /** Streams one Part 10 instance into the inbox. */
  async store(content: Readable): Promise<StoreOutcome> {
    const tmp = this.partialPath();
    try {
      // The inbox holds the hospital's identified files: readable by the service account only.
      await pipeline(content, createWriteStream(tmp, { mode: 0o600 }));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw normalizeError(err);
    }
    return this.adopt(tmp);
  }

  /** Moves a complete temporary file into place under its study and SOP Instance UID. */
  adopt(tmp: string): StoreOutcome {
    fsyncFile(tmp);
    let study: string | undefined;
    let sop: string | undefined;
    let size = 0;
    try {
      const src = readDicomFile(tmp, { inMemoryLimit: HEADER_LIMIT });
      size = src.size;
      const f = src.file;
      const read = (t: number, ds = f.dataset, b = f.buffer): string | undefined => {
        const el = findElement(ds, t);
        return el && !el.external ? asciiValue(b, el) : undefined;
      };
      study = read(0x0020000d);
      sop = read(0x00080018) ?? read(0x00020003, f.meta, f.source);
    } catch (err) {
      const digest = createHash('sha256').update(tmp).digest('hex').slice(0, 16);
      const path = join(this.dir, '_rejected', `${digest}.bin`);
      privateDir(join(this.dir, '_rejected'));
      renameSync(tmp, path);
      const error = normalizeError(err);
      writePrivateFile(`${path}.reason.txt`, `${error.code}: ${error.message}\n`);
      return { status: 'rejected', path, bytes: size, error };
    }
    const folder = study && isPlainUid(study) ? study : '_unsorted';
    const name = sop && isPlainUid(sop) ? sop : createHash('sha256').update(tmp).digest('hex').slice(0, 32);
    privateDir(join(this.dir, folder));
    const path = join(this.dir, folder, `${name}.dcm`);
    const replaced = existsSync(path);
    renameSync(tmp, path);
    // The rename must survive a power cut too: the sync state may record the instance as taken right after.
    fsyncFile(join(this.dir, folder));
    return { status: 'stored', path, bytes: size, replaced };
  }

  /** Removes a temporary file of an instance that did not complete. */
  discard(tmp: string): void {
    rmSync(tmp, { force: true });
  }
}
