/**
 * Where a node serves what a harvester needs, from its base URL (its public URL, else the address the request
 * came to). One table for the records and the routes: the IRIs written into the documents are the paths the
 * server answers, so a crawler that follows only the links it is given never meets a 404.
 *
 * The catalogue's IRI is its entry point, `<base>/catalogue`: dereferenceable (Turtle, JSON-LD, … by content
 * negotiation, the web UI's catalogue page for a browser), under the same path as the datasets' IRIs
 * (`<base>/catalogue/datasets/<uuid>`).
 */
import { oncoError } from '@oncoatlas/core';

export interface HarvestEndpoints {
  /** The base, without a trailing slash (`https://node.hospital.example` or with a path prefix). */
  readonly base: string;
  /** The catalogue's IRI and its harvest entry point (paged with Hydra). */
  readonly catalogue: string;
  /** The public JSON listing the web UI's catalogue search reads (`GET /api/catalogue/entries`). */
  readonly search: string;
  /** The OpenAPI document of the node's API. */
  readonly openApi: string;
  /** The VoID description of the node's linked data. */
  readonly void: string;
  /** The FAIR Data Point's root (its metadata service). */
  readonly fdp: string;
  /** The FAIR Data Point's record of the catalogue. */
  readonly fdpCatalogue: string;
  /** The LDP container of the FAIR Data Point's catalogues. */
  readonly fdpCatalogues: string;
  /** The FAIR Data Point's record of a dataset (by its UUID). */
  fdpDataset(uuid: string): string;
  /** The FAIR Data Point's record of a dataset's distribution (by the dataset's UUID). */
  fdpDistribution(uuid: string): string;
  /** The SHACL profile of a kind of FAIR Data Point record. */
  fdpProfile(kind: FdpRecordKind): string;
  /** A served SHACL shapes file (`oncoatlas.ttl`, or a vendored official file's path). */
  shapes(path: string): string;
}

export type FdpRecordKind = 'fdp' | 'catalogue' | 'dataset' | 'distribution';
export const FDP_RECORD_KINDS: readonly FdpRecordKind[] = ['fdp', 'catalogue', 'dataset', 'distribution'];

/** Paths of the routes, for the server to register exactly what the records link to. */
export const HARVEST_PATHS = {
  catalogue: '/catalogue',
  search: '/api/catalogue/entries',
  openApi: '/openapi.json',
  void: '/.well-known/void',
  fdp: '/fdp',
  fdpCatalogue: '/fdp/catalogue',
  fdpCatalogues: '/fdp/catalogues',
  fdpDataset: '/fdp/datasets',
  fdpDistribution: '/fdp/distributions',
  fdpProfile: '/fdp/profiles',
  shapes: '/shapes',
} as const;

/** @example harvestEndpoints('https://node.example/').catalogue // 'https://node.example/catalogue' */
export function harvestEndpoints(baseUrl: string): HarvestEndpoints {
  if (!URL.canParse(baseUrl) || !/^https?:\/\//i.test(baseUrl)) {
    throw oncoError('CONFIG_INVALID', 'The node\'s public URL is not an http(s) address (--public-url).', { field: 'publicUrl' });
  }
  const url = new URL(baseUrl);
  // Query and fragment are not part of a base; a trailing slash would double the paths' own.
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const at = (path: string): string => `${base}${path}`;
  const segment = (s: string): string => encodeURIComponent(s);
  return {
    base,
    catalogue: at(HARVEST_PATHS.catalogue),
    search: at(HARVEST_PATHS.search),
    openApi: at(HARVEST_PATHS.openApi),
    void: at(HARVEST_PATHS.void),
    fdp: at(HARVEST_PATHS.fdp),
    fdpCatalogue: at(HARVEST_PATHS.fdpCatalogue),
    fdpCatalogues: at(HARVEST_PATHS.fdpCatalogues),
    fdpDataset: (uuid) => at(`${HARVEST_PATHS.fdpDataset}/${segment(uuid)}`),
    fdpDistribution: (uuid) => at(`${HARVEST_PATHS.fdpDistribution}/${segment(uuid)}`),
    fdpProfile: (kind) => at(`${HARVEST_PATHS.fdpProfile}/${kind}.ttl`),
    shapes: (path) => at(`${HARVEST_PATHS.shapes}/${path.split('/').map(segment).join('/')}`),
  };
}
