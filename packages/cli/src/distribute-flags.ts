/**
 * The scale-out flags `populate` and `serve` share (docs/scale-out.md): de-identify through the PostgreSQL study
 * queue, with `oncoatlas worker` processes on other machines.
 */
import type { Command } from 'commander';
import { oncoError } from '@oncoatlas/core';
import type { DistributeOptions } from '@oncoatlas/pipeline';
import { queueTimingsOption } from './worker-command.ts';

export interface DistributeFlagValues {
  distribute?: boolean;
  localConcurrency: string;
  queueWait?: string;
}

export function addDistributeFlags(c: Command): Command {
  return c
    .option('--distribute', 'de-identify through the PostgreSQL study queue: oncoatlas worker processes on other machines share the work (needs --database)')
    .option('--local-concurrency <n>', 'with --distribute: studies this process de-identifies itself at once (0: only the workers)', '1')
    .option('--queue-wait <seconds>', 'with --distribute: give up when no study finished for this long (default 1800)');
}

/** A whole number in a range, or USAGE naming the flag. */
function wholeNumber(flag: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw oncoError('USAGE', `${flag} takes a whole number from ${min} to ${max}.`);
  return n;
}

export function distributeOf(f: DistributeFlagValues): DistributeOptions | undefined {
  if (!f.distribute) return undefined;
  return {
    localConcurrency: wholeNumber('--local-concurrency', f.localConcurrency, 0, 256),
    ...queueTimingsOption(),
    ...(f.queueWait !== undefined ? { idleSeconds: wholeNumber('--queue-wait', f.queueWait, 1, 7 * 24 * 3600) } : {}),
  };
}
