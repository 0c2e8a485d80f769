/**
 * Search and facets of the public catalogue, as pure functions of the cards `GET /api/catalogue/entries`
 * returns: the page only draws what these compute, and the URL is their whole state (a shared link shows the
 * same list). Facet counts are numbers of *datasets*, never of patients: the cards carry only what the release
 * published (sexes after pooling under k, an age range of bands of at least k patients), so nothing here can
 * show a figure the release did not.
 */
import type { CatalogueEntry } from '../api/types.ts';

export type FacetKey = 'condition' | 'modality' | 'bodyPart' | 'sex' | 'age';

/** In the order the page shows them; `key` is also the URL parameter (repeated for several values). */
export const FACETS: readonly { readonly key: FacetKey; readonly label: string }[] = [
  { key: 'condition', label: 'Condition' },
  { key: 'modality', label: 'Modality' },
  { key: 'bodyPart', label: 'Body part' },
  { key: 'sex', label: 'Sex' },
  { key: 'age', label: 'Age band' },
];

export interface CatalogueQuery {
  /** The visitor's words: every one must be found (in any field). */
  readonly text: string;
  /** Selected values per facet: any of a facet's values, and every facet with a selection. */
  readonly facets: Readonly<Record<FacetKey, readonly string[]>>;
}

export interface FacetValue {
  readonly value: string;
  readonly label: string;
  /** Datasets that would be listed with this value selected (the other facets and the text applied). */
  readonly count: number;
  readonly selected: boolean;
}

const AGE_BAND = 10;

/** Lower case without accents, so `Pulmón` is found by `pulmon` and `TC` by `tc`. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The 10-year bands (`40-49`) an age range spans: the release published the range from bands of at least k patients. */
function ageBands(range: CatalogueEntry['ageRange']): string[] {
  if (!range) return [];
  const bands: string[] = [];
  for (let b = Math.floor(range.min / AGE_BAND) * AGE_BAND; b <= range.max; b += AGE_BAND) bands.push(`${b}-${b + AGE_BAND - 1}`);
  return bands;
}

export function facetValuesOf(e: CatalogueEntry, key: FacetKey): readonly string[] {
  switch (key) {
    case 'condition': return e.conditions;
    case 'modality': return e.modalities;
    case 'bodyPart': return e.bodyParts;
    case 'sex': return e.sexes;
    case 'age': return ageBands(e.ageRange);
  }
}

function searchable(e: CatalogueEntry): string {
  return normalise([
    e.id, e.title, e.description, ...e.keywords, ...e.modalities, ...e.bodyParts,
    ...e.conditions, ...Object.values(e.conditionNames),
  ].join(' '));
}

/** Every word of `text` is in the card's title, description, keywords, condition codes or names (or modalities, body parts). */
export function matchesText(e: CatalogueEntry, text: string): boolean {
  const words = normalise(text).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = searchable(e);
  // A code is found with or without its dot (`C34.1`, `c341`), as people type it.
  const undotted = hay.replace(/\./g, '');
  return words.every((w) => hay.includes(w) || undotted.includes(w.replace(/\./g, '')));
}

function matchesFacets(e: CatalogueEntry, facets: CatalogueQuery['facets'], except?: FacetKey): boolean {
  return FACETS.every(({ key }) => {
    const wanted = facets[key];
    if (key === except || wanted.length === 0) return true;
    const has = facetValuesOf(e, key);
    return wanted.some((v) => has.includes(v));
  });
}

export function filterEntries(entries: readonly CatalogueEntry[], q: CatalogueQuery): CatalogueEntry[] {
  return entries.filter((e) => matchesText(e, q.text) && matchesFacets(e, q.facets));
}

/** How a value reads on the page: a condition with its name, the pooled categories saying why they are pooled. */
export function valueLabel(key: FacetKey, value: string, entries: readonly CatalogueEntry[]): string {
  if (key === 'condition') {
    if (value === 'other') return 'Other (conditions of fewer than k patients)';
    const name = entries.find((e) => e.conditionNames[value])?.conditionNames[value];
    return name ? `${value} · ${name}` : value;
  }
  if (key === 'sex') return value === 'unknown' ? 'Unknown (or fewer than k patients)' : value.charAt(0).toUpperCase() + value.slice(1);
  if (key === 'age') return `${value.replace('-', '–')} years`;
  if ((key === 'modality' || key === 'bodyPart') && value === 'other') return 'Other (fewer than k patients each)';
  return value;
}

/**
 * A facet's values with how many datasets each would list, counted under the text and the *other* facets'
 * selections (so ticking a second value of the same facet shows what it adds). Selected values stay listed
 * even at 0, so they can be unticked.
 */
export function facetCounts(entries: readonly CatalogueEntry[], q: CatalogueQuery, key: FacetKey): FacetValue[] {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (!matchesText(e, q.text) || !matchesFacets(e, q.facets, key)) continue;
    for (const v of new Set(facetValuesOf(e, key))) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  for (const v of q.facets[key]) if (!counts.has(v)) counts.set(v, 0);
  const values = [...counts].map(([value, count]) => ({ value, count, label: valueLabel(key, value, entries), selected: q.facets[key].includes(value) }));
  // Age bands read in age order; the rest most datasets first, pooled `other`/`unknown` last.
  const pooled = (v: string): number => (v === 'other' || v === 'unknown' ? 1 : 0);
  return values.sort(key === 'age'
    ? (a, b) => parseInt(a.value, 10) - parseInt(b.value, 10)
    : (a, b) => pooled(a.value) - pooled(b.value) || b.count - a.count || a.label.localeCompare(b.label));
}

/** The query a URL holds: `q` for the words, each facet's key repeated per value (`?modality=CT&modality=MR`). */
export function parseQuery(params: URLSearchParams): CatalogueQuery {
  const facets = Object.fromEntries(FACETS.map(({ key }) => [key, [...new Set(params.getAll(key).filter(Boolean))]])) as Record<FacetKey, string[]>;
  return { text: params.get('q') ?? '', facets };
}

/** `params` with one facet value ticked or unticked; other parameters kept as they are. */
export function toggleFacet(params: URLSearchParams, key: FacetKey, value: string, on: boolean): URLSearchParams {
  const next = new URLSearchParams(params);
  const kept = next.getAll(key).filter((v) => v !== value);
  next.delete(key);
  for (const v of on ? [...kept, value] : kept) next.append(key, v);
  return next;
}

/** `params` with the words set (or removed when empty); other parameters kept. */
export function withText(params: URLSearchParams, text: string): URLSearchParams {
  const next = new URLSearchParams(params);
  if (text) next.set('q', text); else next.delete('q');
  return next;
}

/** `params` with every facet cleared, the words kept. */
export function withoutFacets(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const { key } of FACETS) next.delete(key);
  return next;
}
