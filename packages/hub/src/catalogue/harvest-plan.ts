/**
 * What one harvest changes in the hub's catalogue, decided without I/O: the datasets whose records came back
 * are stored (new, changed, or listed again), the ones the hub lists and the node no longer publishes are
 * withdrawn (kept as tombstones), and the watermark moves to the latest record date the node stated.
 */
import type { HarvestAnswer } from './harvest-answer.ts';
import type { HarvestedState } from './catalogue-schema.ts';
import type { HarvestedDataset } from './harvested-records.ts';

export interface StoredEntry {
  readonly iri: string;
  readonly state: HarvestedState;
}

export interface HarvestPlan {
  readonly upserts: readonly HarvestedDataset[];
  readonly withdraw: readonly string[];
  /** null: ask for everything next time (the hub is missing a dataset the node publishes). */
  readonly watermark: string | null;
}

export function planHarvest(stored: readonly StoredEntry[], answer: Pick<HarvestAnswer, 'datasets'>, harvested: readonly HarvestedDataset[], watermark: string | null): HarvestPlan {
  const published = new Set(answer.datasets);
  const upserts = harvested.filter((d) => published.has(d.iri));
  const known = new Set([...stored.filter((s) => s.state === 'listed').map((s) => s.iri), ...upserts.map((d) => d.iri)]);
  const withdraw = stored.filter((s) => s.state === 'listed' && !published.has(s.iri)).map((s) => s.iri);
  // A dataset published with a record older than the watermark (restored from a backup, say) would never be
  // asked for again: the next harvest starts over.
  const missing = answer.datasets.some((iri) => !known.has(iri));
  const latest = [watermark, ...upserts.map((d) => d.modified)].reduce<string | null>((a, b) => (b !== null && (a === null || Date.parse(b) > Date.parse(a)) ? b : a), null);
  return { upserts, withdraw, watermark: missing ? null : latest };
}
