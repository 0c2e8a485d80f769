/**
 * The writer lock of a data directory whose ledger is SQLite: a file `writer.lock` created with O_EXCL
 * (owner-only), holding who took it. Chosen over SQLite's own locking because SQLite locks a transaction, not
 * a run: populate commits in many transactions and readers must go on between them, and a SQLite lock cannot
 * say who holds it.
 *
 * A holder killed with -9 leaves the file behind, so a lock is stale, and taken over, when its process is
 * gone (same host: the pid is not alive) or, for a holder on another host (a shared folder), when its
 * heartbeat (the file's mtime, touched every HEARTBEAT_MS) is older than STALE_MS. On its own host a live pid
 * wins over an old heartbeat: a writer whose event loop was busy for minutes is still writing.
 */
import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, oncoError, writeNewPrivateFile } from '@oncoatlas/core';
import { lockedError, type LockHolder } from './lock-holder.ts';

export const LOCK_FILE = 'writer.lock';
export const HEARTBEAT_MS = 10_000;
export const STALE_MS = 60_000;
/** A lock file with no readable holder (torn by a crash, or from an older version that created it empty first). */
const UNREADABLE_GRACE_MS = 5_000;

interface LockRecord extends LockHolder {
  /** Tells our lock from one another process took after ours was taken over. */
  readonly token: string;
}

export interface FileLockOptions {
  readonly heartbeatMs?: number;
  readonly staleMs?: number;
  /** Whether a pid is alive on this host (tests stand one in). */
  readonly isAlive?: (pid: number) => boolean;
}

export interface HeldFileLock {
  readonly holder: LockHolder;
  release(): void;
}

export function acquireFileLock(dataDir: string, holder: LockHolder, o: FileLockOptions = {}): HeldFileLock {
  const path = join(dataDir, LOCK_FILE);
  const staleMs = o.staleMs ?? STALE_MS;
  const record: LockRecord = { ...holder, token: randomUUID() };
  // Bounded: each pass either takes the lock, refuses, or removed a stale one another process may race us to.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      publishWhole(path, `${JSON.stringify(record)}\n`);
      return held(path, record, o.heartbeatMs ?? HEARTBEAT_MS);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = readLock(path);
    if (seen === 'gone') continue;
    if (!isStale(seen, staleMs, o.isAlive ?? isProcessAlive)) {
      throw lockedError(seen.record ?? {}, `If that process is gone, the lock is taken over once its heartbeat is ${Math.round(staleMs / 1000)} s old (at once on its own host).`);
    }
    removeStale(path, seen);
  }
  throw oncoError('DATA_DIR_LOCKED', 'Could not take the data directory\'s writer lock: other processes kept taking it over. Run this again.');
}

/**
 * Creates the lock file with its content already in it: written to a private file beside it, then linked into
 * place (link fails with EEXIST, atomically, like O_EXCL). Created empty and then written, a second writer
 * starting in between read an empty lock and could only name "an unknown command" as its holder.
 */
function publishWhole(path: string, text: string): void {
  const staged = `${path}.${randomUUID()}.new`;
  writeNewPrivateFile(staged, text);
  try {
    linkSync(staged, path);
  } finally {
    unlinkSync(staged);
  }
}

function held(path: string, record: LockRecord, heartbeatMs: number): HeldFileLock {
  const timer = setInterval(() => {
    // Only our own file: after a takeover (we were thought dead) it is another writer's.
    if (ownedBy(path, record.token)) utimesSync(path, new Date(), new Date());
  }, heartbeatMs);
  // The heartbeat alone never keeps a process alive.
  timer.unref();
  let released = false;
  const { token: _token, ...holder } = record;
  return {
    holder,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (ownedBy(path, record.token)) unlinkSync(path);
    },
  };
}

type Seen = { record: LockRecord | undefined; mtimeMs: number } | 'gone';

function readLock(path: string): Seen {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    const text = readFileSync(path, 'utf8');
    try {
      return { record: JSON.parse(text) as LockRecord, mtimeMs };
    } catch {
      return { record: undefined, mtimeMs };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

function isStale(seen: Exclude<Seen, 'gone'>, staleMs: number, isAlive: (pid: number) => boolean): boolean {
  const age = Date.now() - seen.mtimeMs;
  const r = seen.record;
  if (r === undefined || typeof r.pid !== 'number') return age > UNREADABLE_GRACE_MS;
  if (r.host === hostname()) return !isAlive(r.pid);
  return age > staleMs;
}

/**
 * Moves the stale file aside and checks it was the one judged stale: another process may have taken the lock
 * over in between, and its fresh lock is then put back (link fails if a third one holds it by then).
 */
function removeStale(path: string, seen: Exclude<Seen, 'gone'>): void {
  const aside = `${path}.${randomUUID()}.stale`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readLock(aside);
  const same = moved !== 'gone' && moved.record?.token === seen.record?.token;
  if (!same) {
    try {
      linkSync(aside, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  unlinkSync(aside);
}

function ownedBy(path: string, token: string): boolean {
  const seen = readLock(path);
  return seen !== 'gone' && seen.record?.token === token;
}

