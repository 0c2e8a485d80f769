/**
 * The node's answer to the hub's `harvest` task: its published catalogue as the hub's harvester would crawl it
 * at /catalogue (the same pages, catalogue records with dct:modified, only the datasets changed since the hub's
 * watermark), in N-Triples, with the IRI of every dataset it publishes so the hub sees withdrawals. It runs in
 * the node's agent because the hub cannot reach the node: the records leave the hospital as a task's result.
 */
import { catalogueQuads, harvestEndpoints, MAX_PAGE_SIZE, pageCount, recordModified, toNTriples } from '@oncoatlas/catalogue';
import { readHarvestPayload, type HarvestAnswer } from '@oncoatlas/hub';
import { publishedDatasetFacts } from '@oncoatlas/release';
import type { StudyLedger } from '@oncoatlas/store';
import type { CatalogueOptions } from './catalogue-routes.ts';

/** Where the catalogue is named when no dataset was ever published under a public URL (nothing then links to it). */
const UNPUBLISHED_BASE = 'http://localhost';

/**
 * @example
 * // oncoatlas serve, next to `count`:
 * runAgent({ dataDir, handler: (task) => task.type === 'harvest' ? answerHarvestTask({ ledger, catalogue }, task.payload) : … });
 */
export async function answerHarvestTask(o: { readonly ledger: StudyLedger; readonly catalogue: CatalogueOptions | undefined }, payload: unknown): Promise<HarvestAnswer> {
  const { modifiedSince } = readHarvestPayload(payload);
  // A node started without catalogue settings publishes nothing, whatever its ledger holds (as /catalogue).
  if (!o.catalogue) return { format: 'application/n-triples', records: '', datasets: [] };
  const base = (await o.ledger.datasets.publicUrl()) ?? o.catalogue.publicUrl ?? UNPUBLISHED_BASE;
  const endpoints = harvestEndpoints(base);
  const settings = { ...o.catalogue.settings, iri: endpoints.catalogue };
  const datasets = await publishedDatasetFacts(o.ledger, o.catalogue.dataDir);
  const since = modifiedSince === undefined ? undefined : Date.parse(modifiedSince);
  const changed = datasets.filter((d) => since === undefined || Date.parse(recordModified(d)) > since).length;
  const quads = [];
  for (let page = 1; page <= pageCount(changed, MAX_PAGE_SIZE); page++) {
    quads.push(...catalogueQuads(settings, datasets, { page, pageSize: MAX_PAGE_SIZE, endpoints, ...(modifiedSince ? { modifiedSince } : {}) }));
  }
  return { format: 'application/n-triples', records: await toNTriples(quads), datasets: datasets.map((d) => d.identifierIri) };
}
