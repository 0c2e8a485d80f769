/**
 * Long-poll waits: resolve when `event` fires on `emitter`, after `ms`, or when `signal` aborts, whichever
 * comes first; never rejects, so callers re-check their state after any wake-up.
 */
import type { EventEmitter } from 'node:events';

export function waitFor(emitter: EventEmitter, event: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (ms <= 0 || signal?.aborted) return done();
    const finish = (): void => {
      clearTimeout(timer);
      emitter.off(event, finish);
      signal?.removeEventListener('abort', finish);
      done();
    };
    const timer = setTimeout(finish, ms);
    emitter.on(event, finish);
    signal?.addEventListener('abort', finish, { once: true });
  });
}

/** Sleeps `ms`, ending early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted) return done();
    const timer = setTimeout(() => { signal?.removeEventListener('abort', stop); done(); }, ms);
    const stop = (): void => { clearTimeout(timer); done(); };
    signal?.addEventListener('abort', stop, { once: true });
  });
}
