/**
 * The terms of the harvest documents that the dataset records do not use: the FAIR Data Point ontology, LDP
 * containers, VoID, the ADMS change types of catalogue records, and the standards the records conform to.
 * Written as full IRIs (the FDP ontology's `fdp-o:` prefix is not a name our CURIE helper reads).
 */

export const FDPO = 'https://w3id.org/fdp/fdp-o#';
export const LDP = 'http://www.w3.org/ns/ldp#';
export const VOID = 'http://rdfs.org/ns/void#';
export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
export const OWL = 'http://www.w3.org/2002/07/owl#';
/** DataCite ontology: the class of the FDP's metadata identifiers, as the reference implementation types them. */
export const DATACITE_IDENTIFIER = 'http://purl.org/spar/datacite/Identifier';

/** FDP specification v1.2 (the version with the w3id.org FDP ontology IRIs). */
export const FDP_SPEC_V12 = 'https://specs.fairdatapoint.org/fdp-specs-v1.2.html';

/**
 * ADMS change types (DCAT-AP 3.0.1, dcat:CatalogRecord adms:status): the type of the record's latest change.
 * A listed record is created or updated; deleted is the tombstone's (tombstone-records.ts).
 */
export const CHANGE_TYPES = {
  created: 'http://purl.org/adms/changetype/created',
  updated: 'http://purl.org/adms/changetype/updated',
} as const;

/** A standard a record or service conforms to (dct:Standard), with the title a reader is shown. */
export interface Standard {
  readonly iri: string;
  readonly title: string;
}

/** The application profiles a catalogue record conforms to: the EUCAIM profile and what it builds on. */
export const RECORD_PROFILES: readonly Standard[] = [
  { iri: 'https://eucaim.github.io/eucaim_dcat_ap/releases/v2.0/', title: 'EUCAIM DCAT Application Profile v2.0' },
  { iri: 'https://semiceu.github.io/DCAT-AP/releases/3.0.1/', title: 'DCAT-AP 3.0.1' },
  { iri: 'https://w3id.org/healthdcat-ap', title: 'HealthDCAT-AP release 7' },
];

/** What the harvest service speaks: DCAT records, paged with Hydra. */
export const HARVEST_PROTOCOLS: readonly Standard[] = [
  { iri: 'https://www.w3.org/TR/vocab-dcat-3/', title: 'Data Catalog Vocabulary (DCAT) - Version 3' },
  { iri: 'http://www.w3.org/ns/hydra/core', title: 'Hydra Core Vocabulary (paging)' },
];

/** What the FAIR Data Point speaks. */
export const FDP_PROTOCOLS: readonly Standard[] = [{ iri: FDP_SPEC_V12, title: 'FAIR Data Point specification v1.2' }];

/** The search service's interface is described by the node's OpenAPI 3.1 document. */
export const OPENAPI_31: Standard = { iri: 'https://spec.openapis.org/oas/v3.1.0', title: 'OpenAPI Specification 3.1.0' };

/**
 * The licence of the catalogue's metadata when the settings name none: CC0, from the EU licence authority
 * table, so that harvesters may copy the records (a FAIR Data Point must state one).
 */
export const DEFAULT_METADATA_LICENSE = 'http://publications.europa.eu/resource/authority/licence/CC0';
