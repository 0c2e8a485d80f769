/**
 * Our SHACL rules for the mandatory properties of EUCAIM DCAT-AP v2 (§4.1 Dataset, §4.2 Distribution, §4.3
 * Catalogue): EUCAIM publishes no shapes (§4), so these are ours. One rule per property and concern, each
 * with the message a data steward reads: what is missing or wrong, in the profile's words, and what to do.
 * Rules on generated values say so ("OncoAtlas writes it …"): the steward cannot fix those in the form.
 *
 * `property` is what a problem reports (`dct:publisher/foaf:name`); `path` is the SHACL path in Turtle.
 */
import { ACCESS_CONDITIONS, ACCESS_RIGHTS, BIRTH_SEX_CODES, COLLECTION_METHODS, DATASET_TYPES, THEME_HEALTH, TIERS } from './vocabulary.ts';

export interface ShapeRule {
  /** Local name of the shape in our namespace (`oas:dataset-title`). */
  readonly id: string;
  readonly path: string;
  readonly property: string;
  /** sh:name, a label for forms and reports. */
  readonly name: string;
  /** Turtle predicate-object list of the constraints (`sh:minCount 1 ; sh:maxCount 1`). */
  readonly constraints: string;
  readonly message: string;
  /** Default Violation. */
  readonly severity?: 'Warning';
}

/** `( <a> <b> )`: a Turtle list of IRIs for sh:in. */
const list = (iris: Iterable<string>): string => `( ${[...iris].map((iri) => `<${iri}>`).join(' ')} )`;

/** A regular expression as a Turtle string literal for sh:pattern. */
const pattern = (source: string): string => `"${source.replace(/\\/g, '\\\\')}"`;

const hyperontology = (family: string): string => `sh:nodeKind sh:IRI ; sh:pattern ${pattern(`^https://cancerimage\\.eu/ontology/EUCAIM#${family}[0-9]+$`)}`;

const SEMVER_OR_CALVER =
  '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$|^[0-9]{4}\\.(0?[1-9]|1[0-2])(\\.[0-9]+)?$';

const REPORT_IT = 'OncoAtlas writes it from the release; if this appears, report it.';

/** The name, contact point and reachability rules of an agent (publisher, Health Data Access Body). */
function agentRules(owner: string, idPrefix: string, predicate: string, who: string, ownerWords: string): ShapeRule[] {
  return [
    {
      id: `${idPrefix}-name`, path: predicate, property: `${predicate}/foaf:name`, name: `${who} name`,
      constraints: 'sh:node oas:HasName',
      message: `The ${ownerWords} ${who.toLowerCase()} (${predicate}) has no name (foaf:name). Give the organisation's official name in the ${owner} form.`,
    },
    {
      id: `${idPrefix}-contact-point`, path: predicate, property: `${predicate}/cv:contactPoint`, name: `${who} contact point`,
      constraints: 'sh:node oas:HasOneContactPoint',
      message: `The ${ownerWords} ${who.toLowerCase()} (${predicate}) has no contact point (cv:contactPoint), or more than one. Give its email address or contact page in the ${owner} form.`,
    },
    {
      id: `${idPrefix}-contact-reachable`, path: `( ${predicate} cv:contactPoint )`, property: `${predicate}/cv:contactPoint/(cv:email|cv:contactPage)`,
      name: `${who} email or contact page`,
      constraints: 'sh:or ( [ sh:path cv:email ; sh:minCount 1 ] [ sh:path cv:contactPage ; sh:minCount 1 ] )',
      message: `The contact point of the ${ownerWords} ${who.toLowerCase()} has neither an email (cv:email) nor a contact page (cv:contactPage). Give at least one.`,
    },
  ];
}

