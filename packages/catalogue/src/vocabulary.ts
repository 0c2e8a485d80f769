/**
 * Namespaces and the closed vocabularies of the EUCAIM DCAT-AP v2 records (DCAT-AP 3 + HealthDCAT-AP
 * release 7 + EUCAIM extensions). Every code here is quoted from the reference notes
 * (shared/reference/eucaim.md §2, §4.1-4.4) or, where noted, from the EUCAIM/eucaim_dcat_ap release files
 * the notes cite (§14). Nothing is invented: a value without a code in those sources has no entry, and the
 * records simply leave it out (the validation then says what is missing).
 *
 * Codes of open vocabularies (hyperontology modalities, manufacturers, body parts, cancer conditions) are
 * not listed: the records take them from the codings the caller resolved with @oncoatlas/clinical's value
 * sets, and the shapes check only their code family (IMG…, BP…, CLIN…).
 */

/** Prefix -> namespace IRI, used by the Turtle writer, the JSON-LD context and the shapes. */
export const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  // §4: the three EUCAIM-specific namespaces, exactly as the notes give them.
  dcatap: 'http://data.europa.eu/r5r/',
  healthdcatap: 'https://w3id.org/healthdcat-ap#',
  eucaim: 'https://cancerimage.eu/ontology/EUCAIM#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  // The notes use `cv:` without an IRI; it is the SEMIC Core Vocabularies namespace DCAT-AP 3 and
  // HealthDCAT-AP use for cv:ContactPoint, cv:email, cv:contactPage.
  cv: 'http://data.europa.eu/m8g/',
  adms: 'http://www.w3.org/ns/adms#',
  spdx: 'http://spdx.org/rdf/terms#',
  // The release files link dpv:Data as https://w3id.org/dpv#Data.
  dpv: 'https://w3id.org/dpv#',
  odrl: 'http://www.w3.org/ns/odrl/2/',
  csvw: 'http://www.w3.org/ns/csvw#',
  // The classes the DCAT-AP range shapes ask of code-list values (skos:Concept) and of legislation (eli:LegalResource).
  skos: 'http://www.w3.org/2004/02/skos/core#',
  eli: 'http://data.europa.eu/eli/ontology#',
  // The notes name no paging vocabulary for harvesters; see catalogue-records.ts for why Hydra.
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

export type Prefix = keyof typeof PREFIXES;

/** `curie('dct', 'title')` -> the full IRI. */
export function expand(prefix: Prefix, local: string): string {
  return `${PREFIXES[prefix]}${local}`;
}

