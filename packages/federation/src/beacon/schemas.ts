/**
 * The GA4GH Beacon v2 framework schemas, vendored verbatim under `schemas/beacon-v2/` (PROVENANCE.md: tag v2.1.1,
 * commit, SHA-256 per file, CC0), and an Ajv validator over them. The files are JSON Schema 2020-12 and carry no
 * `$id`, so each is registered under a URI made from its vendored path: Ajv then resolves their relative `$ref`s
 * (`../common/beaconCommonComponents.json#/$defs/Granularity`) against each other, offline.
 *
 * Reading the files on first use is the only I/O here: they are assets of this package, not code.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

export const BEACON_SCHEMA_RELEASE = 'v2.1.1';
export const BEACON_SCHEMA_COMMIT = '47af89c8fd199d2674e5ca7fb504815ebc145e63';

const VENDOR = new URL('../../schemas/beacon-v2/', import.meta.url);
const BASE = 'https://schemas.oncoatlas.invalid/beacon-v2/';

/** Every vendored file, relative to `schemas/beacon-v2/`: the nine documents below and what they `$ref`. */
export const BEACON_SCHEMA_FILES: readonly string[] = [
  'common/basicElement.json',
  'common/beaconCommonComponents.json',
  'common/elementWithDescription.json',
  'common/info.json',
  'common/ontologyTerm.json',
  'common/referenceToAnSchema.json',
  'configuration/beaconConfigurationSchema.json',
  'configuration/beaconMapSchema.json',
  'configuration/entryTypeDefinition.json',
  'requests/beaconRequestBody.json',
  'requests/beaconRequestMeta.json',
  'requests/filteringTerms.json',
  'requests/requestParameters.json',
  'responses/beaconBooleanResponse.json',
  'responses/beaconConfigurationResponse.json',
  'responses/beaconCountResponse.json',
  'responses/beaconErrorResponse.json',
  'responses/beaconFilteringTermsResponse.json',
  'responses/beaconInfoResponse.json',
  'responses/beaconMapResponse.json',
  'responses/beaconResultsetsResponse.json',
  'responses/sections/beaconBooleanResponseSection.json',
  'responses/sections/beaconCountResponseSection.json',
  'responses/sections/beaconFilteringTermsResults.json',
  'responses/sections/beaconInfoResults.json',
  'responses/sections/beaconInformationalResponseMeta.json',
  'responses/sections/beaconReceivedRequestSummary.json',
  'responses/sections/beaconResponseMeta.json',
  'responses/sections/beaconResultsets.json',
  'responses/sections/beaconSummaryResponseSection.json',
];

export type BeaconDocumentSchema =
  | 'beaconInfoResponse'
  | 'beaconMapResponse'
  | 'beaconConfigurationResponse'
  | 'beaconFilteringTermsResponse'
  | 'beaconBooleanResponse'
  | 'beaconCountResponse'
  | 'beaconResultsetsResponse'
  | 'beaconErrorResponse'
  | 'beaconRequestBody';

function fileOf(schema: BeaconDocumentSchema): string {
  return schema === 'beaconRequestBody' ? 'requests/beaconRequestBody.json' : `responses/${schema}.json`;
}

/** The vendored file's bytes as text, e.g. for serving it or checking its SHA-256. */
export function beaconSchemaText(relative: string): string {
  if (!BEACON_SCHEMA_FILES.includes(relative)) throw new RangeError(`not a vendored Beacon schema: ${relative}`);
  return readFileSync(new URL(relative, VENDOR), 'utf8');
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<BeaconDocumentSchema, ValidateFunction>();

function validatorFor(schema: BeaconDocumentSchema): ValidateFunction {
  if (!ajv) {
    // `example` is a non-standard annotation the framework uses beside the standard `examples`; int32, uri and
    // uri-template are annotations we do not enforce beyond what the types say (ajv-formats is not a dependency).
    ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true, keywords: ['example'], formats: { int32: true, uri: true, 'uri-template': true } });
    for (const file of BEACON_SCHEMA_FILES) ajv.addSchema(JSON.parse(beaconSchemaText(file)) as object, BASE + file);
  }
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.getSchema(BASE + fileOf(schema))!));
  return validate;
}

export interface BeaconSchemaError { readonly path: string; readonly message: string }

/**
 * Validates a document against one of the vendored Beacon v2 schemas; an empty list means it conforms.
 * @example validateBeaconDocument('beaconCountResponse', beaconIndividualsResponse(...)) // → []
 */
export function validateBeaconDocument(schema: BeaconDocumentSchema, document: unknown): BeaconSchemaError[] {
  const validate = validatorFor(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({ path: e.instancePath || '/', message: `${e.message ?? e.keyword} (${e.schemaPath})` }));
}
