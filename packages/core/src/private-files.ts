/**
 * Owner-only folders and files: what OncoAtlas writes holds patient data (held images, pseudonymised
 * outputs, dataset versions) or links back to it (the ledger, keys), so no other account on the machine may
 * read it (docs/data-at-rest.md). Every writer goes through here rather than passing modes around, so
 * there is one place that says what "private" means.
 *
 * The mode is given when a file or folder is created, not fixed later by a chmod: there is never a moment
 * when it is readable by others. The umask can only take bits away from 0600/0700, so the result stays
 * owner-only whatever it is.
 */
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates a folder and any missing parents, each owner-only. A folder that already exists keeps its mode:
 * it may be one the operator made on purpose (`oncoatlas populate --strict` refuses an exposed one).
 *
 * @example
 * privateDir(join(dataDir, 'datasets', id));
 */
export function privateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  return path;
}

/**
 * Writes a whole file owner-only. A file that existed (a left-over `.tmp`, one an older version wrote) is
 * made owner-only too: open() keeps an existing file's mode.
 */
export function writePrivateFile(path: string, data: string | Uint8Array, o: { flush?: boolean } = {}): void {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    writeFileSync(fd, data);
    if (o.flush) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces a file atomically (written under `path.tmp`, then renamed): a reader or a crash sees the old or the new file. */
export function replacePrivateFile(path: string, data: string | Uint8Array, o: { flush?: boolean } = {}): void {
  writePrivateFile(`${path}.tmp`, data, o);
  renameSync(`${path}.tmp`, path);
}

/**
 * Creates an empty owner-only file unless one exists. For a file another library then opens and fills (the
 * SQLite database, whose -wal and -shm files SQLite creates with the database file's own mode).
 */
export function createPrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw err;
  }
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates an owner-only file that must not exist yet and writes it whole; throws EEXIST when it exists. For a
 * lock file: the create itself is the test-and-set (O_EXCL), so of two processes exactly one succeeds.
 */
export function writeNewPrivateFile(path: string, data: string | Uint8Array): void {
  const fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
