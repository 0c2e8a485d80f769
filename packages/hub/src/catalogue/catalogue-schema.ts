/**
 * The hub catalogue's tables (migration 002-hub-catalogue): what was harvested from each node, keyed by node and
 * dataset IRI, and per node how far the harvest got. Lists are JSON text; times written by the hub are epoch
 * milliseconds, times the nodes stated (`modified`, the watermark) are their ISO 8601 text, compared by the nodes.
 */
export type HarvestedState = 'listed' | 'withdrawn';

export interface HubCatalogueDatasetsTable {
  node_id: string;
  /** The dataset's IRI as its node named it: it dereferences to the node's record where the node is public. */
  iri: string;
  title: string;
  description: string;
  keywords: string;
  /** DICOM modalities where the hyperontology code has one (`CT`), else the code (JSON array). */
  modalities: string;
  body_parts: string;
  /** The condition codes the record lists (`C34.1`, `CLIN1000065`), JSON array. */
  conditions: string;
  primary_condition: string | null;
  subjects: number | null;
  studies: number | null;
  min_age: number | null;
  max_age: number | null;
  version: string | null;
  released_at: string | null;
  /** dct:modified of the node's catalogue record. */
  modified: string;
  state: HarvestedState;
  harvested_at: number;
  withdrawn_at: number | null;
}

export interface HubCatalogueHarvestsTable {
  node_id: string;
  /** The latest record `modified` seen from the node: the next harvest asks for what changed after it. */
  watermark: string | null;
  last_harvest_at: number;
  /** `succeeded`, or the error code of the last attempt. */
  last_status: string;
}

export interface HubCatalogueDatabase {
  hub_nodes: { id: string; name: string; status: string };
  hub_catalogue_datasets: HubCatalogueDatasetsTable;
  hub_catalogue_harvests: HubCatalogueHarvestsTable;
}
