import { oncoError } from '@oncoatlas/core';

/** `--jobs N`: worker threads, the main one included. */
export function parseJobs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw oncoError('USAGE', '--jobs takes a whole number from 1 to 64.');
  return n;
}
