/**
 * The hub's GA4GH Beacon v2 facade (`/beacon/v2`), as pure functions: the informational documents, the request →
 * AST mapping and the individuals answers, each conforming to the vendored framework schemas. See docs/beacon.md.
 */
export { BEACON_API_VERSION, beaconConfiguration, beaconInfo, beaconMap, filteringTerms } from './documents.ts';
export type { BeaconHub, BeaconHubIdentity, BeaconOrganization, JsonObject } from './documents.ts';
export { beaconTermIndex } from './filter-terms.ts';
export type { BeaconTerm, BeaconTermIndex } from './filter-terms.ts';
export { beaconGetRequestBody, beaconRequestToAst } from './request.ts';
export type { BeaconGranularity, BeaconQueryPlan } from './request.ts';
export { beaconErrorResponse, beaconIndividualsResponse, returnedGranularity } from './responses.ts';
export type { BeaconCounts, IndividualsAnswer, ReturnedGranularity } from './responses.ts';
export { BEACON_SCHEMA_COMMIT, BEACON_SCHEMA_RELEASE, validateBeaconDocument } from './schemas.ts';
export type { BeaconDocumentSchema, BeaconSchemaError } from './schemas.ts';
