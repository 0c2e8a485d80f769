/**
 * A PACS export on disk: nested folders, files with or without extension, symlinks (some exports link
 * duplicates instead of copying them). Every regular file is looked at once, in a stable (sorted) order; a
 * file reached twice through links, or a directory link that loops, is skipped. Files named DICOMDIR are
 * indexes, not instances: the walk finds the files they list anyway (use DicomdirSource to read a CD by its
 * index). Stray files are yielded as problems (DICOM_NOT_PART10), never as errors that stop the walk.
 */
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { normalizeError, oncoError } from '@oncoatlas/core';
import { fileInstance, type SourceItem, type StudySource } from '../source.ts';
import { sniffFile } from './sniff.ts';

export interface FolderSourceOptions {
  readonly root: string;
  /** Follow symbolic links (default true: exports use them for duplicates and for mounted archives). */
  readonly followSymlinks?: boolean;
}

export class FolderSource implements StudySource {
  readonly kind = 'folder' as const;
  readonly #root: string;
  readonly #follow: boolean;

  constructor(o: FolderSourceOptions) {
    this.#root = o.root;
    this.#follow = o.followSymlinks ?? true;
  }

  async *items(signal?: AbortSignal): AsyncIterable<SourceItem> {
    let rootStat: Stats;
    try {
      rootStat = statSync(this.#root);
    } catch (err) {
      throw oncoError('SOURCE_NOT_FOUND', 'The export folder does not exist or cannot be read; check the path and permissions.', {}, err);
    }
    const seenFiles = new Set<string>();
    const seenDirs = new Set<string>();
    if (rootStat.isFile()) {
      yield* this.#file(this.#root, rootStat, seenFiles);
      return;
    }
    const stack: string[] = [this.#root];
    while (stack.length > 0) {
      if (signal?.aborted) return;
      const dir = stack.pop()!;
      let real: string;
      try {
        real = realpathSync(dir);
      } catch (err) {
        yield { kind: 'problem', origin: dir, error: normalizeError(err) };
        continue;
      }
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (err) {
        yield { kind: 'problem', origin: dir, error: normalizeError(err) };
        continue;
      }
      const subdirs: string[] = [];
      for (const e of entries) {
        const path = join(dir, e.name);
        if (e.isSymbolicLink() && !this.#follow) continue;
        if (e.isDirectory()) { subdirs.push(path); continue; }
        if (!e.isFile() && !e.isSymbolicLink()) continue; // sockets, FIFOs, devices
        let st: Stats;
        try {
          st = statSync(path);
        } catch (err) {
          // A dangling link or a file removed during the walk.
          yield { kind: 'problem', origin: path, error: normalizeError(err) };
          continue;
        }
        if (st.isDirectory()) subdirs.push(path);
        else if (st.isFile() && e.name.toUpperCase() !== 'DICOMDIR') yield* this.#file(path, st, seenFiles);
      }
      // Depth-first in sorted order: push in reverse so the first name is visited first.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }

  *#file(path: string, st: Stats, seen: Set<string>): Iterable<SourceItem> {
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    try {
      if (sniffFile(path) === 'not-dicom') {
        yield { kind: 'problem', origin: path, error: oncoError('DICOM_NOT_PART10', 'Not a DICOM file (no DICM prefix and no recognisable dataset).') };
        return;
      }
    } catch (err) {
      yield { kind: 'problem', origin: path, error: normalizeError(err) };
      return;
    }
    yield fileInstance(path, st.size);
  }
}
