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

/** The organisations of the record: who publishes the dataset, and the Health Data Access Body. */
export type OrganisationField = 'publisher' | 'hdab';

/** A key of an organisation (`publisher.name`, `hdab.contactPage`). */
export function getOrg(s: Steward, field: OrganisationField, key: string): string {
  const o = s[field];
  return isObject(o) && typeof o[key] === 'string' ? o[key] : '';
}

export function setOrg(s: Steward, field: OrganisationField, key: string, value: string): Steward {
  const next = withKey(s[field], key, value);
  return withField(s, field, next);
}

/** The contact points as the form lists them; at least one row, so there is always a field to fill (and to focus). */
export function getContacts(s: Steward): Record<string, string>[] {
  const list = Array.isArray(s.contactPoints) ? s.contactPoints : [];
  const rows = list.map((c) => (isObject(c) ? Object.fromEntries(Object.entries(c).filter((e): e is [string, string] => typeof e[1] === 'string')) : {}));
  return rows.length ? rows : [{}];
}

/** Sets a key of the i-th contact point; a contact point left with nothing is dropped, the others keep their place. */
export function setContact(s: Steward, index: number, key: string, value: string): Steward {
  const list = Array.isArray(s.contactPoints) ? [...s.contactPoints] : [];
  while (list.length <= index) list.push({});
  list[index] = withKey(list[index], key, value) ?? {};
  const kept = list.filter((c) => isObject(c) && Object.keys(c).length > 0);
  return withField(s, 'contactPoints', kept.length ? kept : undefined);
}

/** A new empty row under the others; it is written to the object only once something is typed in it. */
export function addContact(s: Steward): Steward {
  const list = Array.isArray(s.contactPoints) ? s.contactPoints : [];
  return withField(s, 'contactPoints', [...list, { name: '' }]);
}

export function removeContact(s: Steward, index: number): Steward {
  const list = Array.isArray(s.contactPoints) ? s.contactPoints.filter((_, i) => i !== index) : [];
  return withField(s, 'contactPoints', list.length ? list : undefined);
}

/** `old` with `key` set (or removed when empty); undefined when nothing is left. */
function withKey(old: unknown, key: string, value: string): Record<string, unknown> | undefined {
  const base: Record<string, unknown> = isObject(old) ? { ...old } : {};
  if (value === '') delete base[key];
  else base[key] = value;
  // The parser needs a name on any organisation or contact point: keep one, empty, while others are set.
  const empty = Object.keys(base).every((k) => k === 'name' && base.name === '');
  if (empty) return undefined;
  if (typeof base.name !== 'string') base.name = '';
  return base;
}

/**
 * The id of the input of a form field (`publisher.name` -> `steward-publisher-name`), so a problem the node
 * names by its field (packages/catalogue problem-fields.ts) focuses that input. A whole list (`contactPoints`)
 * is reached at its first row.
 */
