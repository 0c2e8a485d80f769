/**
 * Runs the node's writes one at a time. Review decisions move files before the ledger records them, and a
 * dataset version is numbered and its folder written before its row commits: two such writes interleaving
 * could release files of an item another request rejected, or build two versions under one number.
 *
 * Each write also holds the data directory's writer lock while it runs (docs/pipeline.md), taken per write and
 * not for the server's life: a steward can still run `oncoatlas populate` while the UI is open, and a write
 * asked for meanwhile is refused with DATA_DIR_LOCKED (HTTP 409) naming the command that holds it.
 */
import type { WriterLock } from '@oncoatlas/store';

/** `what` names the write to a refused writer elsewhere: `serve: review decision`. */
export type Serially = <T>(fn: () => Promise<T>, what?: string) => Promise<T>;

export type TakeWriterLock = (command: string) => Promise<WriterLock>;

export function serialQueue(lock?: TakeWriterLock): Serially {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>, what = 'serve: write'): Promise<T> => {
    const locked = lock ? async (): Promise<T> => {
      const held = await lock(what);
      try {
        return await fn();
      } finally {
        await held.release();
      }
    } : fn;
    const next = last.then(locked, locked);
    last = next.catch(() => undefined);
    return next;
  };
}
