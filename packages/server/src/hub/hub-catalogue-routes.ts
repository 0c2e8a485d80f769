/**
 * The hub's catalogue (docs/hub.md "Catalogue"): one public search across the datasets harvested from every
 * node, as cards shaped like the node's own (`GET /api/catalogue/entries`) plus the node and `recordUrl` back
 * to the node's record, and the hub's DCAT-AP catalogue in Turtle at `/hub/catalogue` for harvesters of the
 * hub. An operator may ask for a harvest at once. Without a catalogue (HubServerOptions.catalogue) both list nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { CatalogueSearch, HubCatalogue } from '@oncoatlas/hub';
import { servedBase } from '../harvest-routes.ts';

const strings = { type: 'array', items: { type: 'string' } } as const;
const nullableInt = { type: ['integer', 'null'] } as const;

const CARD = {
  type: 'object', additionalProperties: false,
  required: ['id', 'title', 'description', 'keywords', 'state', 'version', 'releasedAt', 'modified', 'studies', 'subjects', 'modalities', 'bodyParts', 'conditions', 'primaryCondition', 'ageRange', 'node', 'recordUrl'],
  properties: {
    id: { type: 'string', description: 'the dataset\'s UUID, the last segment of its IRI' },
    title: { type: 'string' }, description: { type: 'string' }, keywords: strings,
    state: { type: 'string', enum: ['published', 'withdrawn'] },
    version: nullableInt, releasedAt: { type: ['string', 'null'] },
    modified: { type: 'string', description: 'when the node\'s catalogue record last changed' },
    studies: nullableInt, subjects: { ...nullableInt, description: 'patients' },
    modalities: { ...strings, description: 'DICOM modalities (the hyperontology code where it names none)' },
    bodyParts: { ...strings, description: 'hyperontology body-part codes the records give' },
    conditions: { ...strings, description: 'condition codes the records list (healthdcatap:hasCodeValues)' },
    primaryCondition: {
      type: ['object', 'null'], additionalProperties: false, required: ['code', 'name'],
      properties: { code: { type: 'string' }, name: { type: ['string', 'null'] } },
    },
    ageRange: { type: ['object', 'null'], additionalProperties: false, required: ['min', 'max'], properties: { min: { type: 'integer' }, max: { type: 'integer' } } },
    node: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
    recordUrl: { type: 'string', description: 'the dataset\'s IRI: its record at its node (where the node is public)' },
  },
} as const;

const SEARCH = {
  type: 'object', additionalProperties: false,
  properties: {
    q: { type: 'string', maxLength: 500, description: 'words, all to be found in title, description, keywords, conditions, modalities or node name' },
    modality: { type: 'string', maxLength: 50, description: 'a DICOM modality (CT)' },
    condition: { type: 'string', maxLength: 100, description: 'a condition code or its category (C34 finds C34.1), or a word of the primary condition' },
    node: { type: 'string', maxLength: 100 },
    withdrawn: { type: 'boolean', description: 'include datasets their node no longer publishes' },
  },
} as const;

export async function registerHubCatalogueRoutes(app: FastifyInstance, catalogue: HubCatalogue | undefined, o: { readonly publicUrl?: string }): Promise<void> {
  const tags = ['catalogue'];
  app.get('/hub/api/catalogue/entries', {
    schema: { summary: 'Search the datasets harvested from every node: public cards, each linking back to its node\'s record', tags, querystring: SEARCH, response: { 200: { type: 'array', items: CARD }, default: { $ref: 'Problem#' } } },
  }, async (request, reply) => {
    void reply.header('access-control-allow-origin', '*');
    return catalogue ? catalogue.search(request.query as CatalogueSearch) : [];
  });
  app.get('/hub/catalogue', {
    schema: { summary: 'The hub\'s DCAT-AP catalogue (Turtle): every harvested dataset, with dcat:landingPage and rdfs:seeAlso to its node\'s record', tags, response: { 200: { type: 'string' }, default: { $ref: 'Problem#' } } },
  }, async (request, reply) => {
    const iri = `${servedBase(request, o.publicUrl)}/hub/catalogue`;
    const turtle = catalogue ? await catalogue.turtle({ iri, title: 'OncoAtlas hub catalogue' }) : `<${iri}> a <http://www.w3.org/ns/dcat#Catalog> .\n`;
    return reply.header('access-control-allow-origin', '*').type('text/turtle; charset=utf-8').send(turtle);
  });
  app.post('/hub/api/catalogue/harvest', {
    schema: { summary: 'Harvest every approved node\'s catalogue now (incrementally); answers each node\'s outcome', tags },
  }, async () => ({ harvests: catalogue ? await catalogue.harvest() : [] }));
}
