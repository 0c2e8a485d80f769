/**
 * The hub's own DCAT-AP catalogue in Turtle: a dcat:Catalog listing every harvested dataset its nodes publish,
 * each with what the hub knows of it and links back to its node's record (dcat:landingPage, rdfs:seeAlso), and
 * a dcat:CatalogRecord dated by the node's record, so a harvester of the hub can harvest it incrementally too.
 */
import { DataFactory, Writer, type NamedNode, type Quad_Object } from 'n3';
import type { HubCatalogueCard } from './catalogue-search.ts';

const { namedNode, literal, quad } = DataFactory;

const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', rdfs: 'http://www.w3.org/2000/01/rdf-schema#', xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/', foaf: 'http://xmlns.com/foaf/0.1/',
} as const;

const p = (prefix: keyof typeof PREFIXES, local: string) => namedNode(`${PREFIXES[prefix]}${local}`);

export interface HubCatalogueDescription {
  /** The catalogue's IRI: the hub's `<public URL>/hub/catalogue`. */
  readonly iri: string;
  readonly title: string;
}

export function hubCatalogueTurtle(catalogue: HubCatalogueDescription, cards: readonly HubCatalogueCard[]): Promise<string> {
  const w = new Writer({ prefixes: PREFIXES });
  const cat = namedNode(catalogue.iri);
  const add = (s: NamedNode, pred: NamedNode, o: Quad_Object): void => w.addQuad(quad(s, pred, o));
  add(cat, p('rdf', 'type'), p('dcat', 'Catalog'));
  add(cat, p('dct', 'title'), literal(catalogue.title, 'en'));
  add(cat, p('dct', 'description'), literal('The datasets the nodes of this hub publish, harvested from their DCAT-AP catalogues; each links back to its node\'s record.', 'en'));
  for (const c of cards) {
    const d = namedNode(c.recordUrl);
    add(cat, p('dcat', 'dataset'), d);
    add(d, p('rdf', 'type'), p('dcat', 'Dataset'));
    add(d, p('dct', 'identifier'), literal(c.recordUrl, p('xsd', 'anyURI')));
    add(d, p('dct', 'title'), literal(c.title, 'en'));
    if (c.description) add(d, p('dct', 'description'), literal(c.description, 'en'));
    for (const k of c.keywords) add(d, p('dcat', 'keyword'), literal(k, 'en'));
    add(d, p('dcat', 'landingPage'), d);
    add(d, p('rdfs', 'seeAlso'), d);
    add(d, p('dct', 'source'), literal(c.node.name));
    const record = namedNode(`${catalogue.iri}#record-${encodeURIComponent(c.recordUrl)}`);
    add(cat, p('dcat', 'record'), record);
    add(record, p('rdf', 'type'), p('dcat', 'CatalogRecord'));
    add(record, p('foaf', 'primaryTopic'), d);
    add(record, p('dct', 'modified'), literal(c.modified, p('xsd', 'dateTime')));
  }
  return new Promise((resolve, reject) => w.end((err, text: string) => (err ? reject(err) : resolve(text))));
}
