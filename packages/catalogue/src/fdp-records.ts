/**
 * The node as a FAIR Data Point (specification v1.2): the metadata service at the root, its one catalogue, the
 * catalogue's datasets and each dataset's distribution, each a record of its own at its own URL, laid out as
 * MOLGENIS EMX2 serves one (`/api/fdp`, `/api/fdp/catalog/…`, `/api/fdp/dataset/…`, `/api/fdp/distribution/…`).
 *
 * - Each record has the FDP ontology's metadata properties: `fdp-o:metadataIdentifier` (a datacite:Identifier
 *   naming the record's URL), `metadataIssued`, `metadataModified` (xsd:dateTime), and `dct:conformsTo` its
 *   SHACL profile (fdp-profiles.ts); the root also `fdp-o:conformsToFdpSpec`, `hasSoftwareVersion`,
 *   `dcat:endpointURL` and `dcat:endpointDescription` (the OpenAPI document).
 * - Navigation (§4.1): every record that leads to others carries an `ldp:DirectContainer` whose
 *   `ldp:hasMemberRelation` is the predicate to follow (`fdp-o:metadataCatalog`, `dcat:dataset`,
 *   `dcat:distribution`) and whose `ldp:contains` lists the members; each child points back with `dct:isPartOf`.
 *
 * The records are named by their FDP URLs (as EMX2 does), so that following a link always lands on a record
 * with the FDP's properties. The dataset and distribution records hold the same EUCAIM DCAT-AP description as
 * the catalogue (same `dct:identifier`, the dataset's stable IRI) and point to the dataset's own IRI with
 * `rdfs:seeAlso`; the catalogue record points to the harvest entry point the same way.
 */
import { DataFactory } from 'n3';
import type { BlankNode, NamedNode, Quad, Quad_Object, Quad_Subject } from 'n3';
import { addOrganisation } from './agent-records.ts';
import { conceptScheme, legislation, webDocument, webResource } from './concept-records.ts';
import { recordModified } from './catalogue-service-records.ts';
import type { CatalogueFacts, DatasetFacts } from './dataset-facts.ts';
import { datasetQuads } from './dataset-records.ts';
import type { HarvestEndpoints } from './harvest-endpoints.ts';
import { DATACITE_IDENTIFIER, DEFAULT_METADATA_LICENSE, FDPO, FDP_SPEC_V12, LDP } from './harvest-vocabulary.ts';
import { blankNodes, groupedBySubject, iriFact, linkFact, localisedLiterals, term, Triples, typed, uniqueQuads } from './rdf-terms.ts';
import { PREFIXES, SCHEMES } from './vocabulary.ts';

const { namedNode, literal, quad } = DataFactory;

export interface FdpContext {
  readonly endpoints: HarvestEndpoints;
  /** The catalogue's settings; its `iri` is the harvest entry point. */
  readonly catalogue: CatalogueFacts;
  /** The published datasets. */
  readonly datasets: readonly DatasetFacts[];
  /** The node's software version (`fdp-o:hasSoftwareVersion`). */
  readonly softwareVersion: string;
}

const fdp = (local: string): string => `${FDPO}${local}`;
const ldp = (local: string): string => `${LDP}${local}`;

/** xsd:dateTime of an ISO date or date-time (the FDP metadata dates are date-times). */
function dateTime(value: string): ReturnType<typeof typed> {
  return typed(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : new Date(value).toISOString(), 'dateTime');
}

/** The earliest and latest of some ISO instants, or undefined when there are none. */
function span(values: readonly (string | undefined)[]): { first: string; last: string } | undefined {
  const known = values.filter((v): v is string => v !== undefined && !Number.isNaN(Date.parse(v))).sort((a, b) => Date.parse(a) - Date.parse(b));
  return known.length ? { first: known[0]!, last: known.at(-1)! } : undefined;
}

/** When the catalogue's record was issued and last modified: its settings, else its datasets'. */
function catalogueDates(c: FdpContext): { issued: string; modified: string } | undefined {
  const all = span([c.catalogue.issuedAt, c.catalogue.modifiedAt, ...c.datasets.flatMap((d) => [d.releasedAt, recordModified(d)])]);
  if (!all) return undefined;
  const modified = span([c.catalogue.modifiedAt, ...c.datasets.map(recordModified)])?.last ?? all.last;
  return { issued: c.catalogue.issuedAt ?? all.first, modified };
}

function addMetadata(t: Triples, subject: NamedNode, kind: 'fdp' | 'catalogue' | 'dataset' | 'distribution', c: FdpContext, dates: { issued: string; modified: string } | undefined): void {
  const identifier = namedNode(`${subject.value}#identifier`);
  t.add(subject, fdp('metadataIdentifier'), identifier);
  t.add(identifier, 'rdf:type', namedNode(DATACITE_IDENTIFIER));
  t.add(identifier, 'dct:identifier', literal(subject.value));
  if (dates) {
    t.add(subject, fdp('metadataIssued'), dateTime(dates.issued));
    t.add(subject, fdp('metadataModified'), dateTime(dates.modified));
  }
  const profile = namedNode(c.endpoints.fdpProfile(kind));
  t.add(subject, 'dct:conformsTo', profile);
  t.add(profile, 'rdf:type', term('dct:Standard'));
  t.add(profile, 'dct:title', literal(`FAIR Data Point ${kind === 'fdp' ? 'metadata service' : kind} profile (SHACL)`, 'en'));
}