export const DATASET_RULES: readonly ShapeRule[] = [
  {
    id: 'dataset-identifier', path: 'dct:identifier', property: 'dct:identifier', name: 'Identifier',
    constraints: 'sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:Literal',
    message: `The dataset has no identifier (dct:identifier), or more than one. It is the stable IRI federated search returns for the dataset and never changes. ${REPORT_IT}`,
  },
  {
    id: 'dataset-title', path: 'dct:title', property: 'dct:title', name: 'Title',
    constraints: 'sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMinCount 1',
    message: 'The dataset has no English title (dct:title). Set the title in English in the catalogue form; titles in other languages are optional.',
  },
  {
    id: 'dataset-description', path: 'dct:description', property: 'dct:description', name: 'Description',
    constraints: 'sh:qualifiedValueShape [ sh:languageIn ( "en" ) ] ; sh:qualifiedMinCount 1',
    message: 'The dataset has no English description (dct:description). Describe in English, in the catalogue form, what the images and clinical data are, which patients and which years; other languages are optional.',
  },
  {
    id: 'dataset-version', path: 'dcat:version', property: 'dcat:version', name: 'Version',
    constraints: `sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:Literal ; sh:pattern ${pattern(SEMVER_OR_CALVER)}`,
    message: `The dataset's version (dcat:version) is missing, repeated, or neither SemVer (2.0.0) nor CalVer (2026.03.1). ${REPORT_IT}`,
  },
  {
    id: 'dataset-tier', path: 'eucaim:interoperabilityLevel', property: 'eucaim:interoperabilityLevel', name: 'Interoperability tier',
    constraints: `sh:minCount 1 ; sh:maxCount 1 ; sh:in ${list(Object.values(TIERS))}`,
    message: 'The dataset has no EUCAIM interoperability tier (eucaim:interoperabilityLevel), or more than one. Choose in the catalogue form the tier this node offers for it: 1 (catalogue), 2 (federated search) or 3 (processing), or an A+/C+ sub-level.',
  },
  {
    id: 'dataset-distribution', path: 'dcat:distribution', property: 'dcat:distribution', name: 'Distribution',
    constraints: 'sh:minCount 1 ; sh:class dcat:Distribution',
    message: `The dataset has no distribution (dcat:distribution); EUCAIM requires one even when access is restricted. ${REPORT_IT}`,
  },
  {
    id: 'dataset-contact-point', path: 'dcat:contactPoint', property: 'dcat:contactPoint', name: 'Contact point',
    constraints: 'sh:minCount 1',
    message: 'The dataset has no contact point (dcat:contactPoint). Add in the catalogue form a contact for questions about the dataset: a name with an email address or a web page.',
  },
  {
    id: 'dataset-contact-reachable', path: 'dcat:contactPoint', property: 'dcat:contactPoint/(vcard:hasEmail|vcard:hasURL)', name: 'Contact email or page',
    constraints: 'sh:or ( [ sh:path vcard:hasEmail ; sh:minCount 1 ] [ sh:path vcard:hasURL ; sh:minCount 1 ] )',
    message: 'A contact point of the dataset has neither an email address (vcard:hasEmail) nor a web page (vcard:hasURL). Give at least one of them in the catalogue form.',
  },
  {
    id: 'dataset-theme', path: 'dcat:theme', property: 'dcat:theme', name: 'Theme',
    constraints: `sh:minCount 1 ; sh:maxCount 1 ; sh:in ${list([THEME_HEALTH])}`,
    message: `The dataset's theme (dcat:theme) must be exactly the EU data theme Health (HEAL). ${REPORT_IT}`,
  },
  {
    id: 'dataset-health-category', path: 'healthdcatap:healthCategory', property: 'healthdcatap:healthCategory', name: 'Health category',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:IRI',
    message: 'The dataset has no EHDS health category (healthdcatap:healthCategory). Choose in the catalogue form at least one category of EHDS Article 51 from the HealthDCAT-AP Health Categories vocabulary.',
  },
  {
    id: 'dataset-type', path: 'dct:type', property: 'dct:type', name: 'Dataset type',
    constraints: `sh:minCount 1 ; sh:or ( [ sh:in ${list(Object.values(DATASET_TYPES))} ] [ sh:nodeKind sh:IRI ; sh:pattern ${pattern('^https://w3id\\.org/dpv#')} ] )`,
    message: 'The dataset has no type (dct:type), or a type that is neither a EUCAIM dataset type nor a DPV data type. Choose in the catalogue form whether the images are original, processed and/or annotated.',
  },
  {
    id: 'dataset-access-rights', path: 'dct:accessRights', property: 'dct:accessRights', name: 'Access rights',
    constraints: `sh:minCount 1 ; sh:maxCount 1 ; sh:in ${list(Object.values(ACCESS_RIGHTS))}`,
    message: 'The dataset\'s access rights (dct:accessRights) are missing, repeated, or not one of public, restricted, non-public (EU access-right table). Choose one in the catalogue form.',
  },
  {
    id: 'dataset-legislation', path: 'dcatap:applicableLegislation', property: 'dcatap:applicableLegislation', name: 'Applicable legislation',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:IRI',
    message: 'The dataset names no applicable legislation (dcatap:applicableLegislation). Give in the catalogue form the ELI of each law that governs it, at least the EHDS Regulation (http://data.europa.eu/eli/reg/2025/327/oj) where it applies.',
  },
  {
    id: 'dataset-publisher', path: 'dct:publisher', property: 'dct:publisher', name: 'Publisher',
    constraints: 'sh:minCount 1 ; sh:maxCount 1',
    message: 'The dataset has no publisher (dct:publisher), or more than one. Give in the catalogue form the one organisation that makes the dataset available (usually the hospital).',
  },
  ...agentRules('catalogue', 'dataset-publisher', 'dct:publisher', 'Publisher', "dataset's"),
  {
    id: 'dataset-structured-data', path: 'healthdcatap:hasStructuredData', property: 'healthdcatap:hasStructuredData', name: 'Structured data',
    constraints: 'sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:boolean',
    message: `The dataset does not say, once, whether it holds structured data (healthdcatap:hasStructuredData): true or false. ${REPORT_IT}`,
  },
  {
    id: 'dataset-individuals', path: 'healthdcatap:numberOfUniqueIndividuals', property: 'healthdcatap:numberOfUniqueIndividuals', name: 'Number of unique individuals',
    constraints: 'sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger',
    message: `The number of unique individuals (healthdcatap:numberOfUniqueIndividuals) is missing, repeated, or not a whole number of at least 0. It is counted from the released, QC-passed data: ${REPORT_IT}`,
  },
  {
    id: 'dataset-studies', path: 'healthdcatap:numberOfRecords', property: 'healthdcatap:numberOfRecords', name: 'Number of imaging studies',
    constraints: 'sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:nonNegativeInteger',
    message: `The number of imaging studies (healthdcatap:numberOfRecords) is missing, repeated, or not a whole number of at least 0. It is counted from the released, QC-passed data: ${REPORT_IT}`,
  },
  {
    id: 'dataset-birth-sex', path: 'eucaim:hasBirthSex', property: 'eucaim:hasBirthSex', name: 'Birth sex',
    constraints: `sh:minCount 1 ; sh:in ${list(BIRTH_SEX_CODES)}`,
    message: 'The dataset lists no birth sex with a EUCAIM code (eucaim:hasBirthSex), or a code outside the hyperontology\'s sexes. It comes from the patients\' sex in the released version, counted at dataset level (a sex held by fewer patients than the release policy\'s k counts as unknown, COM1002760): check that the clinical mapping maps sex to male or female.',
  },
  {
    id: 'dataset-condition', path: 'eucaim:hasCondition', property: 'eucaim:hasCondition', name: 'Cancer condition',
    constraints: `sh:minCount 1 ; sh:maxCount 1 ; ${hyperontology('CLIN')}`,
    message: 'The dataset has no primary cancer condition with a EUCAIM hyperontology code (eucaim:hasCondition), or more than one. It is taken from the released patients\' diagnoses, counted at dataset level, when they map to a hyperontology concept (lung, breast, colon, prostate cancer); a diagnosis held by fewer patients than the release policy\'s k is not named (it counts as other). Otherwise enter the primary condition\'s CLIN code in the catalogue form.',
  },
  {
    id: 'dataset-collection-method', path: 'eucaim:collectionMethod', property: 'eucaim:collectionMethod', name: 'Collection method',
    constraints: `sh:minCount 1 ; sh:in ${list(Object.values(COLLECTION_METHODS))}`,
    message: 'The dataset has no collection method (eucaim:collectionMethod), or one outside the EUCAIM list. Choose in the catalogue form one or more: only image, patient-based, case-control, longitudinal, disease-specific.',
  },
  {
    id: 'dataset-modality', path: 'eucaim:hasImageModality', property: 'eucaim:hasImageModality', name: 'Image modality',
    constraints: `sh:minCount 1 ; ${hyperontology('IMG')}`,
    message: 'No image modality of the dataset has a EUCAIM hyperontology code (eucaim:hasImageModality), or a value is not an IMG code. The modalities come from the released images, and only those with a hyperontology code are listed (CT, MR, MG, PT, US); a modality of fewer patients than the release policy\'s k is not named (it counts as other).',
  },
  {
    id: 'dataset-manufacturer', path: 'eucaim:hasEquipmentManufacturer', property: 'eucaim:hasEquipmentManufacturer', name: 'Equipment manufacturer',
    constraints: `sh:minCount 1 ; ${hyperontology('IMG')}`,
    message: 'No equipment manufacturer of the dataset has a EUCAIM hyperontology code (eucaim:hasEquipmentManufacturer), or a value is not an IMG code. They come from DICOM Manufacturer (0008,0070) of the released images; only Siemens, Toshiba, Philips, GE and Canon have codes so far, and a manufacturer of fewer patients than the release policy\'s k is not named (it counts as other).',
  },
  {
    id: 'dataset-body-part', path: 'eucaim:hasImageBodyPart', property: 'eucaim:hasImageBodyPart', name: 'Image body part',
    constraints: `sh:minCount 1 ; ${hyperontology('BP')}`,
    message: 'No body part of the dataset has a EUCAIM hyperontology code (eucaim:hasImageBodyPart), or a value is not a BP code. They come from DICOM Body Part Examined of the released images; only chest, prostate and breast have codes so far, and a body part of fewer patients than the release policy\'s k is not named (it counts as other).',
  },
  {
    id: 'dataset-keyword', path: 'dcat:keyword', property: 'dcat:keyword', name: 'Keyword',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:Literal',
    message: 'The dataset has no keyword (dcat:keyword). Add in the catalogue form the words people would search for: the cancer type, modality, body part, annotation type.',
  },
  {
    id: 'dataset-provenance', path: 'dct:provenance', property: 'dct:provenance', name: 'Provenance',
    constraints: 'sh:minCount 1',
    message: 'The dataset has no provenance statement (dct:provenance). Describe in the catalogue form how the data were collected, de-identified, checked and released.',
  },
  {
    id: 'dataset-hdab', path: 'healthdcatap:hdab', property: 'healthdcatap:hdab', name: 'Health Data Access Body', severity: 'Warning',
    constraints: 'sh:minCount 1',
    message: 'The dataset names no Health Data Access Body (healthdcatap:hdab). EUCAIM accepts this while the EHDS body for your region is not designated; add it in the catalogue form once it is, and never enter a placeholder organisation.',
  },
  {
    id: 'dataset-hdab-single', path: 'healthdcatap:hdab', property: 'healthdcatap:hdab', name: 'Health Data Access Body',
    constraints: 'sh:maxCount 1',
    message: 'The dataset names more than one Health Data Access Body (healthdcatap:hdab); keep the competent one.',
  },
  ...agentRules('catalogue', 'dataset-hdab', 'healthdcatap:hdab', 'Health Data Access Body', "dataset's"),
];

