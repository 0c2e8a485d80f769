/**
 * Whether a data directory is readable by other accounts on the machine. OncoAtlas creates it and everything
 * in it owner-only (0700 folders, 0600 files), but a folder made by hand, restored from a backup or written
 * by an older version may be wider, and it holds held images, the ledger and dataset versions
 * (docs/data-at-rest.md). Findings name a path inside the data directory and its mode, never the data
 * directory itself (its name may say whose data it is) and never what a file holds.
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';

/** How many exposed entries a warning or an error names; the rest are counted. */
const NAMED = 10;

interface Exposed {
  readonly path: string;
  readonly mode: string;
  readonly dir: boolean;
}

/**
 * Warnings for every folder or file of `dataDir` that a group or other permission bit opens (none for a data
 * directory that does not exist yet: it will be created owner-only). Under `strict` the same findings are a
 * DATA_DIR_MODES error instead.
 *
 * @example
 * for (const w of checkDataDirModes(dataDir, { strict: false })) process.stderr.write(`warning: ${w}\n`);
 */
export function checkDataDirModes(dataDir: string, o: { strict: boolean }): string[] {
  const exposed = exposedEntries(dataDir);
  if (exposed.length === 0) return [];
  const named = exposed.slice(0, NAMED).map((e) => `${e.path === '.' ? 'the data directory' : `${e.path}${e.dir ? '/' : ''}`} is mode ${e.mode}`);
  const more = exposed.length > NAMED ? `, and ${exposed.length - NAMED} more` : '';
  const fix = 'make them owner-only with chmod -R go-rwx on the data directory (docs/data-at-rest.md)';
  if (o.strict) {
    throw oncoError('DATA_DIR_MODES', `${exposed.length} folder(s) or file(s) in the data directory can be read by other users: ${named.join('; ')}${more}. Refusing to run (--strict): ${fix}.`, { count: exposed.length });
  }
  return [
    ...named.map((n) => `${n}: other users of this machine can read it`),
    `${exposed.length} folder(s) or file(s) in the data directory are not owner-only${more ? ` (${NAMED} named above)` : ''}; ${fix}.`,
  ];
}

function exposedEntries(dataDir: string): Exposed[] {
  let root: Stats;
  try {
    // Followed for the data directory itself: it may be a link to a mounted volume.
    root = statSync(dataDir);
  } catch {
    return [];
  }
  const out: Exposed[] = [];
  const note = (path: string, s: Stats): void => {
    if ((s.mode & 0o077) !== 0) out.push({ path, mode: (s.mode & 0o777).toString(8).padStart(3, '0'), dir: s.isDirectory() });
  };
  if (!root.isDirectory()) return [];
  note('.', root);
  const folders = [''];
  for (let rel = folders.pop(); rel !== undefined; rel = folders.pop()) {
    let names: string[];
    try {
      names = readdirSync(join(dataDir, rel)).sort();
    } catch {
      continue; // a folder we cannot list is not one others can read through us
    }
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      let s: Stats;
      try {
        s = lstatSync(join(dataDir, path));
      } catch {
        continue; // removed while we walked
      }
      // A link's own mode means nothing; what it points to is outside what OncoAtlas writes.
      if (s.isSymbolicLink()) continue;
      note(path, s);
      if (s.isDirectory()) folders.push(path);
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