function addContainer(t: Triples, container: NamedNode, title: string, member: NamedNode, relation: string, contains: readonly NamedNode[]): void {
  t.add(container, 'rdf:type', namedNode(ldp('DirectContainer')));
  t.add(container, 'dct:title', literal(title, 'en'));
  t.add(container, ldp('membershipResource'), member);
  t.add(container, ldp('hasMemberRelation'), namedNode(relation));
  for (const m of contains) t.add(container, ldp('contains'), m);
}

function addLicense(t: Triples, subject: NamedNode, c: FdpContext): void {
  const license = linkFact(c.catalogue.license ?? DEFAULT_METADATA_LICENSE, 'catalogue.license');
  t.add(subject, 'dct:license', license);
  t.add(license, 'rdf:type', term('dct:LicenseDocument'));
}

/** The catalogue's description as the FDP records it (also in the root's record: its profile checks it there). */
function addCatalogue(t: Triples, c: FdpContext): NamedNode {
  const cat = namedNode(c.endpoints.fdpCatalogue);
  const node = blankNodes(`${cat.value} fdp`);
  t.add(cat, 'rdf:type', term('dcat:Catalog'));
  t.addAll(cat, 'dct:title', localisedLiterals(c.catalogue.title, 'catalogue.title'));
  t.addAll(cat, 'dct:description', localisedLiterals(c.catalogue.description, 'catalogue.description'));
  addOrganisation(t, cat, 'dct:publisher', c.catalogue.publisher, node, 'publisher');
  addLicense(t, cat, c);
  c.catalogue.applicableLegislation.forEach((iri, i) => t.add(cat, 'dcatap:applicableLegislation', legislation(t, iriFact(iri, `catalogue.applicableLegislation[${i}]`))));
  t.add(cat, 'dcat:themeTaxonomy', conceptScheme(t, SCHEMES.dataTheme));
  t.add(cat, 'dct:isPartOf', namedNode(c.endpoints.fdp));
  // The HTML version: the catalogue's IRI answers a browser with the catalogue page.
  t.add(cat, 'foaf:homepage', webDocument(t, namedNode(c.catalogue.iri)));
  t.add(cat, 'rdfs:seeAlso', namedNode(c.catalogue.iri));
  addMetadata(t, cat, 'catalogue', c, catalogueDates(c));
  return cat;
}

/** The root: the FAIR Data Point's own metadata service record. */
export function fdpRootQuads(c: FdpContext): Quad[] {
  const t = new Triples();
  const root = namedNode(c.endpoints.fdp);
  const node = blankNodes(`${root.value} fdp`);
  for (const type of [fdp('FAIRDataPoint'), fdp('MetadataService'), `${PREFIXES.dcat}DataService`, `${PREFIXES.dcat}Resource`]) t.add(root, 'rdf:type', namedNode(type));
  const titles = Object.entries(c.catalogue.title).map(([lang, text]) => [lang, `${text} (FAIR Data Point)`] as const);
  t.addAll(root, 'dct:title', localisedLiterals(Object.fromEntries(titles), 'catalogue.title'));
  t.addAll(root, 'dct:description', localisedLiterals(c.catalogue.description, 'catalogue.description'));
  addOrganisation(t, root, 'dct:publisher', c.catalogue.publisher, node, 'publisher');
  addLicense(t, root, c);
  t.add(root, 'dcat:endpointURL', webResource(t, root));
  t.add(root, 'dcat:endpointDescription', webResource(t, namedNode(c.endpoints.openApi)));
  t.add(root, fdp('conformsToFdpSpec'), namedNode(FDP_SPEC_V12));
  t.add(root, fdp('hasSoftwareVersion'), literal(`OncoAtlas ${c.softwareVersion}`));
  addMetadata(t, root, 'fdp', c, catalogueDates(c));
  const cat = addCatalogue(t, c);
  t.add(root, fdp('metadataCatalog'), cat);
  addContainer(t, namedNode(c.endpoints.fdpCatalogues), 'Catalogues', root, fdp('metadataCatalog'), [cat]);
  return uniqueQuads(groupedBySubject(t.quads));
}

