/**
 * The classes of the things our records point to, written into the records themselves. A validator (and a
 * harvester) sees only the document: DCAT-AP 3.0.1's range shapes ask that a `dct:type` be a skos:Concept, a
 * `dcatap:applicableLegislation` an eli:LegalResource, a `dct:rights` a dct:RightsStatement, a `dcat:mediaType` a
 * dct:MediaType, and HealthDCAT-AP's code-list shapes that a theme, access right, health category or file type
 * be a concept `skos:inScheme` the EU authority table it comes from. So each value carries its type, a label and
 * its scheme: a small bundled SKOS description of the EUCAIM codes and EU concepts we use, nothing fetched.
 */
import { DataFactory } from 'n3';
import type { NamedNode } from 'n3';
import { term, type Triples } from './rdf-terms.ts';
import {
  ACCESS_CONDITIONS, ACCESS_RIGHTS, DATASET_TYPES, EU_LANGUAGES, PSEUDONYMISED_DATA, SCHEMES, THEME_HEALTH,
  type AccessRight, type DatasetType,
} from './vocabulary.ts';

const { namedNode, literal } = DataFactory;

type Scheme = { readonly iri: string; readonly title: string };

/** `<scheme> a skos:ConceptScheme ; dct:title …` (DCAT-AP: a concept scheme has a title). */
export function conceptScheme(t: Triples, scheme: Scheme): NamedNode {
  const node = namedNode(scheme.iri);
  t.add(node, 'rdf:type', term('skos:ConceptScheme'));
  t.add(node, 'dct:title', literal(scheme.title, 'en'));
  return node;
}

/** `<iri> a skos:Concept [, extra classes] ; skos:prefLabel "…"@en ; skos:inScheme <scheme>`. */
export function addConcept(t: Triples, iri: string, label: string, scheme: Scheme, ...classes: string[]): NamedNode {
  const node = namedNode(iri);
  t.add(node, 'rdf:type', term('skos:Concept'));
  for (const c of classes) t.add(node, 'rdf:type', term(c));
  t.add(node, 'skos:prefLabel', literal(label, 'en'));
  t.add(node, 'skos:inScheme', conceptScheme(t, scheme));
  return node;
}

const DATASET_TYPE_LABELS: Readonly<Record<DatasetType, string>> = { original: 'Original images', processed: 'Processed images', annotated: 'Annotated images' };
const ACCESS_RIGHT_LABELS: Readonly<Record<AccessRight, string>> = { PUBLIC: 'public', RESTRICTED: 'restricted', NON_PUBLIC: 'non-public' };

export function datasetTypeConcept(t: Triples, type: DatasetType): NamedNode {
  return addConcept(t, DATASET_TYPES[type], DATASET_TYPE_LABELS[type], SCHEMES.datasetType);
}

export function pseudonymisedConcept(t: Triples): NamedNode {
  return addConcept(t, PSEUDONYMISED_DATA, 'Pseudonymised data', SCHEMES.dpv);
}

export function healthThemeConcept(t: Triples): NamedNode {
  return addConcept(t, THEME_HEALTH, 'Health', SCHEMES.dataTheme);
}

/** DCAT-AP 3's range of dct:accessRights is dct:RightsStatement; HealthDCAT-AP checks the concept's scheme. */
export function accessRightConcept(t: Triples, right: AccessRight): NamedNode {
  return addConcept(t, ACCESS_RIGHTS[right], ACCESS_RIGHT_LABELS[right], SCHEMES.accessRight, 'dct:RightsStatement');
}

// The EHDS Article 51 categories whose label we know; another chosen IRI is labelled by its code.
const HEALTH_CATEGORY_LABELS: Readonly<Record<string, string>> = { EHRS: 'Electronic health data from EHRs' };

/** A health category IRI, in the scheme its path names (`…/healthcategories/EHRS` is in `…/healthcategories`). */
export function healthCategoryConcept(t: Triples, iri: string): NamedNode {
  const code = iri.slice(iri.lastIndexOf('/') + 1);
  const scheme = iri.slice(0, iri.lastIndexOf('/'));
  return addConcept(t, iri, HEALTH_CATEGORY_LABELS[code] ?? code, { iri: scheme, title: SCHEMES.healthCategory.title });
}

export function legislation(t: Triples, iri: NamedNode): NamedNode {
  t.add(iri, 'rdf:type', term('eli:LegalResource'));
  return iri;
}

/** The EU language of a BCP 47 tag of the steward's texts, or none when the table has no such language. */
export function languageConcept(t: Triples, tag: string): NamedNode | undefined {
  const code = EU_LANGUAGES[tag.toLowerCase().split('-')[0]!];
  if (!code) return undefined;
  return addConcept(t, `${SCHEMES.language.iri}/${code}`, code, SCHEMES.language, 'dct:LinguisticSystem');
}

/** An EU country (ISO 3166-1 alpha-3, the authority table's code), as a dct:Location. */
export function countryConcept(t: Triples, code: string): NamedNode {
  return addConcept(t, `${SCHEMES.country.iri}/${code}`, code, SCHEMES.country, 'dct:Location');
}

const ACCESS_CONDITION_LABELS: Readonly<Record<string, string>> = {
  [ACCESS_CONDITIONS.DOWNLOAD]: 'Download', [ACCESS_CONDITIONS.IN_SITU_PROCESSING]: 'In-situ processing', [ACCESS_CONDITIONS.REMOTE_PROCESSING]: 'Remote processing',
};

/** A dct:rights value (EUCAIM access or data-use condition): a dct:RightsStatement with its name. */
export function rightsStatement(t: Triples, iri: string): NamedNode {
  const node = namedNode(iri);
  t.add(node, 'rdf:type', term('dct:RightsStatement'));
  const name = ACCESS_CONDITION_LABELS[iri] ?? iri.slice(iri.lastIndexOf('#') + 1).toLowerCase().replaceAll('_', ' ');
  t.add(node, 'rdfs:label', literal(name, 'en'));
  return node;
}

/** A web page (foaf:homepage's range in DCAT-AP). */
export function webDocument(t: Triples, iri: NamedNode): NamedNode {
  t.add(iri, 'rdf:type', term('foaf:Document'));
  return iri;
}

/** Any web resource (the range DCAT-AP gives dcat:endpointURL and dcat:endpointDescription). */
export function webResource(t: Triples, iri: NamedNode): NamedNode {
  t.add(iri, 'rdf:type', term('rdfs:Resource'));
  return iri;
}
