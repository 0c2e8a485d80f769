/**
 * Where harvesters start, outside /api and public (no sign-in; nothing here is more than the published
 * catalogue holds):
 *
 * - `GET /catalogue` (also `/catalogue.ttl`, `.jsonld`, `.rdf`, `.nt`, or `?format=`): the catalogue at its
 *   own IRI, in pages linked with Hydra, by content negotiation; a browser (`text/html`) gets the web UI's
 *   catalogue page. `GET /api/catalogue` answers the same pages (catalogue-routes.ts).
 * - `GET /fdp`, `/fdp/catalogue`, `/fdp/datasets/{uuid}`, `/fdp/distributions/{uuid}`, `/fdp/profiles/{kind}.ttl`:
 *   a FAIR Data Point (v1.2), Turtle by default, JSON-LD, RDF/XML, N-Triples by Accept.
 * - `GET /shapes/oncoatlas.ttl` (our SHACL shapes) and the vendored official shapes the records are tested with.
 * - `GET /.well-known/void`: the VoID description pointing to the catalogue.
 *
 * Links are built from the endpoint that answered: the node's configured public URL (`--public-url`) when there
 * is one, else the scheme and Host of the request itself (X-Forwarded-* are not read: Fastify trusts no proxy
 * here), with the route's own path and query. Following them never leaves the endpoint a crawler was given.
 * The catalogue and its datasets are named under the URL the ledger keeps (the one their IRIs were drawn
 * under), so the catalogue's IRI and its datasets' always share a base.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  catalogueQuads, contentTypeFor, fdpCatalogueQuads, fdpDatasetQuads, fdpDistributionQuads, fdpProfileTurtle, fdpRootQuads, FDP_RECORD_KINDS, FORMAT_SUFFIXES,
  harvestEndpoints, HARVEST_PATHS, MAX_PAGE_SIZE, OFFICIAL_PROFILES, officialShapeFiles, PAGE_CONTENT_TYPES, SHAPES_TURTLE, voidQuads, type CatalogueFacts, type DatasetFacts, type HarvestEndpoints,
} from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import { publishedDatasetFacts } from '@oncoatlas/release';
import type { StudyLedger } from '@oncoatlas/store';
import { requireCatalogue, type CatalogueOptions } from './catalogue-routes.ts';
import { RECORDS, sendRecords } from './record-replies.ts';
import { sendUiPage } from './web-ui.ts';

export interface HarvestOptions {
  readonly catalogue?: CatalogueOptions;
  /** The node's public URL as harvesters reach it (ServerOptions.publicUrl); default: each request's own origin. */
  readonly publicUrl?: string;
  /** The node's software version (the FAIR Data Point states it). */
  readonly version: string;
  /** Whether the web UI is served: then a browser asking for the catalogue gets its page. */
  readonly web: boolean;
}

/** Shapes files served under /shapes/, by path: ours; the official ones are added by registerShapes's caller. */
export type ServedShapes = Readonly<Record<string, string>>;

const RDF_SUFFIXES = Object.entries(FORMAT_SUFFIXES).filter(([, type]) => type !== 'text/html');

/** The base of the endpoint that answered: the configured public URL, else the request's scheme and Host. */
export function servedBase(request: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  // request.host is the Host header (Fastify reads X-Forwarded-Host only when told to trust a proxy).
  return `${request.protocol}://${request.host}`;
}

/** The full URL of the request as served: the base with the route's own path and query. */
export function servedUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return `${servedBase(request, publicUrl)}${request.url}`;
}

interface CatalogueView {
  readonly c: CatalogueOptions;
  readonly endpoints: HarvestEndpoints;
  readonly settings: CatalogueFacts;
  readonly datasets: DatasetFacts[];
}

/** The catalogue named under the ledger's public URL (that of its datasets' IRIs), else the served base. */
async function catalogueView(ledger: StudyLedger, o: HarvestOptions, request: FastifyRequest): Promise<CatalogueView> {
  const c = requireCatalogue(o.catalogue);
  const base = (await ledger.datasets.publicUrl()) ?? servedBase(request, o.publicUrl ?? c.publicUrl);
  const endpoints = harvestEndpoints(base);
  return { c, endpoints, settings: { ...c.settings, iri: endpoints.catalogue }, datasets: await publishedDatasetFacts(ledger, c.dataDir) };
}

