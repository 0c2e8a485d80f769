/**
 * The public catalogue a harvester crawls: the node's published datasets as EUCAIM DCAT-AP records, in pages,
 * as Turtle or JSON-LD by content negotiation. Only published datasets appear, described by their latest
 * released version with the fields the steward published them with.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { catalogueQuads, contentTypeFor, datasetQuads, parseStewardFacts, serialise, validateRecords, MAX_PAGE_SIZE, type CatalogueFacts } from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import { changeCatalogueState, datasetFactsOf, publishedDatasetFacts, publishedFactsOf } from '@oncoatlas/release';
import { actorOf } from './auth/access-hook.ts';
import { DATASET_ID_PARAMS } from './node-routes.ts';
import type { StudyLedger } from '@oncoatlas/store';
import { problemOf, sendProblem } from './problem-details.ts';
import type { Serially } from './serial-queue.ts';

export interface CatalogueOptions {
  readonly dataDir: string;
  /** The node's catalogue: its IRI, title, description, publisher, legislation. */
  readonly settings: CatalogueFacts;
  readonly identifierBase?: string;
}

const RECORDS = { description: 'Turtle (text/turtle) or JSON-LD (application/ld+json), as the Accept header asks', type: 'string' } as const;

/** The identifier option every facts call of a route passes on. */
export const identifierOf = (c: CatalogueOptions): { identifierBase?: string } => (c.identifierBase ? { identifierBase: c.identifierBase } : {});

/** The catalogue's settings; DATASET_NOT_FOUND (404) when the node publishes no catalogue. */
export function requireCatalogue(o: CatalogueOptions | undefined): CatalogueOptions {
  if (!o) throw oncoError('DATASET_NOT_FOUND', 'This node publishes no catalogue (oncoatlas serve --catalogue-settings).');
  return o;
}

function notAcceptable(reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problemOf(oncoError('USAGE', 'The catalogue is served as text/turtle or application/ld+json; ask for one of them in Accept.')), 406);
}

export async function registerCatalogueRoutes(api: FastifyInstance, ledger: StudyLedger, o: CatalogueOptions | undefined, serially: Serially): Promise<void> {
  const settings = (): CatalogueOptions => requireCatalogue(o);
  api.get<{ Querystring: { page?: number; pageSize?: number } }>('/catalogue', {
    schema: {
      summary: 'The published datasets as a paged DCAT catalogue (Hydra next/previous links), for harvesters',
      tags: ['catalogue'],
      querystring: { type: 'object', additionalProperties: false, properties: { page: { type: 'integer', minimum: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE } } },
      response: { 200: RECORDS, default: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const type = contentTypeFor(request.headers.accept);
    if (!type) return notAcceptable(reply);
    const c = settings();
    const datasets = await publishedDatasetFacts(ledger, c.dataDir, identifierOf(c));
    const quads = catalogueQuads(c.settings, datasets, { ...(request.query.page ? { page: request.query.page } : {}), ...(request.query.pageSize ? { pageSize: request.query.pageSize } : {}) });
    return reply.type(type).send(await serialise(quads, type));
  });

  api.get<{ Params: { id: string } }>('/catalogue/datasets/:id', {
    schema: {
      summary: 'One published dataset\'s records',
      tags: ['catalogue'],
      params: DATASET_ID_PARAMS,
      response: { 200: RECORDS, default: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const type = contentTypeFor(request.headers.accept);
    if (!type) return notAcceptable(reply);
    const c = settings();
    const facts = await publishedFactsOf(ledger, c.dataDir, request.params.id, identifierOf(c));
    if (!facts) throw oncoError('DATASET_NOT_FOUND', `There is no published dataset ${request.params.id} in this catalogue.`);
    return reply.type(type).send(await serialise(datasetQuads(facts), type));
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
    const facts = await datasetFactsOf(ledger, c.dataDir, request.params.id, parseStewardFacts(request.body.steward), identifierOf(c));
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
      ...(request.body?.steward !== undefined ? { steward: request.body.steward } : {}), ...(identifierOf(c)),
    }), 'serve: catalogue change');
  });
}
