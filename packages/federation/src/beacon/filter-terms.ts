/**
 * Beacon filter ids for the search-key registry, both ways: the terms `/filtering_terms` lists, and the lookup the
 * request mapper uses to turn a filter id back into a key and a canonical value.
 *
 * A value is listed under its first standard code as a CURIE (`SNOMEDCT:363358000`), so Beacon clients that speak
 * ontologies find it; a value with no standard code gets an ontology id only when its canonical code already is one
 * (ICD-10 categories), else a custom term `oncoatlas:<key>:<code>`. Every other code of the value (EUCAIM, RadLex)
 * and the custom form are accepted too. A code claimed by two values is not a usable filter id: it is listed and
 * accepted for neither.
 */
import type { SearchKey, SearchKeyId, SearchValue } from '../search-keys.ts';
import { LENS_ALIASES, canonicalValue, searchKey } from '../search-keys.ts';

export const CUSTOM_PREFIX = 'oncoatlas';
/** The entry type the filters apply to, as the request examples of the framework spell filter scopes. */
export const BEACON_SCOPE = 'individuals';

/** Keys whose canonical codes are themselves codes of a public code system (prefix as in Beacon CURIEs). */
const CANONICAL_SYSTEM: Partial<Record<SearchKeyId, string>> = { condition: 'ICD10' };

export type BeaconTermType = 'ontologyTerm' | 'custom' | 'alphanumeric';

export interface BeaconTerm {
  readonly id: string;
  readonly type: BeaconTermType;
  readonly label: string;
  readonly key: SearchKeyId;
  /** The canonical value an ontology or custom term stands for; alphanumeric terms name only the key. */
  readonly value?: string;
}

export type FilterTarget = { readonly key: SearchKey; readonly value?: string };

export interface BeaconTermIndex {
  /** One term per listed value and one alphanumeric term per key, in registry order. */
  readonly terms: readonly BeaconTerm[];
  /** The key (and value) a filter id names, or undefined when this hub does not know it. */
  resolve(id: string): FilterTarget | undefined;
}

const customId = (key: SearchKeyId, code?: string): string => [CUSTOM_PREFIX, key, ...(code === undefined ? [] : [code])].join(':');

function standardIds(key: SearchKey, v: SearchValue): string[] {
  const ids = v.codings.map((c) => `${c.system}:${c.code}`);
  const system = CANONICAL_SYSTEM[key.id];
  if (system) ids.push(`${system}:${v.code}`);
  return ids;
}

/** Lens spells its keys without the colon (`SNOMEDCT423493009`); Beacon clients will write the CURIE. */
function lensKeyIds(key: SearchKeyId): string[] {
  return LENS_ALIASES.filter((a) => a.canonical === key).flatMap((a) => {
    const curie = /^([A-Z]+)(\d+)$/.exec(a.key);
    return curie ? [a.key, `${curie[1]}:${curie[2]}`] : [a.key];
  });
}

/**
 * Builds the term list and the id lookup for a registry.
 * @example beaconTermIndex(SEARCH_KEYS).resolve('SNOMEDCT:248152002') // → { key: sex, value: 'female' }
 */
export function beaconTermIndex(registry: readonly SearchKey[]): BeaconTermIndex {
  const claims = new Map<string, FilterTarget[]>();
  const claim = (id: string, target: FilterTarget): void => {
    const lower = id.toLowerCase();
    const list = claims.get(lower) ?? [];
    if (!list.some((t) => t.key.id === target.key.id && t.value === target.value)) list.push(target);
    claims.set(lower, list);
  };
  for (const key of registry) {
    claim(customId(key.id), { key });
    if (key.id === 'age_at_diagnosis') claim('age', { key }); // the Beacon FAQ's recommended age filter id
    for (const id of lensKeyIds(key.id)) claim(id, { key });
    for (const v of key.values) {
      claim(customId(key.id, v.code), { key, value: v.code });
      for (const id of standardIds(key, v)) claim(id, { key, value: v.code });
    }
  }
  const unique = (id: string): boolean => claims.get(id.toLowerCase())?.length === 1;

  const terms: BeaconTerm[] = [];
  for (const key of registry) {
    for (const v of key.values) {
      const standard = standardIds(key, v).find(unique);
      terms.push({ id: standard ?? customId(key.id, v.code), type: standard ? 'ontologyTerm' : 'custom', label: `${key.display}: ${v.display}`, key: key.id, value: v.code });
    }
    const unit = key.unit ? ` (${key.unit})` : '';
    terms.push({ id: customId(key.id), type: 'alphanumeric', label: `${key.display}${unit}`, key: key.id });
  }

  return {
    terms,
    resolve(id) {
      const found = claims.get(id.toLowerCase());
      if (found?.length === 1) return found[0];
      if (found) return undefined;
      // Open code systems: `oncoatlas:modality:XA` or `ICD10:C45` name a value the catalogue does not list.
      const custom = new RegExp(`^${CUSTOM_PREFIX}:([a-z_]+):(.+)$`, 'i').exec(id);
      const key = custom ? searchKey(custom[1]!) : undefined;
      if (key && registry.includes(key)) {
        const value = canonicalValue(key, custom![2]!);
        return value === undefined ? undefined : { key, value };
      }
      for (const k of registry) {
        const system = CANONICAL_SYSTEM[k.id];
        if (system && id.toUpperCase().startsWith(`${system.toUpperCase()}:`)) {
          const value = canonicalValue(k, id.slice(system.length + 1).toUpperCase());
          if (value !== undefined) return { key: k, value };
        }
      }
      return undefined;
    },
  };
}
