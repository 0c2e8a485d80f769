/**
 * One test per mandatory property of EUCAIM DCAT-AP v2 (reference notes §4.1-4.3): take the records of a
 * conforming catalogue page, remove that property's quads, and the validation must name it. The table is
 * written out here, independently of the shapes, so a rule dropped from the shapes fails its test.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataFactory, Store } from 'n3';
import type { Quad, Term } from 'n3';
import { catalogueQuads } from './catalogue-records.ts';
import { syntheticCatalogue, syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { validateRecords } from './validate-records.ts';
import { ACCESS_CONDITIONS, expand, type Prefix } from './vocabulary.ts';

const iri = (curie: string): string => {
  const [prefix, local] = curie.split(':') as [Prefix, string];
  return expand(prefix, local);
};

const BASE: readonly Quad[] = catalogueQuads(syntheticCatalogue(), [syntheticDataset()]);
const store = new Store([...BASE]);
const only = (subject: Term | string, predicate: string): Term => {
  const found = store.getObjects(subject, iri(predicate), null);
  assert.equal(found.length, 1, `one ${predicate}`);
  return found[0]!;
};

const DATASET = DataFactory.namedNode(syntheticDataset().identifierIri);
const CATALOGUE = DataFactory.namedNode(syntheticCatalogue().iri);
const DISTRIBUTION = only(DATASET, 'dcat:distribution');
const PUBLISHER = only(DATASET, 'dct:publisher');
const HDAB = only(DATASET, 'healthdcatap:hdab');
const CONTACT = only(DATASET, 'dcat:contactPoint');
const CATALOGUE_PUBLISHER = only(CATALOGUE, 'dct:publisher');

type Node = 'dataset' | 'distribution' | 'catalogue';
const FOCUS: Record<Node, string> = {
  dataset: DATASET.value,
  distribution: `_:${DISTRIBUTION.value}`,
  catalogue: CATALOGUE.value,
};

/** Drops the quads of `subject` with any of `predicates` (and, with `objects`, only those values). */
const without = (subject: Term, predicates: readonly string[], objects?: readonly string[]) => (q: Quad) =>
  !(q.subject.equals(subject) && predicates.some((p) => q.predicate.value === iri(p)) && (!objects || objects.includes(q.object.value)));

interface Case {
  readonly property: string;
  readonly node: Node;
  readonly keep: (q: Quad) => boolean;
  readonly warning?: boolean;
  /** What is removed, when it is not the whole property. */
  readonly what?: string;
}

const agentCases = (node: Node, owner: Term, predicate: string, agent: Term, warning = false): Case[] => {
  const contact = only(agent, 'cv:contactPoint');
  return [
    { property: predicate, node, keep: without(owner, [predicate]), warning },
    { property: `${predicate}/foaf:name`, node, keep: without(agent, ['foaf:name']) },
    { property: `${predicate}/cv:contactPoint`, node, keep: without(agent, ['cv:contactPoint']) },
    { property: `${predicate}/cv:contactPoint/(cv:email|cv:contactPage)`, node, keep: without(contact, ['cv:email', 'cv:contactPage']), what: `the email and contact page of ${predicate}` },
  ];
};

const datasetProperty = (property: string): Case => ({ property, node: 'dataset', keep: without(DATASET, [property]) });

