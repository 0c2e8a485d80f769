/**
 * The hub explorer's catalogue for @samply/lens (its `Catalogue` type, schema/catalogue.schema.json), made from
 * the search-key registry so the explorer offers exactly what nodes can count. A key EUCAIM's Lens catalogue
 * also has (reference §6.3) goes under EUCAIM's key and value codes, so a query built here reads the same to a
 * EUCAIM mediator; our other keys and values keep their canonical codes, which resolveCondition reads too.
 */
import { LENS_ALIASES, SEARCH_KEYS, type LensAlias, type SearchKey, type SearchKeyId, type SearchValue } from '../search-keys.ts';

export interface LensCriterion { readonly key: string; readonly name: string; readonly description?: string }

export type LensCategory =
  | { readonly fieldType: 'group'; readonly key: string; readonly name: string; readonly childCategories: readonly LensCategory[] }
  | { readonly fieldType: 'single-select' | 'autocomplete'; readonly key: string; readonly name: string; readonly type: 'EQUALS'; readonly criteria: readonly LensCriterion[]; readonly infoButtonText?: readonly string[] }
  | { readonly fieldType: 'number'; readonly key: string; readonly name: string; readonly type: 'BETWEEN'; readonly min?: number; readonly max?: number; readonly unitText?: string; readonly infoButtonText?: readonly string[] };

/** Lens's catalogue: a list of categories (usually groups). */
export type LensCatalogue = readonly LensCategory[];

/** Where each key sits in the explorer's tree, in EUCAIM's group order (Patient, Clinical, Imaging). */
const GROUPS: readonly { readonly key: string; readonly name: string; readonly keys: readonly SearchKeyId[] }[] = [
  { key: 'patient', name: 'Patient', keys: ['sex', 'age_at_diagnosis', 'vital_status'] },
  { key: 'clinical', name: 'Clinical parameters', keys: ['condition', 'diagnosis_year', 'stage', 'treatment'] },
  { key: 'imaging', name: 'Image parameters', keys: ['modality', 'body_part', 'manufacturer', 'study_year'] },
];

/** Bounds of the number fields; Lens lets the user leave either side open. */
const RANGES: Partial<Record<SearchKeyId, { readonly min: number; readonly max: number }>> = {
  age_at_diagnosis: { min: 0, max: 120 },
  diagnosis_year: { min: 1950, max: 2100 },
  study_year: { min: 1950, max: 2100 },
};

/** Up to this many values are listed in the tree; longer lists are found by typing. */
const MAX_LISTED = 12;

function describe(v: SearchValue): string {
  const codes = v.codings.map((c) => `${c.system} ${c.code}`);
  return [v.code, ...codes].join(' · ');
}

/** One criterion per canonical value: EUCAIM's code when it has one (its first, e.g. Siemens), ours otherwise. */
function criteria(key: SearchKey, alias: LensAlias | undefined): LensCriterion[] {
  const eucaimCode = new Map<string, string>();
  for (const [code, canonical] of Object.entries(alias?.values ?? {})) if (!eucaimCode.has(canonical)) eucaimCode.set(canonical, code);
  const listed = new Set(key.values.map((v) => v.code));
  // EUCAIM values our registry accepts without listing them (e.g. SPECT as DICOM NM) are offered too.
  const extra: SearchValue[] = [...eucaimCode.keys()].filter((c) => !listed.has(c)).map((code) => ({ code, display: code, codings: [] }));
  const values = [...key.values, ...extra];
  const ordered = [...values.filter((v) => eucaimCode.has(v.code)), ...values.filter((v) => !eucaimCode.has(v.code))];
  return ordered.map((v) => ({ key: eucaimCode.get(v.code) ?? v.code, name: v.display, description: describe(v) }));
}

function category(key: SearchKey): LensCategory {
  const alias = LENS_ALIASES.find((a) => a.canonical === key.id);
  const common = { key: alias?.key ?? key.id, name: alias?.display ?? key.display };
  if (key.kind === 'number') {
    return { ...common, fieldType: 'number', type: 'BETWEEN', ...RANGES[key.id], ...(key.unit ? { unitText: key.unit } : {}) };
  }
  const list = criteria(key, alias);
  return { ...common, fieldType: list.length > MAX_LISTED ? 'autocomplete' : 'single-select', type: 'EQUALS', criteria: list };
}

/**
 * The explorer's catalogue, every searchable key once.
 * @example lensCatalogue()[0] // { fieldType: 'group', key: 'patient', name: 'Patient', childCategories: [...] }
 */
export function lensCatalogue(): LensCatalogue {
  const byId = new Map(SEARCH_KEYS.map((k) => [k.id, k]));
  return GROUPS.map((g) => ({
    fieldType: 'group', key: g.key, name: g.name,
    childCategories: g.keys.flatMap((id) => {
      const key = byId.get(id);
      return key ? [category(key)] : [];
    }),
  }));
}

/** The registry's keys the catalogue leaves out (a new key needs a place in GROUPS); the test keeps it empty. */
export function keysMissingFromCatalogue(): SearchKeyId[] {
  const placed = new Set(GROUPS.flatMap((g) => g.keys));
  return SEARCH_KEYS.map((k) => k.id).filter((id) => !placed.has(id));
}
