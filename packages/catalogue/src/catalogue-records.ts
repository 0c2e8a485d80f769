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
 */
import { DataFactory } from 'n3';
import type { Quad } from 'n3';
import { oncoError } from '@oncoatlas/core';
import { addOrganisation } from './agent-records.ts';
import type { CatalogueFacts, DatasetFacts } from './dataset-facts.ts';
import { datasetQuads } from './dataset-records.ts';
import { blankNodes, dateLiteral, groupedBySubject, iriFact, linkFact, localisedLiterals, term, Triples, typed, uniqueQuads } from './rdf-terms.ts';

const { namedNode } = DataFactory;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  /** 1-based; default 1. */
  readonly page?: number;
  /** Datasets per page; default DEFAULT_PAGE_SIZE, at most MAX_PAGE_SIZE. */
  readonly pageSize?: number;
}

/** How many pages `total` datasets make (an empty catalogue still has its first page). */
export function pageCount(total: number, pageSize: number = DEFAULT_PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * The IRI of a page: the catalogue IRI with `page` (and `pageSize` when not the default) in its query. The
 * server parses the same parameters, so links and routes cannot drift apart.
 */
export function pageIri(catalogueIri: string, page: number, pageSize: number = DEFAULT_PAGE_SIZE): string {
  const url = new URL(catalogueIri);
  url.searchParams.set('page', String(page));
  if (pageSize !== DEFAULT_PAGE_SIZE) url.searchParams.set('pageSize', String(pageSize));
  else url.searchParams.delete('pageSize');
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
  const ordered = [...datasets].sort((a, b) => (a.identifierIri < b.identifierIri ? -1 : a.identifierIri > b.identifierIri ? 1 : 0));
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

  const t = new Triples();
  const node = blankNodes(catalogue.iri);
  const cat = iriFact(catalogue.iri, 'catalogue.iri');
  t.add(cat, 'rdf:type', term('dcat:Catalog'));
  t.add(cat, 'rdf:type', term('hydra:Collection'));
  t.addAll(cat, 'dct:title', localisedLiterals(catalogue.title, 'catalogue.title'));
  t.addAll(cat, 'dct:description', localisedLiterals(catalogue.description, 'catalogue.description'));
  catalogue.applicableLegislation.forEach((iri, i) => t.add(cat, 'dcatap:applicableLegislation', iriFact(iri, `catalogue.applicableLegislation[${i}]`)));
  addOrganisation(t, cat, 'dct:publisher', catalogue.publisher, node, 'publisher');
  if (catalogue.homepage) t.add(cat, 'foaf:homepage', linkFact(catalogue.homepage, 'catalogue.homepage'));
  if (catalogue.modifiedAt) t.add(cat, 'dct:modified', dateLiteral(catalogue.modifiedAt, 'catalogue.modifiedAt'));
  for (const d of onPage) t.add(cat, 'dcat:dataset', iriFact(d.identifierIri, `${d.id}.identifierIri`));

  t.add(cat, 'hydra:totalItems', typed(ordered.length, 'nonNegativeInteger'));
  const view = namedNode(pageIri(catalogue.iri, page, pageSize));
  const link = (n: number) => namedNode(pageIri(catalogue.iri, n, pageSize));
  t.add(cat, 'hydra:view', view);
  t.add(view, 'rdf:type', term('hydra:PartialCollectionView'));
  t.add(view, 'hydra:first', link(1));
  t.add(view, 'hydra:last', link(last));
  if (page > 1) t.add(view, 'hydra:previous', link(page - 1));
  if (page < last) t.add(view, 'hydra:next', link(page + 1));

  return uniqueQuads([...groupedBySubject(t.quads), ...onPage.flatMap((d) => datasetQuads(d))]);
}
