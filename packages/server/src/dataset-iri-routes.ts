/**
 * The datasets' IRIs, dereferenced: `GET /catalogue/datasets/<uuid>` is the stable identifier the node gave a
 * dataset when it was first published (docs/catalogue.md), and answers by content negotiation: Turtle, JSON-LD,
 * RDF/XML or N-Triples for a client that asks for RDF, an HTML page for a browser (`text/html`), with
 * `Vary: Accept`. Clients that cannot negotiate add a suffix (`<iri>.ttl`, `.jsonld`, `.rdf`, `.nt`, `.html`)
 * or `?format=`. A withdrawn dataset answers 410 Gone with its tombstone; one never published, taken back out
 * of the catalogue, or an unknown UUID, 404.
 *
 * Outside /api on purpose: the IRI is public and permanent, the API's paths are not, and the web UI's own
 * pages never use this path (its catalogue pages are `/catalogue` and `/catalogue/<id>`).
 */
import type { FastifyInstance } from 'fastify';
import { FORMAT_SUFFIXES } from '@oncoatlas/catalogue';
import { DATASET_IRI_PATH, listedFactsByUuid } from '@oncoatlas/release';
import type { StudyLedger } from '@oncoatlas/store';
import { requireCatalogue, type CatalogueOptions } from './catalogue-routes.ts';
import { pageTypeOf, RECORDS, sendListedDataset } from './record-replies.ts';

const SUFFIXES = Object.keys(FORMAT_SUFFIXES);
const FILE = new RegExp(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?:\\.(${SUFFIXES.join('|')}))?$`);

export async function registerDatasetIriRoutes(app: FastifyInstance, ledger: StudyLedger, o: CatalogueOptions | undefined): Promise<void> {
  app.get<{ Params: { file: string }; Querystring: { format?: string } }>(`${DATASET_IRI_PATH}:file`, {
    schema: {
      summary: 'A dataset\'s stable IRI: its records (Turtle, JSON-LD, RDF/XML, N-Triples) or an HTML page, by Accept; 410 with a tombstone once withdrawn',
      tags: ['catalogue'],
      params: {
        type: 'object', required: ['file'],
        properties: { file: { type: 'string', description: 'the dataset\'s UUID, optionally with a format suffix (.ttl, .jsonld, .rdf, .nt, .html)' } },
      },
      querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: SUFFIXES, description: 'the format, for clients that cannot send Accept' } } },
      response: { 200: RECORDS, 410: RECORDS, default: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const c = requireCatalogue(o);
    // Anything but a UUID (with a known suffix) is no identifier this node gave: not found, like an unknown UUID.
    const m = FILE.exec(request.params.file);
    const listed = m ? await listedFactsByUuid(ledger, c.dataDir, m[1]!.toLowerCase()) : undefined;
    return sendListedDataset(reply, listed, pageTypeOf(m?.[2] ?? request.query.format, request.headers.accept));
  });
}
