/**
 * `oncoatlas audit verify`: reads the whole log and names every event that was edited, deleted, inserted
 * or moved, and every checkpoint it no longer matches.
 *
 * Three things pin each event: its stored leaf hash (a naive edit of the event text), its own `seq` (a
 * moved or removed row), and the `prev` root recorded by the event after it (an edit whose hash was
 * recomputed as well: the next event saw a different log). The head pins the last event; checkpoints kept
 * outside the database pin everything up to their size, even against a rewrite of the whole chain.
 */
import { fromHex, leafHash, toHex } from '../merkle/hashes.ts';
import { MerkleFrontier } from '../merkle/merkle-frontier.ts';
import type { AuditEnvelope } from '../events/audit-events.ts';
import type { AuditStore } from './audit-store.ts';
import type { Checkpoint } from './checkpoint.ts';

export type FindingKind = 'edited' | 'missing' | 'inserted' | 'reordered' | 'head' | 'checkpoint';

export interface AuditFinding {
  readonly kind: FindingKind;
  /** The event concerned, where one can be named. */
  readonly seq?: number;
  readonly message: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  /** The size and root the head claims. */
  readonly head: { readonly size: number; readonly root: string | null };
  readonly checkpoints: number;
  readonly findings: readonly AuditFinding[];
}

const PAGE = 5000;

/** The parts of an envelope verify reads; undefined ones when the text is not an envelope any more. */
function envelopeOf(json: string): { seq: number | undefined; prev: string | undefined } {
  try {
    const e = JSON.parse(json) as Partial<AuditEnvelope>;
    return { seq: Number.isSafeInteger(e.seq) ? e.seq : undefined, prev: e.prev };
  } catch {
    return { seq: undefined, prev: undefined };
  }
}

export async function verifyAuditLog(store: AuditStore, checkpoints: readonly Checkpoint[] = []): Promise<AuditVerification> {
  const findings: AuditFinding[] = [];
  const structural: number[] = []; // seqs of missing/inserted/reordered events: they explain a broken chain
  const head = await store.auditHead();
  const headFrontier = MerkleFrontier.restore(head.size, head.nodes);
  if (!headFrontier) findings.push({ kind: 'head', message: `The head is damaged: size ${head.size} with ${head.nodes.length} subtree hashes.` });

  const frontier = MerkleFrontier.empty();
  const rootsAt = new Map<number, string>();
  const wanted = new Set(checkpoints.map((c) => c.size));
  if (wanted.has(0)) rootsAt.set(0, toHex(frontier.root()));
  const claimed = new Map<number, number>(); // claimed seq -> times seen
  let lastClaimed = -1;
  let chainBroken = false;
  let rows = 0;
  let lastRowSeq = -1;

  for (let from = 0; ; ) {
    // Row seqs may have gaps (deleted rows): page by seq range until past both the head and the last row.
    const page = await store.readAudit(from, from + PAGE);
    if (page.length === 0) {
      if (from >= Math.max(lastRowSeq + 1, head.size)) break;
      from += PAGE;
      continue;
    }
    for (const row of page) {
      rows++;
      lastRowSeq = row.seq;
      const leaf = leafHash(row.event);
      if (toHex(leaf) !== row.leaf_hash) findings.push({ kind: 'edited', seq: row.seq, message: `Event ${row.seq} was edited: its content no longer matches its leaf hash.` });
      const envelope = envelopeOf(row.event);
      const c = envelope.seq ?? row.seq;
      claimed.set(c, (claimed.get(c) ?? 0) + 1);
      if (claimed.get(c) === 2) {
        findings.push({ kind: 'inserted', seq: c, message: `Event ${c} appears twice (stored at ${row.seq}): one was inserted or copied.` });
        structural.push(c);
      }
      if (c < lastClaimed) {
        findings.push({ kind: 'reordered', seq: c, message: `Events ${c} and ${lastClaimed} are out of order: ${c} is stored after ${lastClaimed}.` });
        structural.push(c, lastClaimed);
      }
      lastClaimed = Math.max(lastClaimed, c);
      if (!chainBroken && envelope.prev !== toHex(frontier.root())) {
        chainBroken = true;
        // The previous event was the last one this event's writer saw; if nothing structural explains the
        // difference, that event changed after it was written.
        if (!structural.some((s) => s <= c) && c === frontier.size && c > 0) {
          const seq = c - 1;
          if (!findings.some((f) => f.kind === 'edited' && f.seq === seq)) {
            findings.push({ kind: 'edited', seq, message: `Event ${seq} was edited: event ${c}, written after it, recorded a different log.` });
          }
        } else {
          structural.push(c);
        }
      }
      frontier.append(leaf);
      if (wanted.has(frontier.size)) rootsAt.set(frontier.size, toHex(frontier.root()));
    }
    from = lastRowSeq + 1;
  }

  const expected = Math.max(head.size, lastClaimed + 1);
  for (let s = 0; s < expected; s++) {
    if (!claimed.has(s)) findings.push({ kind: 'missing', seq: s, message: `Event ${s} is missing: it was deleted${s >= rows ? ' (the log ends early)' : ''}.` });
  }
  if (headFrontier && findings.length === 0) {
    if (headFrontier.size !== frontier.size) {
      findings.push({ kind: 'head', message: `The head says ${headFrontier.size} events, the log holds ${frontier.size}.` });
    } else if (!headFrontier.root().equals(frontier.root()) && frontier.size > 0) {
      const seq = frontier.size - 1;
      findings.push({ kind: 'edited', seq, message: `Event ${seq} was edited: the log's head recorded a different last event.` });
    }
  }

  const sorted = [...checkpoints].sort((a, b) => a.size - b.size);
  const named = findings.flatMap((f) => (f.seq === undefined ? [] : [f.seq]));
  let lastGood = 0;
  for (const cp of sorted) {
    const root = rootsAt.get(cp.size);
    if (cp.size > expected) {
      findings.push({ kind: 'checkpoint', message: `The checkpoint of ${cp.at} covers ${cp.size} events, the log holds ${expected}: ${expected === cp.size - 1 ? `event ${expected} was` : `events ${expected} to ${cp.size - 1} were`} deleted from its end.` });
    } else if (root === cp.root) {
      lastGood = cp.size;
    } else if (named.some((s) => s < cp.size)) {
      findings.push({ kind: 'checkpoint', message: `The log no longer matches the checkpoint of ${cp.at} (${cp.size} events), as the findings above explain.` });
    } else {
      findings.push({ kind: 'checkpoint', message: `The log no longer matches the checkpoint of ${cp.at} (${cp.size} events): ${lastGood === cp.size - 1 ? `event ${lastGood} was` : `an event from ${lastGood} to ${cp.size - 1} was`} changed and the log rewritten after it.` });
    }
  }

  return {
    ok: findings.length === 0,
    entries: rows,
    head: { size: head.size, root: headFrontier ? toHex(headFrontier.root()) : null },
    checkpoints: checkpoints.length,
    findings,
  };
}
