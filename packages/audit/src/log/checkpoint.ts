/**
 * Checkpoints: tree heads written outside the database (one JSON line each in a file beside the data, and
 * later handed to the hub as a witness). An attacker who can rewrite the database, hashes, chain and head
 * included, still cannot make the rewritten log match a checkpoint taken before the rewrite.
 */
import type { TreeHead } from './audit-log.ts';

export interface Checkpoint extends TreeHead {
  /** Which log: the node's name, so checkpoints of two nodes are never confused. */
  readonly origin: string;
  readonly at: string;
}

export function formatCheckpoint(c: Checkpoint): string {
  return JSON.stringify({ origin: c.origin, size: c.size, root: c.root, at: c.at });
}

/** Parses a checkpoints file; a line that is not a checkpoint is reported by its number, not skipped. */
export function parseCheckpoints(text: string): { checkpoints: Checkpoint[]; badLines: number[] } {
  const checkpoints: Checkpoint[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const c = JSON.parse(line) as Partial<Checkpoint>;
      if (typeof c.origin === 'string' && Number.isSafeInteger(c.size) && (c.size ?? -1) >= 0 && typeof c.root === 'string' && /^[0-9a-f]{64}$/.test(c.root) && typeof c.at === 'string') {
        checkpoints.push({ origin: c.origin, size: c.size!, root: c.root, at: c.at });
        return;
      }
    } catch {
      // reported below
    }
    badLines.push(i + 1);
  });
  return { checkpoints, badLines };
}
