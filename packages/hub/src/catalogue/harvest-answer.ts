/**
 * What a `harvest` task asks a node and what the node answers. The hub cannot reach a node (nodes dial out),
 * so its agent answers with the catalogue records itself: the records that changed since the hub's watermark,
 * and the IRIs of every dataset it publishes now, so a dataset no longer published is seen to be gone.
 */
import { oncoError } from '@oncoatlas/core';

export const HARVEST_TASK_TYPE = 'harvest';

export interface HarvestPayload {
  /** Only the datasets whose catalogue record changed after this instant (the node's `?modifiedSince=`). */
  readonly modifiedSince?: string;
}

export interface HarvestAnswer {
  readonly format: 'application/n-triples';
  /** The node's catalogue pages (dcat:CatalogRecord with dct:modified, and the changed datasets' records). */
  readonly records: string;
  /** Every dataset IRI the node publishes now, changed or not. */
  readonly datasets: readonly string[];
}

/** A payload as the node's handler receives it; a modifiedSince that is no date-time is refused. */
export function readHarvestPayload(payload: unknown): HarvestPayload {
  const since = payload !== null && typeof payload === 'object' ? (payload as { modifiedSince?: unknown }).modifiedSince : undefined;
  if (since === undefined || since === null) return {};
  if (typeof since !== 'string' || Number.isNaN(Date.parse(since))) throw oncoError('HUB_HARVEST_INVALID', 'A harvest task\'s modifiedSince must be an ISO 8601 date-time.');
  return { modifiedSince: since };
}

/** The node's answer as the hub receives it (opaque JSON from the broker), checked before anything is stored. */
export function readHarvestAnswer(body: unknown): HarvestAnswer {
  const b = (body ?? {}) as Partial<Record<keyof HarvestAnswer, unknown>>;
  if (b.format !== 'application/n-triples' || typeof b.records !== 'string' || !Array.isArray(b.datasets) || !b.datasets.every((d) => typeof d === 'string')) {
    throw oncoError('HUB_HARVEST_INVALID', 'A node answered a harvest with something else than {format: application/n-triples, records, datasets}: is its OncoAtlas version older than the hub\'s?');
  }
  return { format: 'application/n-triples', records: b.records, datasets: b.datasets as string[] };
}
