/**
 * The node's dcat:Catalog (§4.3) as pages a harvester can crawl. Each page is a complete document: the
 * catalogue with its mandatory properties, `dcat:dataset` links to the datasets of that page, and those
 * datasets' full records, so a harvester needs one request per page and nothing else.
 *
 * Paging vocabulary: the reference notes name none (EUCAIM's harvesting of node catalogues is "in progress",
 * §2/§12), and DCAT itself has no paging. We use the W3C Hydra core vocabulary, the one generic DCAT
 * harvesters follow (CKAN's ckanext-dcat, data.gouv.fr's udata: "hydra current (PartialCollection)"): the catalogue is also a `hydra:Collection` with `hydra:totalItems`,
 * and its `hydra:view` is the page, a `hydra:PartialCollectionView` with `hydra:first`, `hydra:last` and,
 * where they exist, `hydra:previous` and `hydra:next`. A crawler follows `hydra:next` until there is none.
 *
 * The links are built from the endpoint that answered (`PageRequest.endpoint`: the node's public URL, or the
 * request's own address, with the route's path and query), never from a configured IRI: following
 * `hydra:next` stays on the endpoint the crawler was pointed at, whichever of the node's entry points it is.
 * The same endpoint is advertised as a `hydra:search` template with `modifiedSince`, for incremental harvests.
 */
import { DataFactory } from 'n3';
import type { Quad } from 'n3';
import { oncoError } from '@oncoatlas/core';
import { addOrganisation } from './agent-records.ts';
import { legislation, webDocument } from './concept-records.ts';
import { addCatalogueRecords, addCatalogueServices, recordModified } from './catalogue-service-records.ts';
import type { CatalogueFacts, DatasetFacts } from './dataset-facts.ts';
import { datasetQuads } from './dataset-records.ts';
import type { HarvestEndpoints } from './harvest-endpoints.ts';
import { blankNodes, dateLiteral, groupedBySubject, iriFact, linkFact, localisedLiterals, term, Triples, typed, uniqueQuads } from './rdf-terms.ts';

const { namedNode, literal } = DataFactory;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  /** 1-based; default 1. */
  readonly page?: number;
  /** Datasets per page; default DEFAULT_PAGE_SIZE, at most MAX_PAGE_SIZE. */
  readonly pageSize?: number;
  /**
   * The URL of the endpoint that answers (`https://node.example/catalogue?pageSize=1`): the page links are this
   * URL with its `page` (and `pageSize`) set, other query parameters kept. Default: the catalogue's IRI.
   */
  readonly endpoint?: string;
  /** Only the datasets whose catalogue record changed after this instant (ISO 8601 date-time): an incremental harvest. */
  readonly modifiedSince?: string;
  /** The node's harvest endpoints: with them, the page describes the node's data services too. */
  readonly endpoints?: HarvestEndpoints;
}

