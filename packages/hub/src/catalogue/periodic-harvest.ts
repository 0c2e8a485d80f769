/**
 * `hub serve`'s harvest schedule: every node every `intervalMs` (default 10 min), and, checked more often, a
 * node just approved (one never harvested) at once, so its datasets appear without waiting for the next round.
 */
import type { HubCatalogue, NodeHarvest } from './hub-catalogue.ts';

export interface PeriodicHarvestOptions {
  readonly intervalMs?: number;
  readonly newNodeCheckMs?: number;
  readonly signal: AbortSignal;
  /** Each node's outcome: its id, status, counts and error code (never a dataset's content). */
  readonly log?: (h: NodeHarvest) => void;
}

export const DEFAULT_HARVEST_INTERVAL_MS = 10 * 60_000;

export async function runPeriodicHarvest(catalogue: HubCatalogue, o: PeriodicHarvestOptions): Promise<void> {
  const interval = o.intervalMs ?? DEFAULT_HARVEST_INTERVAL_MS;
  const check = Math.min(o.newNodeCheckMs ?? 30_000, interval);
  let last = Number.NEGATIVE_INFINITY;
  while (!o.signal.aborted) {
    try {
      const due = Date.now() - last >= interval;
      const outcomes = await catalogue.harvest({ signal: o.signal, ...(due ? {} : { nodes: await catalogue.unharvested() }) });
      if (due) last = Date.now();
      for (const h of outcomes) o.log?.(h);
    } catch {
      // The hub's database is unreachable: the next round tries again; the hub itself reports its database.
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, check);
      o.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
  }
}
