/**
 * The informational documents of the hub's Beacon v2 facade: `/info` (also `/`), `/map`, `/configuration` and
 * `/filtering_terms`. Plain data in, plain JSON out; each conforms to its vendored framework schema (tested).
 */
import type { SearchKey } from '../search-keys.ts';
import { SEARCH_KEYS } from '../search-keys.ts';
import { BEACON_SCOPE, beaconTermIndex } from './filter-terms.ts';
import { BEACON_SCHEMA_COMMIT } from './schemas.ts';

/** The Beacon API version the facade speaks: the framework release its schemas are vendored from. */
export const BEACON_API_VERSION = 'v2.1.1';
const RAW = `https://raw.githubusercontent.com/ga4gh-beacon/beacon-v2/${BEACON_SCHEMA_COMMIT}`;
export const INDIVIDUAL_SCHEMA = { entityType: 'individual', schema: 'beacon-individual-v2.0.0' } as const;

export interface BeaconOrganization {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly address?: string;
  readonly welcomeUrl?: string;
  readonly contactUrl?: string;
  readonly logoUrl?: string;
}

/** What the hub says about itself; `baseUrl` is the facade's root, e.g. `https://hub.example/beacon/v2`. */
export interface BeaconHub {
  /** Reverse domain name, e.g. `eu.oncoatlas.hub`. */
  readonly id: string;
  readonly name: string;
  readonly baseUrl: string;
  readonly environment: 'prod' | 'test' | 'dev' | 'staging';
  readonly organization: BeaconOrganization;
  readonly apiVersion?: string;
  readonly description?: string;
  /** The hub software's version. */
  readonly version?: string;
  readonly welcomeUrl?: string;
  readonly createDateTime?: string;
  readonly updateDateTime?: string;
}

export type BeaconHubIdentity = Pick<BeaconHub, 'id' | 'apiVersion'>;
export type JsonObject = { readonly [k: string]: unknown };

/** The `meta` of an informational response (beaconInformationalResponseMeta). */
export function informationalMeta(hub: BeaconHubIdentity, schema: string): JsonObject {
  return { beaconId: hub.id, apiVersion: hub.apiVersion ?? BEACON_API_VERSION, returnedSchemas: [{ entityType: 'info', schema }] };
}

const root = (hub: BeaconHub): string => hub.baseUrl.replace(/\/+$/, '');

function defined(o: Record<string, unknown>): JsonObject {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** `GET /info`: beaconInfoResponse. */
export function beaconInfo(hub: BeaconHub): JsonObject {
  return {
    meta: informationalMeta(hub, 'beacon-info-v2.0.0'),
    response: defined({
      id: hub.id,
      name: hub.name,
      apiVersion: hub.apiVersion ?? BEACON_API_VERSION,
      environment: hub.environment,
      organization: defined({ ...hub.organization }),
      description: hub.description,
      version: hub.version,
      welcomeUrl: hub.welcomeUrl,
      createDateTime: hub.createDateTime,
      updateDateTime: hub.updateDateTime,
    }),
  };
}

/** `GET /map`: beaconMapResponse. Only the individuals entry type is served. */
export function beaconMap(hub: BeaconHub): JsonObject {
  return {
    meta: informationalMeta(hub, 'beacon-map-v2.0.0'),
    response: {
      $schema: `${RAW}/framework/json/configuration/beaconMapSchema.json`,
      endpointSets: {
        individual: { entryType: 'individual', rootUrl: `${root(hub)}/individuals`, filteringTermsUrl: `${root(hub)}/filtering_terms` },
      },
    },
  };
}

/** `GET /configuration`: beaconConfigurationResponse. Boolean by default; count on request; never records. */
export function beaconConfiguration(hub: BeaconHub): JsonObject {
  return {
    meta: informationalMeta(hub, 'beacon-configuration-v2.0.0'),
    response: {
      $schema: `${RAW}/framework/json/configuration/beaconConfigurationSchema.json`,
      maturityAttributes: { productionStatus: ({ prod: 'PROD', staging: 'TEST', test: 'TEST', dev: 'DEV' } as const)[hub.environment] },
      securityAttributes: { defaultGranularity: 'boolean', securityLevels: ['CONTROLLED'] },
      entryTypes: {
        individual: {
          id: 'individual',
          name: 'Individual',
          description: 'A patient of a node whose published imaging datasets hold at least one study; counted after each node\'s disclosure control.',
          ontologyTermForThisType: { id: 'NCIT:C25190', label: 'Person' },
          partOfSpecification: 'Beacon v2.0.0',
          defaultSchema: {
            id: INDIVIDUAL_SCHEMA.schema,
            name: 'Default schema for an individual (never returned: boolean and count granularity only)',
            referenceToSchemaDefinition: `${RAW}/models/json/beacon-v2-default-model/individuals/defaultSchema.json`,
            schemaVersion: 'v2.0.0',
          },
          nonFilteredQueriesAllowed: true,
        },
      },
    },
  };
}

interface OntologyResource { readonly id: string; readonly name: string; readonly url?: string; readonly iriPrefix?: string }

/** Code systems the registry's terms may come from; a prefix not here is still listed, by its prefix alone. */
const RESOURCES: Readonly<Record<string, OntologyResource>> = {
  SNOMEDCT: { id: 'snomedct', name: 'SNOMED CT', url: 'http://snomed.info/sct', iriPrefix: 'http://snomed.info/id/' },
  ICD10: { id: 'icd10', name: 'ICD-10 (WHO)', url: 'https://icd.who.int/browse10/2019/en', iriPrefix: 'https://icd.who.int/browse10/2019/en#/' },
  RadLex: { id: 'radlex', name: 'RadLex', url: 'https://radlex.org', iriPrefix: 'http://radlex.org/RID/' },
  EUCAIM: { id: 'eucaim', name: 'EUCAIM hyperontology' },
  oncoatlas: { id: 'oncoatlas', name: 'OncoAtlas search keys (custom and alphanumeric terms; see docs/beacon.md)' },
};

/**
 * `GET /filtering_terms`: beaconFilteringTermsResponse, built from the search-key registry.
 * @example filteringTerms(hub).response.filteringTerms[0] // → { id: 'SNOMEDCT:248153007', type: 'ontologyTerm', … }
 */
export function filteringTerms(hub: BeaconHubIdentity, registry: readonly SearchKey[] = SEARCH_KEYS): JsonObject {
  const terms = beaconTermIndex(registry).terms;
  const prefixes = [...new Set(terms.map((t) => t.id.slice(0, t.id.indexOf(':'))))];
  return {
    meta: informationalMeta(hub, 'beacon-filtering-terms-v2.0.0'),
    response: {
      filteringTerms: terms.map((t) => ({ id: t.id, type: t.type, label: t.label, scopes: [BEACON_SCOPE] })),
      resources: prefixes.map((p) => ({ ...(RESOURCES[p] ?? { id: p.toLowerCase() }), nameSpacePrefix: p })),
    },
  };
}