/** Node-level rules of the dataset (a condition between two properties). */
export const DATASET_VARIABLES_RULE = {
  id: 'dataset-variables',
  property: 'healthdcatap:hasVariables',
  name: 'Variables',
  constraints: 'sh:or ( [ sh:path healthdcatap:hasStructuredData ; sh:hasValue false ] [ sh:path healthdcatap:hasVariables ; sh:minCount 1 ] )',
  message: `The dataset says it holds structured data but does not describe its variables (healthdcatap:hasVariables). ${REPORT_IT}`,
} as const;

export const DISTRIBUTION_RULES: readonly ShapeRule[] = [
  {
    id: 'distribution-access-url', path: 'dcat:accessURL', property: 'dcat:accessURL', name: 'Access URL',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:IRI',
    message: 'The distribution has no access URL (dcat:accessURL). Give in the catalogue form the address where access is requested: in EUCAIM, the Negotiator page of this dataset.',
  },
  {
    id: 'distribution-legislation', path: 'dcatap:applicableLegislation', property: 'dcatap:applicableLegislation', name: 'Applicable legislation',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:IRI',
    message: 'The distribution names no applicable legislation (dcatap:applicableLegislation). It is the dataset\'s: give the applicable legislation in the catalogue form.',
  },
  {
    id: 'distribution-rights', path: 'dct:rights', property: 'dct:rights', name: 'Rights',
    constraints: 'sh:minCount 1',
    message: 'The distribution has no rights statement (dct:rights). Choose in the catalogue form how the data can be accessed: download, in-situ processing or remote processing.',
  },
  {
    id: 'distribution-access-condition', path: 'dct:rights', property: 'dct:rights/access-condition', name: 'EUCAIM access condition',
    constraints: `sh:qualifiedValueShape [ sh:in ${list(Object.values(ACCESS_CONDITIONS))} ] ; sh:qualifiedMinCount 1`,
    message: 'None of the distribution\'s rights (dct:rights) is a EUCAIM access condition. Choose in the catalogue form at least one: download, in-situ processing, or remote processing.',
  },
  {
    id: 'distribution-checksum', path: 'spdx:checksum', property: 'spdx:checksum', name: 'Checksum',
    constraints: 'sh:maxCount 1 ; sh:node oas:ChecksumShape',
    message: `The distribution's checksum (spdx:checksum) must be one, with exactly one algorithm (spdx:algorithm) and one lowercase hexadecimal value (spdx:checksumValue). ${REPORT_IT}`,
  },
];

