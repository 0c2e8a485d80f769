/**
 * Who holds a data directory's writer lock, and the error a second writer gets. The holder is described by
 * command, process id, host and time only: never a path (a source path may carry a patient's name) and never
 * the user who asked a server for the write.
 */
import { hostname } from 'node:os';
import { oncoError, type OncoAtlasError } from '@oncoatlas/core';

export interface LockHolder {
  /** What writes: `populate`, `review approve`, `serve: dataset release`, ... */
  readonly command: string;
  readonly pid: number;
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly since: string;
}

export function holderNow(command: string, now: () => string = () => new Date().toISOString()): LockHolder {
  return { command, pid: process.pid, host: hostname(), since: now() };
}

/** How the holder reads in a message: `populate (pid 4242 on node-1, since 2026-01-01T10:00:00Z)`. */
export function describeHolder(h: Partial<LockHolder>): string {
  return `${h.command ?? 'an unknown command'} (pid ${h.pid ?? '?'} on ${h.host ?? 'an unknown host'}, since ${h.since ?? 'an unknown time'})`;
}

/**
 * DATA_DIR_LOCKED naming the holder and what to do. `staleRule` says when the lock would be taken over
 * without anyone's help, which differs by engine.
 */
export function lockedError(h: Partial<LockHolder>, staleRule: string): OncoAtlasError {
  return oncoError(
    'DATA_DIR_LOCKED',
    `Another OncoAtlas process is writing this data directory: ${describeHolder(h)}. One writer at a time: wait for it to finish, then run this again. ${staleRule}`,
    { command: h.command, pid: h.pid, host: h.host, since: h.since },
  );
}