/** The full IRI -> `dct:title`, or the IRI itself when no prefix matches (longest namespace wins). */
export function compactIri(iri: string): string {
  let best: [Prefix, string] | undefined;
  for (const [prefix, ns] of Object.entries(PREFIXES) as [Prefix, string][]) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

const eucaim = (code: string): string => expand('eucaim', code);

/** §4.1 dcat:theme: the one fixed value. */
export const THEME_HEALTH = 'http://publications.europa.eu/resource/authority/data-theme/HEAL';

/** §4.1/§4.3 dcatap:applicableLegislation: the EHDS Regulation (EU) 2025/327. */
export const EHDS_REGULATION = 'http://data.europa.eu/eli/reg/2025/327/oj';

/**
 * §2 eucaim:interoperabilityLevel. The codes are not in tier order (the notes warn about it), and Tier 1C+
 * is `SPEC10000011` with one digit more than its siblings: quoted as the notes give it.
 */
export const TIERS = {
  '1': eucaim('SPEC1000009'),
  '2': eucaim('SPEC1000011'),
  '3': eucaim('SPEC1000010'),
  '1C+': eucaim('SPEC10000011'),
  '1A+': eucaim('SPEC1000012'),
  '2A+': eucaim('SPEC1000014'),
  '2C+': eucaim('SPEC1000013'),
  '3A+': eucaim('SPEC1000016'),
  '3C+': eucaim('SPEC1000015'),
} as const;
export type Tier = keyof typeof TIERS;

/** §4.1 dct:type, subclasses of eucaim:SPEC1000017 (dataset type). */
export const DATASET_TYPES = {
  processed: eucaim('SPEC1000018'),
  annotated: eucaim('SPEC1000019'),
  original: eucaim('SPEC1000020'),
} as const;
export type DatasetType = keyof typeof DATASET_TYPES;

/** §4.1 dct:type also takes dpv:Data subclasses; the notes give this one, which is what our keyed pseudonyms make. */
export const PSEUDONYMISED_DATA = expand('dpv', 'PseudonymisedData');

/** §4.1 eucaim:collectionMethod, subclasses of eucaim:SPEC1000002. */
export const COLLECTION_METHODS = {
  'only-image': eucaim('SPEC1000003'),
  'patient-based': eucaim('SPEC1000004'),
  'case-control': eucaim('SPEC1000005'),
  longitudinal: eucaim('SPEC1000006'),
  'disease-specific': eucaim('SPEC1000007'),
} as const;
export type CollectionMethod = keyof typeof COLLECTION_METHODS;

/** §4.1 eucaim:hasBirthSex: every subclass of eucaim:COM1001396 the notes list (two of them mean Unknown). */
export const BIRTH_SEX_CODES = ['COM1001370', 'COM1001366', 'COM1001288', 'COM1002760', 'COM1001289'].map(eucaim);

/** §4.1 dct:accessRights: the EU access-right authority table. */
export const ACCESS_RIGHTS = {
  PUBLIC: 'http://publications.europa.eu/resource/authority/access-right/PUBLIC',
  RESTRICTED: 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED',
  NON_PUBLIC: 'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC',
} as const;
export type AccessRight = keyof typeof ACCESS_RIGHTS;

const ACCESS_CONDITION_NS = 'https://eucaim.github.io/eucaim_dcat_ap/releases/controlled-vocabularies/access-conditions/#';

/** §4.2 dct:rights of a distribution: at least one must be one of these EUCAIM access conditions. */
export const ACCESS_CONDITIONS = {
  DOWNLOAD: `${ACCESS_CONDITION_NS}DOWNLOAD`,
  IN_SITU_PROCESSING: `${ACCESS_CONDITION_NS}IN_SITU_PROCESSING`,
  REMOTE_PROCESSING: `${ACCESS_CONDITION_NS}REMOTE_PROCESSING`,
} as const;
export type AccessCondition = keyof typeof ACCESS_CONDITIONS;

const DATA_USE_NS = 'https://eucaim.github.io/eucaim_dcat_ap/releases/controlled-vocabularies/data-use-conditions/#';

/**
 * §4.2 further dct:rights: the EUCAIM data-use conditions aligned to DUO ("… 23 terms"). The notes name six;
 * the full list and the namespace are those of the release file they cite
 * (releases/controlled-vocabularies/data-use-conditions/data-use-conditions.ttl), DUO code in the comment.
 */
export const DATA_USE_CONDITION_NAMES = [
  'GENERAL_RESEARCH_USE', // DUO_0000042
  'HEALTH_MEDICAL_BIOMEDICAL_RESEARCH', // DUO_0000006
  'DISEASE_SPECIFIC_RESEARCH', // DUO_0000007
  'NO_RESTRICTION', // DUO_0000004
  'POPULATION_ORIGINS_ANCESTRY_RESEARCH_ONLY', // DUO_0000011
  'CLINICAL_CARE_USE', // DUO_0000043
  'COLLABORATION_REQUIRED', // DUO_0000020
  'ETHICS_APPROVAL_REQUIRED', // DUO_0000021
  'GENETIC_STUDIES_ONLY', // DUO_0000016
  'GEOGRAPHICAL_RESTRICTION', // DUO_0000022
  'INSTITUTION_SPECIFIC_RESTRICTION', // DUO_0000028
  'NO_GENERAL_METHODS_RESEARCH', // DUO_0000015
  'NON_COMMERCIAL_USE_ONLY', // DUO_0000046
  'NOT_FOR_PROFIT_ORGANISATION_USE_ONLY', // DUO_0000045
  'NOT_FOR_PROFIT_NON_COMMERCIAL_USE_ONLY', // DUO_0000018
  'POPULATION_ORIGINS_ANCESTRY_RESEARCH_PROHIBITED', // DUO_0000044
  'PROJECT_SPECIFIC_RESTRICTION', // DUO_0000027
  'PUBLICATION_MORATORIUM', // DUO_0000024
  'PUBLICATION_REQUIRED', // DUO_0000019
  'RESEARCH_SPECIFIC_RESTRICTIONS', // DUO_0000012
  'RETURN_TO_DATABASE_OR_RESOURCE', // DUO_0000029
  'TIME_LIMIT_ON_USE', // DUO_0000025
  'USER_SPECIFIC_RESTRICTION', // DUO_0000026
] as const;
export type DataUseCondition = (typeof DATA_USE_CONDITION_NAMES)[number];

export function dataUseConditionIri(name: DataUseCondition): string {
  return `${DATA_USE_NS}${name}`;
}

/**
 * §4.2 spdx:checksum algorithm (`spdx:checksumAlgorithm_sha256` in the notes), written with `https:`: the
 * DCAT-AP 3.0.x controlled-vocabulary shapes that HealthDCAT-AP's validator loads require the algorithm to match
 * `^https://spdx.org/rdf/terms` (SPDX 3 publishes under https). See docs/catalogue.md, Conformance.
 */
export const SHA256_ALGORITHM = 'https://spdx.org/rdf/terms#checksumAlgorithm_sha256';

/**
 * §4.2 dcat:mediaType of the images: the IANA register's IRI, in the `http://www.iana.org/assignments/media-types/`
 * form DCAT-AP's examples and HealthDCAT-AP's IANA pattern use, typed dct:MediaType in the record.
 */
export const DICOM_MEDIA_TYPE = 'http://www.iana.org/assignments/media-types/application/dicom';

/** §4.2 dct:format: the EU file-type authority table's DICOM. */
export const DICOM_FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/DICOM';

/** The EU authority tables (and other code lists) whose concepts the records use, as SKOS concept schemes. */
export const SCHEMES = {
  dataTheme: { iri: 'http://publications.europa.eu/resource/authority/data-theme', title: 'Data theme' },
  accessRight: { iri: 'http://publications.europa.eu/resource/authority/access-right', title: 'Access right' },
  fileType: { iri: 'http://publications.europa.eu/resource/authority/file-type', title: 'File type' },
  country: { iri: 'http://publications.europa.eu/resource/authority/country', title: 'Country' },
  language: { iri: 'http://publications.europa.eu/resource/authority/language', title: 'Language' },
  // HealthDCAT-AP's shapes name the production host of the EHDS Article 51 categories.
  healthCategory: { iri: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories', title: 'Health categories (EHDS Article 51)' },
  datasetType: { iri: expand('eucaim', 'SPEC1000017'), title: 'EUCAIM dataset type' },
  dpv: { iri: 'https://w3id.org/dpv', title: 'Data Privacy Vocabulary (DPV)' },
} as const;

/** BCP 47 language tags of the steward's texts -> the EU language authority table (ISO 639-2/B codes). */
export const EU_LANGUAGES: Readonly<Record<string, string>> = {
  en: 'ENG', es: 'SPA', ca: 'CAT', fr: 'FRA', de: 'DEU', it: 'ITA', nl: 'NLD', pt: 'POR', eu: 'EUS', gl: 'GLG', pl: 'POL', el: 'ELL',
  sv: 'SWE', da: 'DAN', fi: 'FIN', cs: 'CES', sk: 'SLK', sl: 'SLV', hu: 'HUN', ro: 'RON', bg: 'BUL', hr: 'HRV', et: 'EST', lv: 'LAV', lt: 'LIT', mt: 'MLT', ga: 'GLE',
};

/** The hyperontology code families the shapes accept per property (the class hierarchy is not available offline). */
export const CODE_FAMILIES = {
  condition: 'CLIN',
  modality: 'IMG',
  manufacturer: 'IMG',
  bodyPart: 'BP',
} as const;
