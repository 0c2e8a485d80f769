import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';

/**
 * Every regular file under `root`, following symbolic links (PACS exports use them) but never the same
 * directory twice, in a stable order so that a file's index is the same in every run.
 */
export function listInputFiles(root: string, exclude: readonly string[] = []): string[] {
  let st;
  try {
    st = statSync(root);
  } catch (err) {
    throw oncoError('IO_FAILED', 'The input path does not exist or cannot be read.', {}, err);
  }
  if (st.isFile()) return [root];
  const excluded = new Set(exclude.map((p) => safeRealpath(p)).filter((p): p is string => p !== undefined));
  const seen = new Set<string>();
  const out: string[] = [];
  const walk = (dir: string): void => {
    const real = safeRealpath(dir);
    if (real === undefined || seen.has(real) || excluded.has(real)) return;
    seen.add(real);
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
      else if (e.isSymbolicLink()) {
        try {
          const s = statSync(p);
          if (s.isDirectory()) walk(p);
          else if (s.isFile()) out.push(p);
        } catch {
          // A dangling link is not an input file.
        }
      }
    }
  };
  walk(root);
  return out;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
