/**
 * One released dataset version as EUCAIM DCAT-AP v2 RDF: the dcat:Dataset with every mandatory property of
 * §4.1 that the facts can give, its dcat:Distribution (§4.2), and the nodes they point to. The dataset's IRI
 * is its stable identifier (the one federated search returns); nested nodes are blank nodes with labels
 * derived from that identifier, so the same facts always give the same document.
 *
 * What the facts lack is left out, not filled with a default: validateRecords names it for the steward.
 */
import { DataFactory } from 'n3';
import type { BlankNode, Literal, NamedNode, Quad } from 'n3';
import { oncoError } from '@oncoatlas/core';
import { addContactPoints, addOrganisation } from './agent-records.ts';
import { checkCount, conditionCodeValues, hyperontologyIris, primaryConditionIri } from './coded-values.ts';
import type { DatasetFacts, GeneratedFacts } from './dataset-facts.ts';
import { addDistribution } from './distribution-records.ts';
import { blankNodes, dateLiteral, groupedBySubject, iriFact, localisedListLiterals, localisedLiterals, term, Triples, typed, type BlankNodeOf } from './rdf-terms.ts';
import {
  accessRightConcept, countryConcept, datasetTypeConcept, healthCategoryConcept, healthThemeConcept, languageConcept, legislation as legalResource, pseudonymisedConcept,
} from './concept-records.ts';
import { COLLECTION_METHODS, TIERS } from './vocabulary.ts';

const { namedNode, literal } = DataFactory;

/** The version number as SemVer (§4.1 dcat:version: SemVer or CalVer). A version of the data is a major one. */
export function semanticVersion(version: number): string {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw oncoError('CATALOGUE_INVALID_FACTS', `version must be a whole number of at least 1, not ${String(version)}.`, { field: 'version' });
  }
  return `${version}.0.0`;
}

/**
 * The quads of one dataset version's records (dataset, distribution, agents, contact points, provenance).
 *
 * @example
 * const quads = datasetQuads(facts);
 * const validation = await validateRecords(quads);
 * const turtle = await toTurtle(quads);
 */
