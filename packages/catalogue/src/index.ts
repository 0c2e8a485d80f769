/**
 * @oncoatlas/catalogue: the EUCAIM DCAT-AP v2 records of released datasets (DCAT-AP 3 + HealthDCAT-AP
 * release 7 + EUCAIM extensions), our SHACL shapes with steward-readable messages, Turtle and JSON-LD, a
 * paged harvestable catalogue, and the dataset lifecycle. Pure domain code: facts in, quads and documents
 * out; no HTTP, no database, no clock. Counts and codes come from the release (QC-passed data only); texts,
 * contacts and the access offer from the steward (see docs/catalogue.md).
 *
 * @example
 * // facts.generated.modalities: [{ value: 'CT', count: 4100, codings: lookupValue('modality', 'CT').coded.codings }, …]
 * const quads = datasetQuads(facts);
 * const validation = await validateRecords(quads);          // { conforms, problems: [{ property: 'dct:title', message, … }] }
 * const state = applyTransition('released', 'PUBLISH', validation); // throws CATALOGUE_INVALID_RECORD if it does not conform
 *
 * // A harvester's request for page 2:
 * const type = contentTypeFor(request.headers.accept);       // 'text/turtle' | 'application/ld+json' | null (406)
 * const page = catalogueQuads(catalogue, publishedDatasets, { page: 2 });
 * const body = await serialise(page, type ?? 'text/turtle'); // hydra:next links to page 3 while there is one
 */
export type {
  CatalogueFacts, ClinicalTable, CodedCount, Coding, ColumnDescription, ContactPoint, DatasetFacts, GeneratedFacts, Localised, LocalisedList, Organisation, StewardFacts,
} from './dataset-facts.ts';
export { datasetQuads, semanticVersion } from './dataset-records.ts';
export { datasetConditions, unmappedValues } from './coded-values.ts';
export type { DatasetCondition, DatasetConditions, UnmappedValue } from './coded-values.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, catalogueQuads, pageCount, pageIri } from './catalogue-records.ts';
export type { PageRequest } from './catalogue-records.ts';
export { recordModified } from './catalogue-service-records.ts';
export { FDP_RECORD_KINDS, HARVEST_PATHS, harvestEndpoints } from './harvest-endpoints.ts';
export type { FdpRecordKind, HarvestEndpoints } from './harvest-endpoints.ts';
export { fdpCatalogueQuads, fdpDatasetQuads, fdpDistributionQuads, fdpRootQuads } from './fdp-records.ts';
export type { FdpContext } from './fdp-records.ts';
export { fdpProfileTurtle } from './fdp-profiles.ts';
export { voidQuads } from './void-records.ts';
export type { VoidContext } from './void-records.ts';
export { serialise, toJsonLd, toNTriples, toRdfXml, toTurtle } from './serialise.ts';
export { JSONLD_CONTEXT } from './jsonld-context.ts';
export { FORMAT_SUFFIXES, PAGE_CONTENT_TYPES, RECORD_CONTENT_TYPES, contentTypeFor, suffixOf } from './content-negotiation.ts';
export type { PageContentType, RecordContentType } from './content-negotiation.ts';
export { CHANGE_TYPE_DELETED, catalogueRecordIri, tombstoneQuads } from './tombstone-records.ts';
export type { TombstoneFacts } from './tombstone-records.ts';
export { LANDING_PAGE_CSP, datasetLandingPage, escapeHtml, tombstoneLandingPage } from './landing-page.ts';
export { SHAPES_NAMESPACE, SHAPES_TURTLE } from './shapes.ts';
export { formatProblems, validateRecords } from './validate-records.ts';
export { FORM_FIELDS, formFieldOf } from './problem-fields.ts';
export type { FormField } from './problem-fields.ts';
export type { ProblemSeverity, RecordProblem, RecordValidation } from './validate-records.ts';
export { DATASET_STATES, LIFECYCLE_ACTIONS, TRANSITIONS, allowedActions, applyTransition, assertPublishable, transitionFor } from './lifecycle.ts';
export type { DatasetState, LifecycleAction, Transition } from './lifecycle.ts';
export {
  ACCESS_CONDITIONS, ACCESS_RIGHTS, COLLECTION_METHODS, DATASET_TYPES, DATA_USE_CONDITION_NAMES, EHDS_REGULATION, PREFIXES, TIERS,
} from './vocabulary.ts';
export type { AccessCondition, AccessRight, CollectionMethod, DataUseCondition, DatasetType, Tier } from './vocabulary.ts';
export { parseStewardFacts } from './steward-facts.ts';
export { OFFICIAL_PROFILES, describeResults, officialShapeFiles, validateOfficial } from './official-shapes.ts';
export type { OfficialProfile, OfficialProfileId, OfficialResult, OfficialSeverity, OfficialValidation } from './official-shapes.ts';
