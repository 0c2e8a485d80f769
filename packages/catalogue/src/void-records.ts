/**
 * The VoID description of the node's linked data, served at `/.well-known/void` (RFC 8615 well-known URI
 * registered for VoID): the one place a linked-data crawler that knows only the host looks. It names the
 * catalogue as the root resource, where the datasets' IRIs live, the formats served, the vocabularies used,
 * the shapes the records conform to, and the FAIR Data Point.
 */
import { DataFactory } from 'n3';
import type { Quad } from 'n3';
import type { CatalogueFacts, DatasetFacts } from './dataset-facts.ts';
import type { HarvestEndpoints } from './harvest-endpoints.ts';
import { addStandards } from './catalogue-service-records.ts';
import { RECORD_PROFILES, VOID } from './harvest-vocabulary.ts';
import { groupedBySubject, iriFact, localisedLiterals, term, Triples, typed, uniqueQuads } from './rdf-terms.ts';
import { PREFIXES } from './vocabulary.ts';

const { namedNode } = DataFactory;

/** W3C's IRIs of the formats the catalogue is served in (http://www.w3.org/ns/formats/). */
const FORMATS = ['Turtle', 'JSON-LD', 'RDF_XML', 'N-Triples'].map((f) => `http://www.w3.org/ns/formats/${f}`);

/** Vocabularies the records use (the namespaces a VoID consumer indexes). */
const VOCABULARIES = (['dcat', 'dct', 'dcatap', 'healthdcatap', 'eucaim', 'foaf', 'vcard', 'adms', 'spdx', 'dpv', 'csvw', 'hydra'] as const).map((p) => PREFIXES[p]);

export interface VoidContext {
  readonly endpoints: HarvestEndpoints;
  readonly catalogue: CatalogueFacts;
  readonly datasets: readonly DatasetFacts[];
  /** The SHACL shapes files the node serves (absolute URLs). */
  readonly shapes: readonly string[];
}

export function voidQuads(c: VoidContext): Quad[] {
  const t = new Triples();
  const v = (local: string): string => `${VOID}${local}`;
  const description = namedNode(c.endpoints.void);
  const dataset = namedNode(`${c.endpoints.void}#catalogue`);
  t.add(description, 'rdf:type', namedNode(v('DatasetDescription')));
  t.add(description, 'foaf:primaryTopic', dataset);
  t.add(dataset, 'rdf:type', namedNode(v('Dataset')));
  t.addAll(dataset, 'dct:title', localisedLiterals(c.catalogue.title, 'catalogue.title'));
  t.addAll(dataset, 'dct:description', localisedLiterals(c.catalogue.description, 'catalogue.description'));
  const catalogue = iriFact(c.catalogue.iri, 'catalogue.iri');
  t.add(dataset, v('rootResource'), catalogue);
  t.add(dataset, 'foaf:homepage', catalogue);
  t.add(dataset, v('uriSpace'), DataFactory.literal(`${c.catalogue.iri}/`));
  for (const f of FORMATS) t.add(dataset, v('feature'), namedNode(f));
  for (const ns of VOCABULARIES) t.add(dataset, v('vocabulary'), namedNode(ns));
  for (const d of c.datasets.slice(0, 3)) t.add(dataset, v('exampleResource'), iriFact(d.identifierIri, `${d.id}.identifierIri`));
  t.add(dataset, v('entities'), typed(c.datasets.length, 'integer'));
  addStandards(t, dataset, RECORD_PROFILES);
  for (const s of c.shapes) t.add(dataset, 'rdfs:seeAlso', namedNode(s));
  t.add(dataset, 'rdfs:seeAlso', namedNode(c.endpoints.fdp));
  t.add(catalogue, 'rdf:type', term('dcat:Catalog'));
  return uniqueQuads(groupedBySubject(t.quads));
}