/** The catalogue's record: its description and every published dataset's record IRI. */
export function fdpCatalogueQuads(c: FdpContext): Quad[] {
  const t = new Triples();
  const cat = addCatalogue(t, c);
  const sorted = [...c.datasets].sort((a, b) => a.uuid.localeCompare(b.uuid));
  const members = sorted.map((d) => namedNode(c.endpoints.fdpDataset(d.uuid)));
  // Each listed with its class, title, description and record metadata (what DCAT-AP and the FDP dataset profile
  // ask of any dataset a document types): a client can show the list without fetching every record.
  sorted.forEach((d, i) => {
    const m = members[i]!;
    t.add(cat, 'dcat:dataset', m);
    t.add(m, 'rdf:type', term('dcat:Dataset'));
    t.addAll(m, 'dct:title', localisedLiterals(d.steward.title, `${d.id}.title`));
    t.addAll(m, 'dct:description', localisedLiterals(d.steward.description, `${d.id}.description`));
    t.add(m, 'dct:isPartOf', cat);
    addMetadata(t, m, 'dataset', c, datasetDates(d));
  });
  addContainer(t, namedNode(`${c.endpoints.fdpCatalogue}/datasets`), 'Datasets', cat, `${PREFIXES.dcat}dataset`, members);
  return uniqueQuads(groupedBySubject(t.quads));
}

/** Renames terms (the dataset's IRI, its distribution's blank node) to the FDP records' IRIs; literals stay. */
function renamed(quads: readonly Quad[], names: ReadonlyMap<string, NamedNode>): Quad[] {
  const key = (x: { termType: string; value: string }): string => `${x.termType}|${x.value}`;
  const subject = (s: Quad_Subject): Quad_Subject => names.get(key(s)) ?? s;
  const object = (o: Quad_Object): Quad_Object => (o.termType === 'Literal' ? o : names.get(key(o)) ?? o);
  return quads.map((q) => quad(subject(q.subject), q.predicate, object(q.object)));
}

/** The dataset's records under its FDP record IRIs, with the names used. */
function datasetRecord(c: FdpContext, d: DatasetFacts): { quads: Quad[]; dataset: NamedNode; distribution: NamedNode | undefined } {
  const original = datasetQuads(d);
  const dataset = namedNode(c.endpoints.fdpDataset(d.uuid));
  const dist = original.find((q) => q.subject.value === d.identifierIri && q.predicate.value === `${PREFIXES.dcat}distribution`)?.object as BlankNode | NamedNode | undefined;
  const distribution = dist ? namedNode(c.endpoints.fdpDistribution(d.uuid)) : undefined;
  const names = new Map<string, NamedNode>([[`NamedNode|${d.identifierIri}`, dataset]]);
  if (dist && distribution) names.set(`${dist.termType}|${dist.value}`, distribution);
  return { quads: renamed(original, names), dataset, distribution };
}

function datasetDates(d: DatasetFacts): { issued: string; modified: string } {
  return { issued: d.releasedAt, modified: recordModified(d) };
}

/** One dataset's record: its EUCAIM DCAT-AP description, its place in the catalogue and its distribution. */
export function fdpDatasetQuads(c: FdpContext, d: DatasetFacts): Quad[] {
  const { quads, dataset, distribution } = datasetRecord(c, d);
  const t = new Triples();
  t.add(dataset, 'dct:isPartOf', namedNode(c.endpoints.fdpCatalogue));
  t.add(dataset, 'rdfs:seeAlso', iriFact(d.identifierIri, `${d.id}.identifierIri`));
  addMetadata(t, dataset, 'dataset', c, datasetDates(d));
  addContainer(t, namedNode(`${dataset.value}/distributions`), 'Distributions', dataset, `${PREFIXES.dcat}distribution`, distribution ? [distribution] : []);
  if (distribution) {
    // The distribution is described here too (it is part of the dataset's DCAT record): with its own record's
    // metadata, as its profile asks wherever it is described.
    t.add(distribution, 'dct:isPartOf', dataset);
    addMetadata(t, distribution, 'distribution', c, datasetDates(d));
  }
  return uniqueQuads(groupedBySubject([...quads, ...t.quads]));
}

/** A dataset's distribution record: the distribution's description (and its checksum) with its parent. */
export function fdpDistributionQuads(c: FdpContext, d: DatasetFacts): Quad[] | undefined {
  const { quads, dataset, distribution } = datasetRecord(c, d);
  if (!distribution) return undefined;
  // The distribution, the nodes it reaches (checksum; the typed concepts of its rights, media type…), never
  // the dataset: the record describes the distribution, its parent is only named.
  const out: Quad[] = [];
  const seen = new Set<string>([`NamedNode|${dataset.value}`]);
  const visit = (subject: string): void => {
    if (seen.has(subject)) return;
    seen.add(subject);
    for (const q of quads) {
      if (`${q.subject.termType}|${q.subject.value}` !== subject) continue;
      out.push(q);
      if (q.object.termType === 'BlankNode' || q.object.termType === 'NamedNode') visit(`${q.object.termType}|${q.object.value}`);
    }
  };
  visit(`NamedNode|${distribution.value}`);
  const t = new Triples();
  t.add(distribution, 'dct:isPartOf', dataset);
  addMetadata(t, distribution, 'distribution', c, datasetDates(d));
  return uniqueQuads(groupedBySubject([...out, ...t.quads]));
}
