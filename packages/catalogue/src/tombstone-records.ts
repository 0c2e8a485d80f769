/**
 * What a withdrawn (invalidated) dataset's IRI still says, served with 410 Gone: which dataset it was (its
 * identifier, title, description and last version) and that it was withdrawn, and when. A citation or a
 * harvester that follows the IRI learns that the dataset is gone on purpose, not that the node is broken, and
 * the identifier is never given to another dataset.
 *
 * DCAT-AP 3 says it with a catalogue record (dcat:CatalogRecord) about the dataset: `dct:modified` when it
 * changed, and `adms:status`, the record's "change type". DCAT-AP 3.0.1 gives that property no vocabulary of
 * its own (its distribution-status list is for distributions); ADMS's Change Type vocabulary was made for
 * catalogue records and has `deleted`, which is what a harvester must do with its copy. The concept is typed
 * skos:Concept in the document, as the DCAT-AP range shapes expect.
 */
import { DataFactory } from 'n3';
import type { Quad } from 'n3';
import type { Localised } from './dataset-facts.ts';
import { semanticVersion } from './dataset-records.ts';
import { dateLiteral, iriFact, localisedLiterals, term, Triples, typed } from './rdf-terms.ts';

const { namedNode, literal } = DataFactory;

const SKOS = 'http://www.w3.org/2004/02/skos/core#';

/** ADMS Change Type (http://purl.org/adms/changetype/1.0): the record's dataset was deleted from the catalogue. */
export const CHANGE_TYPE_DELETED = 'http://purl.org/adms/changetype/deleted';
export const CHANGE_TYPE_SCHEME = 'http://purl.org/adms/changetype/1.0';

export interface TombstoneFacts {
  /** The dataset's IRI, which it keeps (and which now answers 410 Gone). */
  readonly identifierIri: string;
  readonly title: Localised;
  readonly description: Localised;
  /** The last version it was published with. */
  readonly version: number;
  /** When it was withdrawn (ISO 8601 date-time). */
  readonly withdrawnAt: string;
}

/**
 * The IRI of the catalogue record about a dataset: a fragment of the dataset's own IRI, so the document the
 * dataset IRI dereferences to also describes its record. (An IRI that already has a fragment gets a path
 * inside it, as `#` may appear only once.)
 */
export function catalogueRecordIri(datasetIri: string): string {
  return datasetIri.includes('#') ? `${datasetIri}/record` : `${datasetIri}#record`;
}

/**
 * @example
 * const quads = tombstoneQuads({ identifierIri, title: { en: 'Lung CT' }, description: { en: '…' }, version: 2, withdrawnAt: '2026-05-02T09:00:00Z' });
 * // <…#record> a dcat:CatalogRecord ; foaf:primaryTopic <…> ; adms:status <http://purl.org/adms/changetype/deleted> ; dct:modified "2026-05-02T09:00:00Z"^^xsd:dateTime .
 */
export function tombstoneQuads(facts: TombstoneFacts): Quad[] {
  const t = new Triples();
  const dataset = iriFact(facts.identifierIri, 'identifierIri');
  const record = iriFact(catalogueRecordIri(facts.identifierIri), 'identifierIri');
  const deleted = namedNode(CHANGE_TYPE_DELETED);
  const withdrawnAt = dateLiteral(facts.withdrawnAt, 'withdrawnAt');

  t.add(record, 'rdf:type', term('dcat:CatalogRecord'));
  t.add(record, 'foaf:primaryTopic', dataset);
  t.add(record, 'adms:status', deleted);
  t.add(record, 'dct:modified', withdrawnAt);
  t.add(record, 'dct:title', literal('Withdrawn from the catalogue', 'en'));
  t.add(record, 'dct:description', literal(
    `This dataset was withdrawn from the node's catalogue on ${facts.withdrawnAt.slice(0, 10)} and is no longer offered; `
    + 'its identifier stays reserved for it. Harvesters should delete their copy of its records.', 'en'));

  t.add(deleted, 'rdf:type', namedNode(`${SKOS}Concept`));
  t.add(deleted, `${SKOS}prefLabel`, literal('deleted', 'en'));
  t.add(deleted, `${SKOS}inScheme`, namedNode(CHANGE_TYPE_SCHEME));

  // What it was: enough to recognise the dataset a citation meant.
  t.add(dataset, 'rdf:type', term('dcat:Dataset'));
  // A dataset is a dcat:Resource (DCAT 3); said outright, as SHACL infers no class and the DCAT-AP range shape of
  // foaf:primaryTopic asks for dcat:Resource.
  t.add(dataset, 'rdf:type', term('dcat:Resource'));
  t.add(dataset, 'dct:identifier', typed(facts.identifierIri, 'anyURI'));
  t.addAll(dataset, 'dct:title', localisedLiterals(facts.title, 'title'));
  t.addAll(dataset, 'dct:description', localisedLiterals(facts.description, 'description'));
  t.add(dataset, 'dcat:version', literal(semanticVersion(facts.version)));
  return t.quads;
}