export function fieldInputId(field: string): string {
  const target = field === 'contactPoints' ? 'contactPoints.0.name' : field;
  return `steward-${target.replace(/[^A-Za-z0-9]+/g, '-')}`;
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

/** A choice of a code picker: the value sent, and what the steward reads. */
export interface Choice { readonly value: string; readonly label: string }

/**
 * The closed vocabularies of packages/catalogue vocabulary.ts the form offers as choices, by the keys the
 * steward JSON takes (the web bundle does not import the catalogue package, which carries the RDF stack).
 */
export const ACCESS_RIGHTS: readonly Choice[] = [
  { value: 'PUBLIC', label: 'Public' }, { value: 'RESTRICTED', label: 'Restricted' }, { value: 'NON_PUBLIC', label: 'Non-public' },
];
export const ACCESS_CONDITIONS: readonly Choice[] = [
  { value: 'DOWNLOAD', label: 'Download' }, { value: 'IN_SITU_PROCESSING', label: 'In-situ processing' }, { value: 'REMOTE_PROCESSING', label: 'Remote processing' },
];
export const TIERS: readonly Choice[] = [
  { value: '1', label: 'Tier 1: catalogue' }, { value: '2', label: 'Tier 2: federated search' }, { value: '3', label: 'Tier 3: federated processing' },
  { value: '1A+', label: 'Tier 1A+' }, { value: '1C+', label: 'Tier 1C+' }, { value: '2A+', label: 'Tier 2A+' }, { value: '2C+', label: 'Tier 2C+' },
  { value: '3A+', label: 'Tier 3A+' }, { value: '3C+', label: 'Tier 3C+' },
];
export const COLLECTION_METHODS: readonly Choice[] = [
  { value: 'only-image', label: 'Only image' }, { value: 'patient-based', label: 'Patient-based' }, { value: 'case-control', label: 'Case-control' },
  { value: 'longitudinal', label: 'Longitudinal' }, { value: 'disease-specific', label: 'Disease-specific' },
];
export const DATASET_TYPES: readonly Choice[] = [
  { value: 'original', label: 'Original images' }, { value: 'processed', label: 'Processed images' }, { value: 'annotated', label: 'Annotated images' },
];

/** vocabulary.ts DATA_USE_CONDITION_NAMES (DUO-aligned), labelled by their own words. */
export const DATA_USE_CONDITIONS: readonly Choice[] = [
  'GENERAL_RESEARCH_USE', 'HEALTH_MEDICAL_BIOMEDICAL_RESEARCH', 'DISEASE_SPECIFIC_RESEARCH', 'NO_RESTRICTION', 'POPULATION_ORIGINS_ANCESTRY_RESEARCH_ONLY',
  'CLINICAL_CARE_USE', 'COLLABORATION_REQUIRED', 'ETHICS_APPROVAL_REQUIRED', 'GENETIC_STUDIES_ONLY', 'GEOGRAPHICAL_RESTRICTION',
  'INSTITUTION_SPECIFIC_RESTRICTION', 'NO_GENERAL_METHODS_RESEARCH', 'NON_COMMERCIAL_USE_ONLY', 'NOT_FOR_PROFIT_ORGANISATION_USE_ONLY',
  'NOT_FOR_PROFIT_NON_COMMERCIAL_USE_ONLY', 'POPULATION_ORIGINS_ANCESTRY_RESEARCH_PROHIBITED', 'PROJECT_SPECIFIC_RESTRICTION', 'PUBLICATION_MORATORIUM',
  'PUBLICATION_REQUIRED', 'RESEARCH_SPECIFIC_RESTRICTIONS', 'RETURN_TO_DATABASE_OR_RESOURCE', 'TIME_LIMIT_ON_USE', 'USER_SPECIFIC_RESTRICTION',
].map((value) => ({ value, label: value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') }));

/** ELIs of the EU laws a hospital dataset is usually under; the EHDS Regulation is the one EUCAIM asks for. */
export const LEGISLATION: readonly Choice[] = [
  { value: 'http://data.europa.eu/eli/reg/2025/327/oj', label: 'EHDS Regulation (EU) 2025/327' },
  { value: 'http://data.europa.eu/eli/reg/2016/679/oj', label: 'GDPR (EU) 2016/679' },
  { value: 'http://data.europa.eu/eli/reg/2022/868/oj', label: 'Data Governance Act (EU) 2022/868' },
  { value: 'http://data.europa.eu/eli/reg/2024/1689/oj', label: 'AI Act (EU) 2024/1689' },
];

/**
 * EHDS Article 51 categories the node knows an IRI of, on the host HealthDCAT-AP's validator checks
 * (docs/catalogue.md: the vocabulary's host has moved); any other category IRI can be typed in.
 */
export const HEALTH_CATEGORIES: readonly Choice[] = [
  { value: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories/EHRS', label: 'Electronic health records (EHRS)' },
];

/**
 * The cancers with a EUCAIM hyperontology code, as @oncoatlas/clinical codes.ts maps ICD-10 to them; the label
 * carries the name and the ICD-10 category so the picker finds either.
 */
export const CONDITIONS: readonly Choice[] = [
  { value: 'CLIN1000065', label: 'Lung cancer · ICD-10 C34 · CLIN1000065' },
  { value: 'CLIN1000060', label: 'Breast cancer · ICD-10 C50 · CLIN1000060' },
  { value: 'CLIN1000057', label: 'Colon cancer · ICD-10 C18 · CLIN1000057' },
  { value: 'CLIN1000075', label: 'Prostate cancer · ICD-10 C61 · CLIN1000075' },
];

/** The choices plus any value already set that they lack (from a file or the JSON box), so nothing set is hidden. */
export function withCurrent(choices: readonly Choice[], current: readonly string[]): Choice[] {
  const known = new Set(choices.map((c) => c.value));
  return [...choices, ...current.filter((v) => v && !known.has(v)).map((v) => ({ value: v, label: v }))];
}

/** Which field of the form each problem is about, for the message under that field (violations only). */
export function problemsByField(problems: readonly { readonly field?: string; readonly todo: string; readonly severity: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) if (p.severity === 'violation' && p.field && !out[p.field]) out[p.field] = p.todo;
  return out;
}