export interface PageQuery {
  readonly page?: number;
  readonly pageSize?: number;
  readonly modifiedSince?: string;
  readonly format?: string;
}

export const PAGE_QUERY = {
  type: 'object', additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
    modifiedSince: { type: 'string', description: 'only the datasets whose catalogue record changed after this ISO 8601 date-time (an incremental harvest)' },
    format: { type: 'string', enum: RDF_SUFFIXES.map(([s]) => s), description: 'the format, for clients that cannot send Accept' },
  },
} as const;

/**
 * One catalogue page as the endpoint that answered serves it (its links stay on that endpoint). `format` (a
 * suffix or `?format=`) names the type outright; otherwise the Accept header decides.
 */
export async function sendCataloguePage(request: FastifyRequest, reply: FastifyReply, ledger: StudyLedger, o: HarvestOptions, query: PageQuery, format?: string): Promise<FastifyReply> {
  const view = await catalogueView(ledger, o, request);
  const quads = catalogueQuads(view.settings, view.datasets, {
    ...(query.page ? { page: query.page } : {}), ...(query.pageSize ? { pageSize: query.pageSize } : {}),
    ...(query.modifiedSince ? { modifiedSince: query.modifiedSince } : {}),
    endpoint: servedUrl(request, o.publicUrl ?? view.c.publicUrl), endpoints: view.endpoints,
  });
  publicRead(reply);
  const fixed = format ?? query.format;
  return sendRecords(reply, quads, fixed ? FORMAT_SUFFIXES[fixed] : request.headers.accept);
}

/** Public metadata: any site's script may read it (no credentials are involved). */
function publicRead(reply: FastifyReply): void {
  void reply.header('access-control-allow-origin', '*');
}

const TURTLE = { description: 'Turtle', type: 'string' } as const;

/** The official shapes the records are tested with (packages/catalogue/shapes/vendor), verbatim, by their vendored path. */
export function officialShapesServed(): ServedShapes {
  return Object.fromEntries(OFFICIAL_PROFILES.flatMap((p) => officialShapeFiles(p.id).files.map((f) => [f.name, f.turtle] as const)));
}