/** How many pages `total` datasets make (an empty catalogue still has its first page). */
export function pageCount(total: number, pageSize: number = DEFAULT_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The IRI of a page: the endpoint's URL with `page` (and `pageSize` when not the default) in its query, its
 * other parameters kept. The server parses the same parameters, so links and routes cannot drift apart.
 */
export function pageIri(endpoint: string, page: number, pageSize: number = DEFAULT_PAGE_SIZE): string {
  const url = new URL(endpoint);
  url.hash = '';
  // page and pageSize first, whatever order the request had them in: one IRI per page.
  const rest = [...url.searchParams].filter(([name]) => name !== 'page' && name !== 'pageSize');
  url.search = '';
  url.searchParams.set('page', String(page));
  if (pageSize !== DEFAULT_PAGE_SIZE) url.searchParams.set('pageSize', String(pageSize));
  for (const [name, value] of rest) url.searchParams.append(name, value);
  return url.toString();
}

/**
 * The quads of one catalogue page. `datasets` are the published dataset versions (one per dataset); they
 * are ordered by identifier so that every dataset is on exactly one page while the set does not change.
 *
 * @example
 * const quads = catalogueQuads(catalogue, published, { page: 2, pageSize: 50 });
 * reply.type('text/turtle').send(await toTurtle(quads));
 */
export function catalogueQuads(catalogue: CatalogueFacts, datasets: readonly DatasetFacts[], request: PageRequest = {}): Quad[] {
  const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
  const page = request.page ?? 1;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw oncoError('CATALOGUE_BAD_PAGE', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { pageSize: String(pageSize) });
  }
  const since = sinceOf(request.modifiedSince);
  const ordered = datasets.filter((d) => since === undefined || Date.parse(recordModified(d)) > since).sort((a, b) => (a.identifierIri < b.identifierIri ? -1 : a.identifierIri > b.identifierIri ? 1 : 0));
  ordered.forEach((d, i) => {
    if (i > 0 && ordered[i - 1]!.identifierIri === d.identifierIri) {
      throw oncoError('CATALOGUE_INVALID_FACTS', `Two datasets given to the catalogue have the same identifier (${d.id}); list only the published version of each.`, { field: 'identifierIri', dataset: d.id });
    }
  });
  const last = pageCount(ordered.length, pageSize);
  if (!Number.isSafeInteger(page) || page < 1 || page > last) {
    throw oncoError('CATALOGUE_BAD_PAGE', `There is no catalogue page ${String(page)}: pages run from 1 to ${last}.`, { page: String(page), last });
  }
  const onPage = ordered.slice((page - 1) * pageSize, page * pageSize);
  const endpoint = request.endpoint ?? catalogue.iri;

  const t = new Triples();
  const node = blankNodes(catalogue.iri);
  const cat = iriFact(catalogue.iri, 'catalogue.iri');
  t.add(cat, 'rdf:type', term('dcat:Catalog'));
  t.add(cat, 'rdf:type', term('hydra:Collection'));
  t.addAll(cat, 'dct:title', localisedLiterals(catalogue.title, 'catalogue.title'));
  t.addAll(cat, 'dct:description', localisedLiterals(catalogue.description, 'catalogue.description'));
  catalogue.applicableLegislation.forEach((iri, i) => t.add(cat, 'dcatap:applicableLegislation', legislation(t, iriFact(iri, `catalogue.applicableLegislation[${i}]`))));
  addOrganisation(t, cat, 'dct:publisher', catalogue.publisher, node, 'publisher');
  if (catalogue.homepage) {
    t.add(cat, 'foaf:homepage', webDocument(t, linkFact(catalogue.homepage, 'catalogue.homepage')));
  }
  if (catalogue.modifiedAt) t.add(cat, 'dct:modified', dateLiteral(catalogue.modifiedAt, 'catalogue.modifiedAt'));
  if (catalogue.issuedAt) t.add(cat, 'dct:issued', dateLiteral(catalogue.issuedAt, 'catalogue.issuedAt'));
  if (catalogue.license) {
    const license = linkFact(catalogue.license, 'catalogue.license');
    t.add(cat, 'dct:license', license);
    t.add(license, 'rdf:type', term('dct:LicenseDocument'));
  }
  for (const d of onPage) t.add(cat, 'dcat:dataset', iriFact(d.identifierIri, `${d.id}.identifierIri`));
  addCatalogueRecords(t, cat, onPage);
  if (request.endpoints) addCatalogueServices(t, catalogue, request.endpoints, onPage);

  t.add(cat, 'hydra:totalItems', typed(ordered.length, 'nonNegativeInteger'));
  const view = namedNode(pageIri(endpoint, page, pageSize));
  const link = (n: number) => namedNode(pageIri(endpoint, n, pageSize));
  t.add(cat, 'hydra:view', view);
  t.add(view, 'rdf:type', term('hydra:PartialCollectionView'));
  t.add(view, 'hydra:first', link(1));
  t.add(view, 'hydra:last', link(last));
  if (page > 1) t.add(view, 'hydra:previous', link(page - 1));
  if (page < last) t.add(view, 'hydra:next', link(page + 1));
  addSearchTemplate(t, cat, endpoint, node);

  return uniqueQuads([...groupedBySubject(t.quads), ...onPage.flatMap((d) => datasetQuads(d))]);
}

function sinceOf(modifiedSince: string | undefined): number | undefined {
  if (modifiedSince === undefined) return undefined;
  const at = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(modifiedSince) ? Date.parse(modifiedSince) : Number.NaN;
  if (Number.isNaN(at)) throw oncoError('USAGE', 'modifiedSince is not an ISO 8601 date or date-time with zone (e.g. 2026-03-14T10:22:05Z).', { field: 'modifiedSince' });
  return at;
}

/**
 * `hydra:search`: the endpoint's query parameters as an IRI template, so a client learns `modifiedSince` from
 * the answer instead of building URLs from documentation.
 */
function addSearchTemplate(t: Triples, cat: ReturnType<typeof iriFact>, endpoint: string, node: ReturnType<typeof blankNodes>): void {
  const url = new URL(endpoint);
  const template = node('search');
  t.add(cat, 'hydra:search', template);
  t.add(template, 'rdf:type', term('hydra:IriTemplate'));
  t.add(template, 'hydra:template', literal(`${url.origin}${url.pathname}{?modifiedSince,page,pageSize}`));
  t.add(template, 'hydra:variableRepresentation', term('hydra:BasicRepresentation'));
  const variables = [['modifiedSince', 'dct:modified'], ['page', 'hydra:pageIndex'], ['pageSize', 'hydra:limit']] as const;
  for (const [variable, property] of variables) {
    const mapping = node(`search_${variable}`);
    t.add(template, 'hydra:mapping', mapping);
    t.add(mapping, 'rdf:type', term('hydra:IriTemplateMapping'));
    t.add(mapping, 'hydra:variable', literal(variable));
    t.add(mapping, 'hydra:property', term(property));
    t.add(mapping, 'hydra:required', typed(false, 'boolean'));
  }
}
