/**
 * The public catalogue a harvester crawls: the node's published datasets as EUCAIM DCAT-AP records, in pages,
 * as Turtle, JSON-LD, RDF/XML or N-Triples by content negotiation. Only published datasets appear, described by
 * their latest released version with the fields the steward published them with. Each dataset is named by the
 * IRI it was given when first published (stored; dataset-iri-routes.ts dereferences it).
 */
import type { FastifyInstance } from 'fastify';
import { datasetQuads, parseStewardFacts, validateRecords, type CatalogueFacts } from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import { changeCatalogueState, datasetFactsOf, listedFactsOf } from '@oncoatlas/release';
import { actorOf } from './auth/access-hook.ts';
import { DATASET_ID_PARAMS } from './node-routes.ts';
import type { StudyLedger } from '@oncoatlas/store';
import { PAGE_QUERY, sendCataloguePage, type PageQuery } from './harvest-routes.ts';
import { pageTypeOf, RECORDS, sendListedDataset } from './record-replies.ts';
import type { Serially } from './serial-queue.ts';

export { sendRecords } from './record-replies.ts';

export interface CatalogueOptions {
  readonly dataDir: string;
  /** The node's catalogue: its IRI, title, description, publisher, legislation. */
  readonly settings: CatalogueFacts;
  /**
   * The node's public URL (`serve --public-url`): the base of the IRI a dataset published through the API is
   * given, when the ledger keeps none yet (then the URL the steward's browser used is taken). Once kept, the
   * ledger's URL is used and this one only warned about: a dataset's IRI never changes.
   */
  readonly publicUrl?: string;
}

/** The catalogue's settings; DATASET_NOT_FOUND (404) when the node publishes no catalogue. */
export function requireCatalogue(o: CatalogueOptions | undefined): CatalogueOptions {
  if (!o) throw oncoError('DATASET_NOT_FOUND', 'This node publishes no catalogue (oncoatlas serve --catalogue-settings).');
  return o;
}

export async function registerCatalogueRoutes(api: FastifyInstance, ledger: StudyLedger, o: CatalogueOptions | undefined, serially: Serially): Promise<void> {
  const settings = (): CatalogueOptions => requireCatalogue(o);
  // The same pages as the catalogue's own IRI (/catalogue, harvest-routes.ts), their Hydra links pointing here.
  api.get<{ Querystring: PageQuery }>('/catalogue', {
    schema: {
      summary: 'The published datasets as a paged DCAT catalogue (Hydra next/previous links to this endpoint), for harvesters; the catalogue\'s IRI is /catalogue',
      tags: ['catalogue'],
      querystring: PAGE_QUERY,
      response: { 200: RECORDS, default: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => sendCataloguePage(request, reply, ledger, { catalogue: settings(), ...(o?.publicUrl ? { publicUrl: o.publicUrl } : {}), version: '', web: false }, request.query));

  api.get<{ Params: { id: string } }>('/catalogue/datasets/:id', {
    schema: {
      summary: 'One published dataset\'s records by its id in this node, as at its IRI (/catalogue/datasets/{uuid}): 410 with a tombstone once withdrawn',
      tags: ['catalogue'],
      params: DATASET_ID_PARAMS,
      response: { 200: RECORDS, 410: RECORDS, default: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const c = settings();
    return sendListedDataset(reply, await listedFactsOf(ledger, c.dataDir, request.params.id), pageTypeOf(undefined, request.headers.accept));
  });

  const stewardBody = {
    type: 'object', additionalProperties: false,
    properties: { steward: { type: 'object', description: 'the steward\'s fields of the record (docs/catalogue.md)' } },
  } as const;

  api.post<{ Params: { id: string }; Body: { steward: unknown } }>('/catalogue/datasets/:id/check', {
    schema: {
      summary: 'Check a released dataset\'s records with these steward fields against the shapes (live feedback for the form)',
      tags: ['catalogue'], params: DATASET_ID_PARAMS, body: { ...stewardBody, required: ['steward'] },
      response: { 200: { type: 'object', additionalProperties: true }, default: { $ref: 'Problem#' } },
    },
  }, async (request) => {
    const c = settings();
    const facts = await datasetFactsOf(ledger, c.dataDir, request.params.id, parseStewardFacts(request.body.steward));
    return validateRecords(datasetQuads(facts));
  });

  api.post<{ Params: { id: string; action: string }; Body: { steward?: unknown } }>('/catalogue/datasets/:id/:action', {
    schema: {
      summary: 'Publish, unpublish, invalidate or reactivate a dataset in the catalogue (audited as UPDATE_DATASET)',
      tags: ['catalogue'],
      params: { type: 'object', required: ['id', 'action'], properties: { ...DATASET_ID_PARAMS.properties, action: { type: 'string', enum: ['publish', 'unpublish', 'invalidate', 'reactivate'] } } },
      body: stewardBody,
      response: { 200: { type: 'object', additionalProperties: true }, default: { $ref: 'Problem#' } },
    },
  }, async (request) => {
    const c = settings();
    const by = actorOf(request);
    return serially(() => changeCatalogueState({
      ledger, dataDir: c.dataDir, id: request.params.id, action: request.params.action.toUpperCase() as 'PUBLISH', by, now: () => new Date().toISOString(),
      ...(request.body?.steward !== undefined ? { steward: request.body.steward } : {}),
      ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}),
      // Without a configured URL, the address the steward reached the node at names its first dataset.
      ...(request.headers.host ? { requestOrigin: `${request.protocol}://${request.headers.host}` } : {}),
      warn: (message) => request.log.warn({ code: 'PUBLIC_URL_DIFFERS' }, message),
    }), 'serve: catalogue change');
  });
}
