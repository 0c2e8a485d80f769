/**
 * Ctrl-C (SIGINT) and SIGTERM during a long command: the first asks the work to stop at its next commit, so it
 * can say what it kept; a second stops at once, which the ledger survives as it survives kill -9.
 */
import { EXIT } from '@oncoatlas/core';

/**
 * Runs `fn` with a signal that aborts on the first Ctrl-C or SIGTERM; the handlers are gone when it settles.
 *
 * @example
 * const r = await interruptible((signal) => populate({ ...options, signal }), 'populate');
 */
export async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>, what: string): Promise<T> {
  const stop = new AbortController();
  const on = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      process.stderr.write(`\nStopped at once (${signal}): ${what} keeps every batch it committed; run the same command again to resume.\n`);
      process.exit(EXIT.INTERRUPTED);
    }
    stop.abort();
    // A progress bar may be half-drawn on this line.
    process.stderr.write(`\nStopping ${what} at its next commit (${signal}); press Ctrl-C again to stop at once.\n`);
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  try {
    return await fn(stop.signal);
  } finally {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  }
}
