/**
 * What a catalogue page says besides its datasets, for a harvester that harvests incrementally and for one that
 * looks for the node's services:
 *
 * - a `dcat:CatalogRecord` per dataset (DCAT-AP 3.0.1 §CatalogRecord): `foaf:primaryTopic` the dataset,
 *   `dct:modified` when its catalogue entry last changed (published, fields changed, new version released),
 *   `dct:issued`, `dct:conformsTo` the application profiles, `adms:status` the ADMS change type. A harvester
 *   compares `dct:modified` with what it saw last time and dereferences only the datasets that changed.
 * - two `dcat:DataService`s: the harvest endpoint itself (the catalogue's entry point, DCAT with Hydra paging)
 *   and the public search listing the web UI's catalogue page reads, each with its OpenAPI description and the
 *   datasets of the page it serves (only those: a served dataset must be described in the same document).
 *
 * Every IRI used as an object of a ranged property is typed here (dct:Standard, skos:Concept) so the DCAT-AP
 * range shapes find the class they ask for in the document.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from 'n3';
import { addOrganisation } from './agent-records.ts';
import { legislation, webResource } from './concept-records.ts';
import type { CatalogueFacts, DatasetFacts } from './dataset-facts.ts';
import type { HarvestEndpoints } from './harvest-endpoints.ts';
import { CHANGE_TYPES, HARVEST_PROTOCOLS, OPENAPI_31, RECORD_PROFILES, SKOS, type Standard } from './harvest-vocabulary.ts';
import { blankNodes, dateLiteral, iriFact, term, type Triples } from './rdf-terms.ts';
import { CHANGE_TYPE_SCHEME, catalogueRecordIri } from './tombstone-records.ts';

const { namedNode, literal } = DataFactory;

/** When the record last changed: the catalogue entry's change, or the release if that came later. */
export function recordModified(dataset: DatasetFacts): string {
  return Date.parse(dataset.releasedAt) > Date.parse(dataset.modifiedAt) ? dataset.releasedAt : dataset.modifiedAt;
}

export function addStandards(t: Triples, subject: NamedNode, standards: readonly Standard[]): void {
  for (const s of standards) {
    const iri = namedNode(s.iri);
    t.add(subject, 'dct:conformsTo', iri);
    t.add(iri, 'rdf:type', term('dct:Standard'));
    t.add(iri, 'dct:title', literal(s.title, 'en'));
  }
}

function addConcept(t: Triples, iri: string, label: string, scheme: string): NamedNode {
  const concept = namedNode(iri);
  t.add(concept, 'rdf:type', namedNode(`${SKOS}Concept`));
  t.add(concept, `${SKOS}prefLabel`, literal(label, 'en'));
  t.add(concept, `${SKOS}inScheme`, namedNode(scheme));
  return concept;
}

/** `dcat:record` from the catalogue to one `dcat:CatalogRecord` per dataset of the page. */
export function addCatalogueRecords(t: Triples, catalogue: NamedNode, datasets: readonly DatasetFacts[]): void {
  for (const d of datasets) {
    // The same IRI as the tombstone's record: a harvester sees one record change status, not a new one appear.
    const record = namedNode(catalogueRecordIri(d.identifierIri));
    t.add(catalogue, 'dcat:record', record);
    t.add(record, 'rdf:type', term('dcat:CatalogRecord'));
    t.add(record, 'foaf:primaryTopic', iriFact(d.identifierIri, `${d.id}.identifierIri`));
    t.add(record, 'dct:modified', dateLiteral(recordModified(d), `${d.id}.modifiedAt`));
    t.add(record, 'dct:issued', dateLiteral(d.releasedAt, `${d.id}.releasedAt`));
    // DCAT-AP allows one dct:conformsTo per record: the most specific profile, EUCAIM's (it builds on the others).
    addStandards(t, record, RECORD_PROFILES.slice(0, 1));
    // The record was created with the dataset's first version; later versions and field changes update it.
    const created = d.version === 1 && recordModified(d) === d.modifiedAt;
    t.add(record, 'adms:status', addConcept(t, created ? CHANGE_TYPES.created : CHANGE_TYPES.updated, created ? 'created' : 'updated', CHANGE_TYPE_SCHEME));
  }
}

/** The node's two public data services, linked from the catalogue with `dcat:service`. */
export function addCatalogueServices(t: Triples, catalogue: CatalogueFacts, endpoints: HarvestEndpoints, datasets: readonly DatasetFacts[]): void {
  const cat = iriFact(catalogue.iri, 'catalogue.iri');
  const node = blankNodes(`${catalogue.iri} services`);
  const services = [
    {
      iri: `${endpoints.catalogue}#harvest-service`, endpoint: endpoints.catalogue, conformsTo: HARVEST_PROTOCOLS,
      title: 'Catalogue harvest endpoint', description: 'The node\'s published datasets as EUCAIM DCAT-AP records (Turtle, JSON-LD, RDF/XML, N-Triples by content negotiation), in pages linked with Hydra (hydra:next); catalogue records carry dct:modified for incremental harvesting (?modifiedSince=).',
    },
    {
      iri: `${endpoints.catalogue}#search-service`, endpoint: endpoints.search, conformsTo: [OPENAPI_31],
      title: 'Catalogue search listing', description: 'The published datasets as JSON cards (titles, keywords, counts, modalities, body parts, conditions, sexes, age range) that the node\'s catalogue page searches and filters.',
    },
  ];
  for (const s of services) {
    const service = namedNode(s.iri);
    t.add(cat, 'dcat:service', service);
    t.add(service, 'rdf:type', term('dcat:DataService'));
    t.add(service, 'dct:title', literal(s.title, 'en'));
    t.add(service, 'dct:description', literal(s.description, 'en'));
    // DCAT-AP's ranges ask both to be typed rdfs:Resource (any web resource, stated so a closed-world check can see it).
    t.add(service, 'dcat:endpointURL', webResource(t, namedNode(s.endpoint)));
    t.add(service, 'dcat:endpointDescription', webResource(t, namedNode(endpoints.openApi)));
    addStandards(t, service, s.conformsTo);
    catalogue.applicableLegislation.forEach((iri, i) => t.add(service, 'dcatap:applicableLegislation', legislation(t, iriFact(iri, `catalogue.applicableLegislation[${i}]`))));
    addOrganisation(t, service, 'dct:publisher', catalogue.publisher, (role) => node(`${s.iri}-${role}`), 'publisher');
    for (const d of datasets) t.add(service, 'dcat:servesDataset', iriFact(d.identifierIri, `${d.id}.identifierIri`));
  }
}