export function datasetQuads(facts: DatasetFacts): Quad[] {
  const t = new Triples();
  const node = blankNodes(facts.identifierIri);
  const s = facts.steward;
  const g = facts.generated;
  const dataset = iriFact(facts.identifierIri, 'identifierIri');

  t.add(dataset, 'rdf:type', term('dcat:Dataset'));
  // Also dcat:Resource, the class DCAT-AP's range shapes ask of a catalogue record's foaf:primaryTopic (no inference there).
  t.add(dataset, 'rdf:type', term('dcat:Resource'));
  // The identifier is the IRI itself, as the EUCAIM example writes it (a literal typed xsd:anyURI).
  t.add(dataset, 'dct:identifier', typed(facts.identifierIri, 'anyURI'));
  t.addAll(dataset, 'dct:title', localisedLiterals(s.title, 'title'));
  t.addAll(dataset, 'dct:description', localisedLiterals(s.description, 'description'));
  t.add(dataset, 'dcat:version', literal(semanticVersion(facts.version)));
  t.addAll(dataset, 'dcat:keyword', localisedListLiterals(s.keywords, 'keywords'));

  // Classification and access.
  if (s.tier) t.add(dataset, 'eucaim:interoperabilityLevel', namedNode(TIERS[s.tier]));
  // Code-list values carry their class, label and scheme (concept-records.ts): the range shapes see only the document.
  t.add(dataset, 'dcat:theme', healthThemeConcept(t));
  s.healthCategories.forEach((iri, i) => t.add(dataset, 'healthdcatap:healthCategory', healthCategoryConcept(t, iriFact(iri, `healthCategories[${i}]`).value)));
  for (const type of new Set(s.datasetTypes)) t.add(dataset, 'dct:type', datasetTypeConcept(t, type));
  if (g.pseudonymised) t.add(dataset, 'dct:type', pseudonymisedConcept(t));
  if (s.accessRights) t.add(dataset, 'dct:accessRights', accessRightConcept(t, s.accessRights));
  const legislation = s.applicableLegislation.map((iri, i) => legalResource(t, iriFact(iri, `applicableLegislation[${i}]`)));
  t.addAll(dataset, 'dcatap:applicableLegislation', legislation);
  // The languages of the steward's texts (EU language table), and where the data come from (EU countries).
  for (const tag of new Set([...Object.keys(s.title), ...Object.keys(s.description)].filter((tag) => (s.title[tag] ?? s.description[tag] ?? '').trim() !== ''))) {
    const language = languageConcept(t, tag);
    if (language) t.add(dataset, 'dct:language', language);
  }
  (s.spatial ?? []).forEach((code, i) => {
    if (!/^[A-Z]{3}$/.test(code)) throw oncoError('CATALOGUE_INVALID_FACTS', `spatial[${i}] is not a country code of the EU country table (ISO 3166-1 alpha-3, e.g. ESP).`, { field: `spatial[${i}]` });
    t.add(dataset, 'dct:spatial', countryConcept(t, code));
  });
  for (const method of new Set(s.collectionMethods)) t.add(dataset, 'eucaim:collectionMethod', namedNode(COLLECTION_METHODS[method]));

  // People and organisations.
  if (s.publisher) addOrganisation(t, dataset, 'dct:publisher', s.publisher, node, 'publisher');
  if (s.hdab) addOrganisation(t, dataset, 'healthdcatap:hdab', s.hdab, node, 'hdab');
  addContactPoints(t, dataset, s.contactPoints, node);

  // The steward's statements.
  addStatement(t, dataset, 'dct:provenance', 'dct:ProvenanceStatement', localisedLiterals(s.provenance, 'provenance'), node('provenance'), 'rdfs:label');
  addStatement(t, dataset, 'dpv:hasPurpose', 'dpv:Purpose', localisedLiterals(s.purpose, 'purpose'), node('purpose'), 'dct:description');
  if (s.legalBasisConcepts && s.legalBasisConcepts.length > 0) {
    s.legalBasisConcepts.forEach((iri, i) => t.add(dataset, 'dpv:hasLegalBasis', iriFact(iri, `legalBasisConcepts[${i}]`)));
  } else {
    // No DPV concept chosen: the words go in a described dpv:LegalBasis, as the profile allows for purposes.
    addStatement(t, dataset, 'dpv:hasLegalBasis', 'dpv:LegalBasis', localisedLiterals(s.legalBasis, 'legalBasis'), node('legal_basis'), 'dct:description');
  }

  addGenerated(t, dataset, facts, node);
  addDistribution(t, dataset, facts, node, legislation);
  return groupedBySubject(t.quads);
}

