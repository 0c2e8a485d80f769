/**
 * How a worker de-identifies a study exactly as the populate run that enqueued it would have: the run records its
 * settings without the secret (runOptions), and a keyed check of the two values a worker must bring itself, the
 * site secret and the EUCAIM site id. A worker with another secret would write pseudonyms and UIDs that match
 * nothing else in the atlas, silently; the check turns that into WORKER_SETTINGS_MISMATCH before any file.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';
import { parseDatePolicy, type DeidSettings, type ProfileName } from '@oncoatlas/deid';

const CHECK_CONTEXT = 'oncoatlas worker settings v1';

/** A keyed digest of the secret and site id: equal for equal settings, and says nothing of either. */
export function settingsCheck(s: Pick<DeidSettings, 'secret' | 'siteId'>): string {
  return createHmac('sha256', s.secret).update(`${CHECK_CONTEXT}\0${s.siteId?.trim() ?? ''}`).digest('hex').slice(0, 32);
}

/** What a worker brings: the secret (its --secret-file) and the site id (its --site-id). */
export interface WorkerSecrets {
  readonly secret: Uint8Array;
  readonly siteId?: string;
}

/**
 * The settings of a recorded run (runOptions) for this worker, or WORKER_SETTINGS_MISMATCH when its secret or
 * site id are not the run's. A run recorded before the check existed is refused too: it cannot be verified.
 */
export function workerSettings(recorded: Readonly<Record<string, unknown>>, own: WorkerSecrets, run: number): DeidSettings {
  const profile = recorded.profile === 'eucaim' ? 'eucaim' : 'basic' satisfies ProfileName;
  const settings: DeidSettings = {
    profile,
    options: Array.isArray(recorded.options) ? recorded.options.map(String) : [],
    ...(typeof recorded.datePolicy === 'string' ? { datePolicy: parseDatePolicy(recorded.datePolicy) } : {}),
    secret: own.secret,
    ...(own.siteId !== undefined ? { siteId: own.siteId } : {}),
    allowBurnedIn: recorded.allowBurnedIn === true,
    recordMappings: false,
  };
  const expected = typeof recorded.settingsCheck === 'string' ? Buffer.from(recorded.settingsCheck, 'hex') : Buffer.alloc(0);
  const mine = Buffer.from(settingsCheck(settings), 'hex');
  if (expected.length !== mine.length || !timingSafeEqual(expected, mine)) {
    throw oncoError('WORKER_SETTINGS_MISMATCH',
      `This worker's site secret or --site-id are not those populate run ${run} was started with: its pseudonyms would not match. Start the worker with the same --secret-file and --site-id as the populate command.`,
      { run });
  }
  return settings;
}
