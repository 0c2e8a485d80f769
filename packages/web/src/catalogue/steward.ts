/**
 * The steward's fields of a catalogue record as the form edits them: one plain JSON object (what
 * catalogue-steward.json holds and POST .../check and .../publish take), read and written field by field so
 * that whatever the form does not show (other languages, more contact points, healthCategories...) is kept.
 */
export type Steward = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The English text of a localised field (`{ en: '...' }`). */
export function getText(s: Steward, field: string): string {
  const v = s[field];
  return isObject(v) && typeof v.en === 'string' ? v.en : '';
}

export function setText(s: Steward, field: string, text: string): Steward {
  const old = isObject(s[field]) ? (s[field] as Record<string, unknown>) : {};
  const { en: _en, ...others } = old;
  const next = text === '' ? others : { ...old, en: text };
  return withField(s, field, Object.keys(next).length ? next : undefined);
}

export function getString(s: Steward, field: string): string {
  const v = s[field];
  return typeof v === 'string' ? v : '';
}

export function setString(s: Steward, field: string, value: string | null): Steward {
  return withField(s, field, value ? value : undefined);
}

export function getList(s: Steward, field: string): string[] {
  const v = s[field];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function setList(s: Steward, field: string, values: readonly string[]): Steward {
  return withField(s, field, values.length ? [...values] : undefined);
}

export function getKeywords(s: Steward): string[] {
  const v = s.keywords;
  return isObject(v) && Array.isArray(v.en) ? v.en.filter((x): x is string => typeof x === 'string') : [];
}

export function setKeywords(s: Steward, words: readonly string[]): Steward {
  const old = isObject(s.keywords) ? s.keywords : {};
  const { en: _en, ...others } = old;
  const next = words.length ? { ...old, en: [...words] } : others;
  return withField(s, 'keywords', Object.keys(next).length ? next : undefined);
}

/** A key of an object field (`publisher.name`) or of the first contact point (`contactPoints[0].email`). */
export function getPart(s: Steward, field: 'publisher' | 'contactPoint', key: string): string {
  const o = field === 'publisher' ? s.publisher : Array.isArray(s.contactPoints) ? s.contactPoints[0] : undefined;
  return isObject(o) && typeof o[key] === 'string' ? o[key] : '';
}

export function setPart(s: Steward, field: 'publisher' | 'contactPoint', key: string, value: string): Steward {
  const list = Array.isArray(s.contactPoints) ? s.contactPoints : [];
  const old = field === 'publisher' ? s.publisher : list[0];
  const base: Record<string, unknown> = isObject(old) ? { ...old } : {};
  if (value === '') delete base[key];
  else base[key] = value;
  // The parser needs a name on any organisation or contact point: keep one, empty, while others are set.
  const empty = Object.keys(base).every((k) => k === 'name' && base.name === '');
  if (!empty && typeof base.name !== 'string') base.name = '';
  if (field === 'publisher') return withField(s, 'publisher', empty ? undefined : base);
  const rest = list.slice(1);
  const next = empty ? rest : [base, ...rest];
  return withField(s, 'contactPoints', next.length ? next : undefined);
}

function withField(s: Steward, field: string, value: unknown): Steward {
  const { [field]: _old, ...rest } = s;
  // Keeps the key's place in the object when it stays, so the JSON view does not jump around.
  if (value === undefined) return rest;
  return field in s ? Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === field ? value : v])) : { ...s, [field]: value };
}

/** Reads a steward file's text: the object, or why it is not one. */
export function parseSteward(text: string): { readonly ok: true; readonly value: Steward } | { readonly ok: false; readonly error: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isObject(v)) return { ok: false, error: 'The steward fields must be one JSON object ({ "title": { "en": "…" }, … }).' };
  return { ok: true, value: v };
}

export const stewardJson = (s: Steward): string => JSON.stringify(s, null, 2);

/** The vocabularies of packages/catalogue vocabulary.ts the form offers as choices. */
export const ACCESS_RIGHTS = ['PUBLIC', 'RESTRICTED', 'NON_PUBLIC'] as const;
export const ACCESS_CONDITIONS = ['DOWNLOAD', 'IN_SITU_PROCESSING', 'REMOTE_PROCESSING'] as const;
export const TIERS = ['1', '2', '3', '1C+', '1A+', '2A+', '2C+', '3A+', '3C+'] as const;
export const COLLECTION_METHODS = ['only-image', 'patient-based', 'case-control', 'longitudinal', 'disease-specific'] as const;
export const DATASET_TYPES = ['processed', 'annotated', 'original'] as const;