const CASES: readonly Case[] = [
  // §4.1 Dataset
  ...['dct:identifier', 'dct:title', 'dct:description', 'dcat:version', 'eucaim:interoperabilityLevel', 'dcat:distribution', 'dcat:contactPoint']
    .map(datasetProperty),
  { property: 'dct:title', node: 'dataset', keep: (q) => !(q.subject.equals(DATASET) && q.predicate.value === iri('dct:title') && (q.object as { language?: string }).language === 'en'), what: 'the English title (the Catalan one stays)' },
  { property: 'dcat:contactPoint/(vcard:hasEmail|vcard:hasURL)', node: 'dataset', keep: without(CONTACT, ['vcard:hasEmail', 'vcard:hasURL']), what: 'its email and web page' },
  ...['dcat:theme', 'healthdcatap:healthCategory', 'dct:type', 'dct:accessRights', 'dcatap:applicableLegislation'].map(datasetProperty),
  ...agentCases('dataset', DATASET, 'dct:publisher', PUBLISHER),
  ...['healthdcatap:hasStructuredData', 'healthdcatap:hasVariables', 'healthdcatap:numberOfUniqueIndividuals', 'healthdcatap:numberOfRecords',
    'eucaim:hasBirthSex', 'eucaim:hasCondition', 'eucaim:collectionMethod', 'eucaim:hasImageModality', 'eucaim:hasEquipmentManufacturer',
    'eucaim:hasImageBodyPart', 'dcat:keyword', 'dct:provenance'].map(datasetProperty),
  // The HDAB may be missing during the EHDS transition (a warning); once given, its name and contact are required.
  ...agentCases('dataset', DATASET, 'healthdcatap:hdab', HDAB, true),
  // §4.2 Distribution
  { property: 'dcat:accessURL', node: 'distribution', keep: without(DISTRIBUTION, ['dcat:accessURL']) },
  { property: 'dcatap:applicableLegislation', node: 'distribution', keep: without(DISTRIBUTION, ['dcatap:applicableLegislation']) },
  { property: 'dct:rights', node: 'distribution', keep: without(DISTRIBUTION, ['dct:rights']) },
  { property: 'dct:rights/access-condition', node: 'distribution', keep: without(DISTRIBUTION, ['dct:rights'], Object.values(ACCESS_CONDITIONS)), what: 'its EUCAIM access condition (the data-use conditions stay)' },
  // §4.3 Catalogue
  { property: 'dct:title', node: 'catalogue', keep: without(CATALOGUE, ['dct:title']) },
  { property: 'dct:description', node: 'catalogue', keep: without(CATALOGUE, ['dct:description']) },
  { property: 'dcatap:applicableLegislation', node: 'catalogue', keep: without(CATALOGUE, ['dcatap:applicableLegislation']) },
  ...agentCases('catalogue', CATALOGUE, 'dct:publisher', CATALOGUE_PUBLISHER),
];

test('the base records conform, so every failure below is caused by the removal alone', async () => {
  assert.deepEqual(await validateRecords(BASE), { conforms: true, problems: [] });
});

for (const c of CASES) {
  test(`${c.node} without ${c.what ?? c.property}: a ${c.warning ? 'warning' : 'violation'} names ${c.property}`, async () => {
    const remaining = BASE.filter(c.keep);
    assert.ok(remaining.length < BASE.length, 'the case removes something');
    const validation = await validateRecords(remaining);
    const problem = validation.problems.find((p) => p.property === c.property && p.focus === FOCUS[c.node]);
    assert.ok(problem, `no problem names ${c.property} on the ${c.node}; got ${JSON.stringify(validation.problems.map((p) => p.property))}`);
    assert.equal(problem.severity, c.warning ? 'warning' : 'violation');
    assert.equal(validation.conforms, Boolean(c.warning));
    const curies = c.property.match(/[a-z]+:[A-Za-z]+/g) ?? [];
    assert.ok(curies.some((curie) => problem.message.includes(`(${curie})`)), `the message names the property: ${problem.message}`);
    assert.ok(problem.name.length > 0, 'the rule has a name');
  });
}

const replace = (subject: Term, predicate: string, value: Term) => [
  ...BASE.filter(without(subject, [predicate])),
  DataFactory.quad(subject as Quad['subject'], DataFactory.namedNode(iri(predicate)), value as Quad['object']),
];

const WRONG_VALUES: readonly [string, Quad[], string][] = [
  ['a tier outside the hyperontology tiers', replace(DATASET, 'eucaim:interoperabilityLevel', DataFactory.namedNode(iri('eucaim:SPEC1000099'))), 'eucaim:interoperabilityLevel'],
  ['a version that is neither SemVer nor CalVer', replace(DATASET, 'dcat:version', DataFactory.literal('v2')), 'dcat:version'],
  ['a body part that is not a BP code', replace(DATASET, 'eucaim:hasImageBodyPart', DataFactory.namedNode(iri('eucaim:IMG1000026'))), 'eucaim:hasImageBodyPart'],
  ['access rights outside the EU table', replace(DATASET, 'dct:accessRights', DataFactory.namedNode('http://publications.europa.eu/resource/authority/access-right/OPEN')), 'dct:accessRights'],
  ['a count that is not a non-negative integer', replace(DATASET, 'healthdcatap:numberOfRecords', DataFactory.literal('-3', DataFactory.namedNode(iri('xsd:integer')))), 'healthdcatap:numberOfRecords'],
  ['a second publisher', [...BASE, DataFactory.quad(DATASET, DataFactory.namedNode(iri('dct:publisher')), CATALOGUE_PUBLISHER as Quad['object'])], 'dct:publisher'],
];

for (const [what, quads, property] of WRONG_VALUES) {
  test(`closed vocabularies and datatypes: ${what} is a violation of ${property}`, async () => {
    const validation = await validateRecords(quads);
    assert.equal(validation.conforms, false);
    assert.ok(validation.problems.some((p) => p.property === property && p.severity === 'violation'), JSON.stringify(validation.problems.map((p) => p.property)));
  });
}