export async function registerHarvestRoutes(app: FastifyInstance, ledger: StudyLedger, o: HarvestOptions, shapes: ServedShapes = officialShapesServed()): Promise<void> {
  const tags = ['harvest'];
  const pageSchema = (summary: string) => ({ summary, tags, querystring: PAGE_QUERY, response: { 200: RECORDS, default: { $ref: 'Problem#' } } });

  app.get<{ Querystring: PageQuery }>(HARVEST_PATHS.catalogue, {
    schema: pageSchema('The catalogue at its IRI: published datasets as DCAT-AP records with catalogue records and data services, in Hydra pages (hydra:next), by Accept; a browser gets the catalogue page'),
    // Before the query is validated: the browser's page has query parameters of its own (`?modality=CT`), which
    // are the UI's to read, not the harvest endpoint's to refuse.
    preValidation: async (request, reply) => {
      const format = (request.query as { format?: unknown } | undefined)?.format;
      if (format === undefined && o.web && contentTypeFor(request.headers.accept, PAGE_CONTENT_TYPES) === 'text/html') {
        void reply.header('vary', 'Accept');
        return sendUiPage(reply);
      }
      return undefined;
    },
  }, async (request, reply) => sendCataloguePage(request, reply, ledger, o, request.query));
  for (const [suffix] of RDF_SUFFIXES) {
    app.get<{ Querystring: PageQuery }>(`${HARVEST_PATHS.catalogue}.${suffix}`, {
      schema: pageSchema(`The catalogue's pages as ${FORMAT_SUFFIXES[suffix]}, whatever Accept says`),
    }, async (request, reply) => sendCataloguePage(request, reply, ledger, o, request.query, suffix));
  }

  const fdpContext = async (request: FastifyRequest) => {
    const view = await catalogueView(ledger, o, request);
    return { endpoints: view.endpoints, catalogue: view.settings, datasets: view.datasets, softwareVersion: o.version };
  };
  // The FDP's default type is Turtle (spec §6): no Accept, or */*, gives Turtle.
  const sendFdp = (reply: FastifyReply, quads: Parameters<typeof sendRecords>[1], request: FastifyRequest) => {
    publicRead(reply);
    return sendRecords(reply, quads, request.headers.accept);
  };
  const fdpSchema = (summary: string, params?: object) => ({ summary, tags, ...(params ? { params } : {}), response: { 200: RECORDS, default: { $ref: 'Problem#' } } });
  const UUID_PARAMS = { type: 'object', required: ['uuid'], properties: { uuid: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } } } as const;
  const publishedByUuid = (datasets: readonly DatasetFacts[], uuid: string): DatasetFacts => {
    const d = datasets.find((x) => x.uuid === uuid);
    if (!d) throw oncoError('DATASET_NOT_FOUND', 'There is no published dataset with this UUID in this catalogue.');
    return d;
  };

  app.get(HARVEST_PATHS.fdp, { schema: fdpSchema('FAIR Data Point (v1.2): the metadata service record, linking its catalogue') }, async (request, reply) => sendFdp(reply, fdpRootQuads(await fdpContext(request)), request));
  app.get(HARVEST_PATHS.fdpCatalogue, { schema: fdpSchema('FAIR Data Point: the catalogue record, linking every published dataset\'s record') }, async (request, reply) => sendFdp(reply, fdpCatalogueQuads(await fdpContext(request)), request));
  app.get<{ Params: { uuid: string } }>(`${HARVEST_PATHS.fdpDataset}/:uuid`, { schema: fdpSchema('FAIR Data Point: a published dataset\'s record, linking its catalogue and distribution', UUID_PARAMS) }, async (request, reply) => {
    const c = await fdpContext(request);
    return sendFdp(reply, fdpDatasetQuads(c, publishedByUuid(c.datasets, request.params.uuid)), request);
  });
  app.get<{ Params: { uuid: string } }>(`${HARVEST_PATHS.fdpDistribution}/:uuid`, { schema: fdpSchema('FAIR Data Point: a published dataset\'s distribution record, linking its dataset', UUID_PARAMS) }, async (request, reply) => {
    const c = await fdpContext(request);
    const quads = fdpDistributionQuads(c, publishedByUuid(c.datasets, request.params.uuid));
    if (!quads) throw oncoError('DATASET_NOT_FOUND', 'This dataset\'s records have no distribution.');
    return sendFdp(reply, quads, request);
  });

  const sendTurtle = (reply: FastifyReply, text: string): FastifyReply => {
    publicRead(reply);
    return reply.type('text/turtle; charset=utf-8').header('cache-control', 'public, max-age=3600').send(text);
  };
  for (const kind of FDP_RECORD_KINDS) {
    app.get(`${HARVEST_PATHS.fdpProfile}/${kind}.ttl`, { schema: { summary: `FAIR Data Point: the SHACL profile of its ${kind} records`, tags, response: { 200: TURTLE } } }, async (_request, reply) => sendTurtle(reply, fdpProfileTurtle(kind)));
  }
  app.get(`${HARVEST_PATHS.shapes}/oncoatlas.ttl`, { schema: { summary: 'Our SHACL shapes: what the node checks before it publishes', tags, response: { 200: TURTLE } } }, async (_request, reply) => sendTurtle(reply, SHAPES_TURTLE));
  // The official shapes, verbatim, under the folder they are vendored in (packages/catalogue/shapes/vendor/).
  app.get<{ Params: { folder: string; file: string } }>(`${HARVEST_PATHS.shapes}/:folder/:file`, {
    schema: {
      summary: 'An official SHACL file the records are tested against (DCAT-AP 3.0.1, HealthDCAT-AP), as vendored with its provenance',
      tags, params: { type: 'object', properties: { folder: { type: 'string' }, file: { type: 'string' } }, required: ['folder', 'file'] },
      response: { 200: TURTLE, default: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const text = shapes[`${request.params.folder}/${request.params.file}`];
    // Unknown: the server's own 404 problem, as for any path it does not serve.
    return text === undefined ? reply.callNotFound() : sendTurtle(reply, text);
  });

  app.get(HARVEST_PATHS.void, { schema: { summary: 'VoID description of the node\'s linked data: the catalogue as root resource, formats, vocabularies, shapes', tags, response: { 200: RECORDS, default: { $ref: 'Problem#' } } } }, async (request, reply) => {
    const view = await catalogueView(ledger, o, request);
    const served = Object.keys({ 'oncoatlas.ttl': '', ...shapes }).map((p) => view.endpoints.shapes(p));
    publicRead(reply);
    return sendRecords(reply, voidQuads({ endpoints: view.endpoints, catalogue: view.settings, datasets: view.datasets, shapes: served }), request.headers.accept);
  });
}