/** What the release computed from the data (§4.1 Subjects and Population, Imaging Properties). */
function addGenerated(t: Triples, dataset: NamedNode, facts: DatasetFacts, node: BlankNodeOf): void {
  const g: GeneratedFacts = facts.generated;
  checkCount(g.counts.patients, 'counts.patients');
  checkCount(g.counts.studies, 'counts.studies');
  t.add(dataset, 'healthdcatap:numberOfUniqueIndividuals', typed(g.counts.patients, 'nonNegativeInteger'));
  // numberOfRecords is re-purposed by EUCAIM as the number of imaging (DICOM) studies.
  t.add(dataset, 'healthdcatap:numberOfRecords', typed(g.counts.studies, 'nonNegativeInteger'));
  t.addAll(dataset, 'eucaim:hasBirthSex', hyperontologyIris(g.sex, 'sex').map((iri) => namedNode(iri)));
  const condition = primaryConditionIri(facts);
  if (condition) t.add(dataset, 'eucaim:hasCondition', namedNode(condition));
  t.addAll(dataset, 'healthdcatap:hasCodeValues', conditionCodeValues(g).map((text) => literal(text)));
  t.addAll(dataset, 'eucaim:hasImageModality', hyperontologyIris(g.modalities, 'modalities').map((iri) => namedNode(iri)));
  t.addAll(dataset, 'eucaim:hasEquipmentManufacturer', hyperontologyIris(g.manufacturers, 'manufacturers').map((iri) => namedNode(iri)));
  t.addAll(dataset, 'eucaim:hasImageBodyPart', hyperontologyIris(g.bodyParts, 'bodyParts').map((iri) => namedNode(iri)));

  if (g.ageRange) {
    checkCount(g.ageRange.min, 'ageRange.min');
    checkCount(g.ageRange.max, 'ageRange.max');
    t.add(dataset, 'healthdcatap:minTypicalAge', typed(g.ageRange.min, 'nonNegativeInteger'));
    t.add(dataset, 'healthdcatap:maxTypicalAge', typed(g.ageRange.max, 'nonNegativeInteger'));
  }
  if (g.acquisitionPeriod) {
    const period = node('acquisition_period');
    t.add(dataset, 'dct:temporal', period);
    t.add(period, 'rdf:type', term('dct:PeriodOfTime'));
    t.add(period, 'dcat:startDate', dateLiteral(g.acquisitionPeriod.start, 'acquisitionPeriod.start'));
    t.add(period, 'dcat:endDate', dateLiteral(g.acquisitionPeriod.end, 'acquisitionPeriod.end'));
  }
  t.add(dataset, 'dct:issued', dateLiteral(facts.releasedAt, 'releasedAt'));
  if (facts.modifiedAt) t.add(dataset, 'dct:modified', dateLiteral(facts.modifiedAt, 'modifiedAt'));

  // hasStructuredData true obliges hasVariables: the released clinical tables as a CSVW table group, each column
  // with the name, title, datatype and description HealthDCAT-AP asks (from the CDM where the release gives them).
  const tables = g.clinicalTables.filter((table) => table.columns.length > 0);
  t.add(dataset, 'healthdcatap:hasStructuredData', typed(tables.length > 0, 'boolean'));
  if (tables.length === 0) return;
  const group = node('variables');
  t.add(dataset, 'healthdcatap:hasVariables', group);
  t.add(group, 'rdf:type', term('csvw:TableGroup'));
  t.add(group, 'dct:title', literal(`Clinical tables of version ${facts.version}`, 'en'));
  tables.forEach((table, i) => {
    const tableNode = node(`table${i}`);
    const schema = node(`table${i}_schema`);
    t.add(group, 'csvw:table', tableNode);
    t.add(tableNode, 'rdf:type', term('csvw:Table'));
    t.add(tableNode, 'dct:title', literal(table.title ?? table.path, 'en'));
    // csvw:url must be an IRI: the table named inside the dataset's own record (the files stay in the node).
    t.add(tableNode, 'csvw:url', iriFact(`${facts.identifierIri.split('#')[0]}#v${facts.version}/${encodeURI(table.path)}`, 'clinicalTables.path'));
    t.add(tableNode, 'csvw:tableSchema', schema);
    t.add(schema, 'rdf:type', term('csvw:Schema'));
    table.columns.forEach((name, j) => {
      const about = table.columnInfo?.[name];
      const column = node(`table${i}_column${j}`);
      // Both the table and its schema list the column: HealthDCAT-AP's shapes read csvw:column on the table,
      // CSVW puts it on the schema.
      t.add(tableNode, 'csvw:column', column);
      t.add(schema, 'csvw:column', column);
      t.add(column, 'rdf:type', term('csvw:Column'));
      t.add(column, 'csvw:name', literal(name));
      t.add(column, 'csvw:title', literal(about?.title ?? name, 'en'));
      t.add(column, 'csvw:datatype', literal(about?.datatype ?? 'string'));
      t.add(column, 'dct:description', literal(about?.description ?? `Column ${name} of ${table.path}.`, 'en'));
    });
  });
}

/** `subject predicate [ a type ; textPredicate "…"@en … ]`, only when there is some text. */
function addStatement(t: Triples, subject: NamedNode, predicate: string, type: string, texts: readonly Literal[], statement: BlankNode, textPredicate: string): void {
  if (texts.length === 0) return;
  t.add(subject, predicate, statement);
  t.add(statement, 'rdf:type', term(type));
  t.addAll(statement, textPredicate, texts);
}
