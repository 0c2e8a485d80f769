/**
 * The tests' own check that a data directory is owner-only (folders 0700, files 0600) and that a file holds
 * none of a list of strings: an oracle written apart from the code it checks (the CLI's file-modes.ts).
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every folder (the root included) not 0700 and every file not 0600, as `relative/path mode`; links are skipped. */
export function notOwnerOnly(root: string): string[] {
  const wrong: string[] = [];
  const check = (abs: string): void => {
    const s = lstatSync(abs);
    if (s.isSymbolicLink()) return;
    const mode = s.mode & 0o777;
    if (mode !== (s.isDirectory() ? 0o700 : 0o600)) wrong.push(`${relative(root, abs) || '.'} ${mode.toString(8)}`);
  };
  check(root);
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) check(join(e.parentPath, e.name));
  return wrong;
}

/** Which of `needles` occur in the bytes of any of `files` that exist (as UTF-8). */
export function foundIn(files: readonly string[], needles: readonly string[]): string[] {
  const bytes = Buffer.concat(files.filter((f) => existsSync(f)).map((f) => readFileSync(f)));
  return needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
}
