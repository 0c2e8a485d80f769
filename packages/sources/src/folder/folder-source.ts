/**
 * A PACS export on disk: nested folders, files with or without extension, symlinks (some exports link
 * duplicates instead of copying them). Every regular file is looked at once, in a stable (sorted) order; a
 * file reached twice through links, or a directory link that loops, is skipped. Files named DICOMDIR are
 * indexes, not instances: the walk finds the files they list anyway (use DicomdirSource to read a CD by its
 * index). Stray files are yielded as problems (DICOM_NOT_PART10), never as errors that stop the walk.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { normalizeError, oncoError } from '@oncoatlas/core';
import { fileInstance, type SourceItem, type SourceProblem, type StudySource } from '../source.ts';
import { notDicom, openLocalFile } from './local-file.ts';

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
    const seen = new Set<string>();
    for (const entry of this.localFiles(signal)) {
      if (typeof entry !== 'string') { yield entry; continue; }
      const file = openLocalFile(entry);
      if (file.kind === 'problem') yield { kind: 'problem', origin: entry, error: file.error };
      if (file.kind === 'other' || file.kind === 'problem' || seen.has(file.id)) continue;
      seen.add(file.id);
      if (file.kind === 'not-dicom') yield { kind: 'problem', origin: entry, error: notDicom() };
      else yield fileInstance(entry, file.size, {}, file.bytes);
    }
  }

  /**
   * The walk alone: the path of every regular file to look at (links followed, DICOMDIR index files left out),
   * in the order `items` yields them, and the problems met on the way. A consumer that opens the files itself
   * (the inventory, on worker threads, with `openLocalFile`) skips a file whose identity it has seen already.
   */
  *localFiles(signal?: AbortSignal): Iterable<string | SourceProblem> {
    let rootStat: Stats;
    try {
      rootStat = statSync(this.#root);
    } catch (err) {
      throw oncoError('SOURCE_NOT_FOUND', 'The export folder does not exist or cannot be read; check the path and permissions.', {}, err);
    }
    const seenDirs = new Set<string>();
    if (rootStat.isFile()) {
      yield this.#root;
      return;
    }
    const stack: string[] = [this.#root];
    while (stack.length > 0) {
      if (signal?.aborted) return;
      const dir = stack.pop()!;
      let id: string;
      try {
        // A directory is known by its device and inode, as files are: one stat, where resolving its real path
        // looks at every component of the path (65,254 directories in the cohort's export: 2.3 s -> 0.3 s).
        const st = statSync(dir);
        id = `${st.dev}:${st.ino}`;
      } catch (err) {
        yield { kind: 'problem', origin: dir, error: normalizeError(err) };
        continue;
      }
      if (seenDirs.has(id)) continue;
      seenDirs.add(id);
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
        if (e.isFile()) {
          if (e.name.toUpperCase() !== 'DICOMDIR') yield path;
          continue;
        }
        if (!e.isSymbolicLink()) continue; // sockets, FIFOs, devices
        let st: Stats;
        try {
          st = statSync(path);
        } catch (err) {
          // A dangling link or a file removed during the walk.
          yield { kind: 'problem', origin: path, error: normalizeError(err) };
          continue;
        }
        if (st.isDirectory()) subdirs.push(path);
        else if (st.isFile() && e.name.toUpperCase() !== 'DICOMDIR') yield path;
      }
      // Depth-first in sorted order: push in reverse so the first name is visited first.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }
}
