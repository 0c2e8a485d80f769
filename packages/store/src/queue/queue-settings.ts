/**
 * The study work queue's names and settings. One job is one study at one pipeline stage of one run; the
 * values below are chosen for that size of work (seconds to minutes, bounded by the study's instances).
 * Every worker of a release carries the same constants; tests shorten them through `QueueSettings`.
 */

import { oncoError } from '@oncoatlas/core';

/** The queue of per-study jobs, in pg-boss's schema `pgboss` of the store's PostgreSQL database. */
export const STUDY_QUEUE = 'oncoatlas-study';

/** pg-boss's tables live in this schema of the store's database. */
export const PGBOSS_SCHEMA = 'pgboss';

/** Where a job goes after its last retry failed: nobody works it, an operator reads and redrives it. */
export const STUDY_DEAD_LETTER_QUEUE = 'oncoatlas-study-dead';

/**
 * Retries after the first attempt. Handlers are deterministic: a study that fails five times in a row
 * over ~15 minutes of backoff fails for a reason of its own (its files, a bug), not a passing one; more
 * retries would only delay it reaching the dead-letter queue, where someone looks at it.
 */
export const RETRY_LIMIT = 4;

/**
 * First retry delay in seconds. Long enough to ride out what does pass (a PostgreSQL failover, a storage
 * remount, a worker restarted by its supervisor), short enough that a run is not held up for long.
 */
export const RETRY_DELAY_SECONDS = 30;

/**
 * Exponential backoff with jitter (pg-boss: delay × 2^n, randomised up to ×2): when a shared resource fails,
 * every worker fails its jobs at once; jitter spreads their retries instead of returning them as one wave.
 * With the delay and cap here, the four retries wait about 30–60, 60–120, 120–240 and 240–480 s.
 */
export const RETRY_BACKOFF = true;

/** The longest wait between retries, in seconds: no study waits more than 10 minutes for its next try. */
export const RETRY_DELAY_MAX_SECONDS = 600;

/**
 * How long one attempt may run, in seconds, before pg-boss fails it (and retries it). The largest studies
 * (thousands of CT slices, a few GB) take minutes; an hour bounds a handler hung on a dead network mount
 * without cutting a legitimately large study short. A killed worker is found much sooner, by its heartbeat.
 */
export const EXPIRE_IN_SECONDS = 3600;

/**
 * A worker proves it is alive every half of this (pg-boss refreshes at heartbeatSeconds / 2); a job whose
 * heartbeat is older is failed by the monitor and retried elsewhere. 60 s finds a worker killed with
 * kill -9, out of memory or with its machine within about a minute, and leaves room for event-loop stalls
 * (a large synchronous parse, garbage collection) that must not pass for a lost worker. pg-boss's minimum is 10.
 */
export const HEARTBEAT_SECONDS = 60;

/**
 * How often pg-boss's monitor looks for expired and heartbeat-less jobs (its supervise and monitor
 * intervals, both set to this; its default is 60). Half the
 * heartbeat keeps the time to take over a dead worker's job below two minutes; it costs one query per
 * interval per worker. pg-boss's minimum is 1.
 */
export const MONITOR_INTERVAL_SECONDS = 30;

/** How often an idle worker asks for a job (pg-boss default 2 s, minimum 0.5). */
export const POLLING_INTERVAL_SECONDS = 2;

/** The per-queue settings a test may shorten; production uses the constants above. */
export interface QueueSettings {
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly retryBackoff: boolean;
  readonly retryDelayMaxSeconds: number;
  readonly expireInSeconds: number;
  readonly heartbeatSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  retryLimit: RETRY_LIMIT,
  retryDelaySeconds: RETRY_DELAY_SECONDS,
  retryBackoff: RETRY_BACKOFF,
  retryDelayMaxSeconds: RETRY_DELAY_MAX_SECONDS,
  expireInSeconds: EXPIRE_IN_SECONDS,
  heartbeatSeconds: HEARTBEAT_SECONDS,
};

/** pg-boss's queue options for the settings. */
export function pgBossQueueOptions(s: QueueSettings): {
  retryLimit: number; retryDelay: number; retryBackoff: boolean; retryDelayMax: number; expireInSeconds: number; heartbeatSeconds: number;
} {
  return {
    retryLimit: s.retryLimit,
    retryDelay: s.retryDelaySeconds,
    retryBackoff: s.retryBackoff,
    retryDelayMax: s.retryDelayMaxSeconds,
    expireInSeconds: s.expireInSeconds,
    heartbeatSeconds: s.heartbeatSeconds,
  };
}

/** Queue timings an operator (or a test) may set for every process of an installation: one JSON object. */
export interface QueueTimings {
  readonly settings?: Partial<QueueSettings>;
  readonly monitorIntervalSeconds?: number;
  readonly pollingIntervalSeconds?: number;
}

/** pg-boss's own lower bounds; below them it refuses the queue or the worker. */
const MINIMUMS: Readonly<Record<string, number>> = {
  retryLimit: 0, retryDelaySeconds: 0, retryDelayMaxSeconds: 1, expireInSeconds: 1, heartbeatSeconds: 10, monitorIntervalSeconds: 1, pollingIntervalSeconds: 0.5,
};

/**
 * Reads `ONCOATLAS_QUEUE_TIMINGS` (docs/scale-out.md), e.g. `{"heartbeatSeconds":10,"monitorIntervalSeconds":1}`.
 * Every process of an installation must be given the same: each one brings the queue to its own settings when it opens it.
 * Returns undefined for an unset variable; CONFIG_INVALID names the key that is wrong.
 */
export function parseQueueTimings(text: string | undefined): QueueTimings | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw oncoError('CONFIG_INVALID', 'ONCOATLAS_QUEUE_TIMINGS is not a JSON object.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw oncoError('CONFIG_INVALID', 'ONCOATLAS_QUEUE_TIMINGS is not a JSON object.');
  const settings: Record<string, number | boolean> = {};
  const out: { settings?: Partial<QueueSettings>; monitorIntervalSeconds?: number; pollingIntervalSeconds?: number } = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'retryBackoff' && typeof value === 'boolean') { settings[key] = value; continue; }
    const min = MINIMUMS[key];
    if (min === undefined) throw oncoError('CONFIG_INVALID', `ONCOATLAS_QUEUE_TIMINGS has an unknown key '${key}'.`, { key });
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw oncoError('CONFIG_INVALID', `ONCOATLAS_QUEUE_TIMINGS: ${key} must be a number of at least ${min}.`, { key });
    if (key === 'monitorIntervalSeconds' || key === 'pollingIntervalSeconds') out[key] = value;
    else settings[key] = value;
  }
  if (Object.keys(settings).length > 0) out.settings = settings as Partial<QueueSettings>;
  return out;
}