export const CATALOGUE_RULES: readonly ShapeRule[] = [
  {
    id: 'catalogue-title', path: 'dct:title', property: 'dct:title', name: 'Catalogue title',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:Literal',
    message: 'The catalogue has no title (dct:title). Set it in the node\'s catalogue settings.',
  },
  {
    id: 'catalogue-description', path: 'dct:description', property: 'dct:description', name: 'Catalogue description',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:Literal',
    message: 'The catalogue has no description (dct:description). Say in the node\'s catalogue settings what the catalogue holds.',
  },
  {
    id: 'catalogue-legislation', path: 'dcatap:applicableLegislation', property: 'dcatap:applicableLegislation', name: 'Applicable legislation',
    constraints: 'sh:minCount 1 ; sh:nodeKind sh:IRI',
    message: 'The catalogue names no applicable legislation (dcatap:applicableLegislation). Give in the node\'s catalogue settings the ELI of the EHDS Regulation (http://data.europa.eu/eli/reg/2025/327/oj) where it applies.',
  },
  {
    id: 'catalogue-publisher', path: 'dct:publisher', property: 'dct:publisher', name: 'Catalogue publisher',
    constraints: 'sh:minCount 1 ; sh:maxCount 1',
    message: 'The catalogue has no publisher (dct:publisher), or more than one. Give in the node\'s catalogue settings the organisation that runs the catalogue.',
  },
  ...agentRules('node\'s catalogue settings', 'catalogue-publisher', 'dct:publisher', 'Publisher', "catalogue's"),
];
