/**
 * The one registry of what a federated query may ask about: our canonical keys, their values (with the standard
 * codes @oncoatlas/clinical maps them to, so a SNOMED CT or EUCAIM hyperontology code finds the same patients),
 * and the aliases EUCAIM's Lens catalogue uses (reference §6.3). The Beacon facade and the hub's Lens catalogue
 * are built from this data; the search index stores canonical values only.
 */
import { oncoError } from '@oncoatlas/core';
import { conceptByKey, conditionConcept, icd10CategoryTitle, type Coding } from '@oncoatlas/clinical';
import type { Condition, ConditionType } from './ast.ts';

export type SearchKeyId =
  | 'sex' | 'age_at_diagnosis' | 'condition' | 'diagnosis_year' | 'stage' | 'treatment' | 'vital_status'
  | 'modality' | 'body_part' | 'manufacturer' | 'study_year';
export type SearchLevel = 'patient' | 'study';
export type SearchKind = 'code' | 'number';

export interface SearchValue {
  /** The canonical value the index stores. */
  readonly code: string;
  readonly display: string;
  /** Standard codes of the same concept; a query may name the value by any of them. */
  readonly codings: readonly Coding[];
}

export interface SearchKey {
  readonly id: SearchKeyId;
  readonly display: string;
  readonly level: SearchLevel;
  readonly kind: SearchKind;
  readonly types: readonly ConditionType[];
  readonly values: readonly SearchValue[];
  readonly unit?: string;
  /**
   * Codes of an open code system (ICD-10 categories, DICOM defined terms) that are valid even when not listed:
   * the listed values are the ones a catalogue offers, not all the index may hold.
   */
  readonly openValues?: RegExp;
}

const CODE_TYPES: readonly ConditionType[] = ['EQUALS', 'NOT_EQUALS', 'IN', 'CONTAINS'];
const NUMBER_TYPES: readonly ConditionType[] = ['EQUALS', 'NOT_EQUALS', 'BETWEEN', 'LOWER_THAN', 'GREATER_THAN'];

function fromValueSet(set: Parameters<typeof conceptByKey>[0], keys: readonly string[]): SearchValue[] {
  return keys.map((k) => {
    const coded = conceptByKey(set, k);
    return { code: k, display: coded?.display ?? k, codings: coded?.codings ?? [] };
  });
}

/** ICD-10 cancer categories clinical names (C00-C97); the four with a concept carry its SNOMED CT / EUCAIM codes. */
function conditionValues(): SearchValue[] {
  const out: SearchValue[] = [];
  for (let n = 0; n <= 97; n++) {
    const code = `C${String(n).padStart(2, '0')}`;
    const title = icd10CategoryTitle(code);
    if (title) out.push({ code, display: title, codings: conditionConcept(code)?.codings ?? [] });
  }
  return out;
}

const STAGE_GROUPS = ['0', 'I', 'IA', 'IB', 'IC', 'II', 'IIA', 'IIB', 'IIC', 'III', 'IIIA', 'IIIB', 'IIIC', 'IV', 'IVA', 'IVB', 'IVC'];
const TNM = ['TX', 'T0', 'Tis', 'T1', 'T2', 'T3', 'T4', 'NX', 'N0', 'N1', 'N2', 'N3', 'M0', 'M1'];

const plain = (code: string, display: string): SearchValue => ({ code, display, codings: [] });

export const SEARCH_KEYS: readonly SearchKey[] = [
  { id: 'sex', display: 'Sex', level: 'patient', kind: 'code', types: CODE_TYPES, values: fromValueSet('sex', ['male', 'female', 'other', 'unknown']) },
  { id: 'age_at_diagnosis', display: 'Age at diagnosis', level: 'patient', kind: 'number', types: NUMBER_TYPES, values: [], unit: 'years' },
  { id: 'condition', display: 'Diagnosis (ICD-10 category)', level: 'patient', kind: 'code', types: CODE_TYPES, values: conditionValues(), openValues: /^C\d\d$/ },
  { id: 'diagnosis_year', display: 'Year of diagnosis', level: 'patient', kind: 'number', types: NUMBER_TYPES, values: [] },
  {
    id: 'stage', display: 'Stage (TNM stage group or T/N/M category)', level: 'patient', kind: 'code', types: CODE_TYPES,
    values: [...STAGE_GROUPS.map((s) => plain(s, `Stage ${s}`)), ...TNM.map((s) => plain(s, `TNM ${s}`))],
    openValues: /^((0|I{1,3}|IV)[ABC]?\d?|T(X|0|is|[1-4][a-d]?)|N(X|[0-3][a-c]?)|M(X|0|1[a-d]?))$/,
  },
  { id: 'treatment', display: 'Treatment type', level: 'patient', kind: 'code', types: CODE_TYPES, values: fromValueSet('treatment_type', ['surgery', 'radiotherapy', 'chemotherapy', 'hormone_therapy']) },
  {
    id: 'vital_status', display: 'Vital status', level: 'patient', kind: 'code', types: CODE_TYPES,
    values: [fromValueSet('vital_status', ['alive'])[0]!, { ...fromValueSet('vital_status', ['dead'])[0]!, code: 'deceased', display: 'Deceased' }],
  },
  { id: 'modality', display: 'Modality (DICOM)', level: 'study', kind: 'code', types: CODE_TYPES, values: fromValueSet('modality', ['CT', 'MR', 'PT', 'MG', 'US', 'CR', 'DX']), openValues: /^[A-Z]{2,6}$/ },
  {
    id: 'body_part', display: 'Body part examined (DICOM)', level: 'study', kind: 'code', types: CODE_TYPES,
    values: fromValueSet('body_part', ['BREAST', 'LUNG', 'PROSTATE', 'COLON', 'PELVIS', 'CHEST', 'ABDOMEN', 'WHOLEBODY', 'ABDOMENPELVIS', 'CHESTABDOMEN', 'CHESTABDPELVIS', 'HEAD', 'HEADNECK', 'BRAIN', 'LIVER']),
    openValues: /^[A-Z]{2,16}$/,
  },
  { id: 'manufacturer', display: 'Manufacturer', level: 'study', kind: 'code', types: CODE_TYPES, values: fromValueSet('manufacturer', ['Siemens', 'GE', 'Philips', 'Canon', 'Toshiba', 'Agfa', 'Hologic']) },
  { id: 'study_year', display: 'Year of the imaging study', level: 'study', kind: 'number', types: NUMBER_TYPES, values: [] },
];

const BY_ID = new Map<string, SearchKey>(SEARCH_KEYS.map((k) => [k.id, k]));

export function searchKey(id: string): SearchKey | undefined {
  return BY_ID.get(id);
}

export interface LensAlias {
  /** The key as EUCAIM's Lens catalogue (catalogue-eucaim.json) names it. */
  readonly key: string;
  readonly canonical: SearchKeyId;
  readonly display: string;
  /** Lens value code -> our canonical value. */
  readonly values: Readonly<Record<string, string>>;
}

export const LENS_ALIASES: readonly LensAlias[] = [
  { key: 'SNOMEDCT263495000', canonical: 'sex', display: 'Gender', values: { SNOMEDCT248153007: 'male', SNOMEDCT248152002: 'female', SNOMEDCT74964007: 'other', SNOMEDCT261665006: 'unknown' } },
  { key: 'SNOMEDCT423493009', canonical: 'age_at_diagnosis', display: 'Age at diagnosis', values: {} },
  // SNOMEDCT363484005 (pelvis cancer) has no ICD-10 category: it stays unknown and counts as FALSE.
  { key: 'SNOMEDCT439401001', canonical: 'condition', display: 'Diagnosis', values: { SNOMEDCT363406005: 'C18', SNOMEDCT254837009: 'C50', SNOMEDCT363358000: 'C34', SNOMEDCT399068003: 'C61' } },
  { key: 'SNOMEDCT432213005', canonical: 'diagnosis_year', display: 'Year of diagnosis', values: {} },
  { key: 'RID10311', canonical: 'modality', display: 'Modality', values: { RID10312: 'MR', RID10337: 'PT', RID10334: 'NM', RID10321: 'CT' } },
  {
    key: 'SNOMEDCT123037004', canonical: 'body_part', display: 'Body part',
    values: { SNOMEDCT76752008: 'BREAST', SNOMEDCT71854001: 'COLON', SNOMEDCT39607008: 'LUNG', SNOMEDCT12921003: 'PELVIS', SNOMEDCT41216001: 'PROSTATE' },
  },
  { key: 'C25392', canonical: 'manufacturer', display: 'Manufacturer', values: { C200140: 'Siemens', birnlex_3066: 'Siemens', birnlex_12833: 'GE', birnlex_3065: 'Philips', birnlex_3067: 'Toshiba' } },
];

const ALIAS_BY_KEY = new Map(LENS_ALIASES.map((a) => [a.key.toLowerCase(), a]));

/** Our key for a key id or a Lens alias of it. */
export function canonicalKey(id: string): SearchKey | undefined {
  return searchKey(ALIAS_BY_KEY.get(id.toLowerCase())?.canonical ?? id);
}

/** A condition over our keys, normalised so the SQL compiler and the in-memory reference read it the same way. */
export type ResolvedCondition =
  /** `in`: a fact equal to one of the values exists; `not_in`: none does (unknowns included); `contains`: case-insensitive substring. */
  | { readonly kind: 'text'; readonly key: SearchKeyId; readonly level: SearchLevel; readonly op: 'in' | 'not_in' | 'contains'; readonly values: readonly string[]; readonly notes: readonly string[] }
  /** `eq`/`ne`/`lt`/`gt` use `a`; `between` is inclusive [a, b]; `ne` holds when no fact equals `a`. */
  | { readonly kind: 'number'; readonly key: SearchKeyId; readonly level: SearchLevel; readonly op: 'eq' | 'ne' | 'lt' | 'gt' | 'between'; readonly a: number; readonly b: number; readonly notes: readonly string[] }
  | { readonly kind: 'false'; readonly reason: string };

function tokensOf(v: SearchValue): string[] {
  return [v.code, v.display, ...v.codings.flatMap((c) => [c.code, `${c.system}${c.code}`, `${c.system}:${c.code}`])].map((t) => t.toLowerCase());
}

const VALUE_INDEX = new Map<SearchKeyId, Map<string, string>>(SEARCH_KEYS.map((k) => {
  const index = new Map<string, string>();
  for (const v of k.values) for (const t of tokensOf(v)) if (!index.has(t)) index.set(t, v.code);
  if (k.id === 'vital_status') index.set('dead', 'deceased');
  return [k.id, index];
}));

/** The canonical value a query value names, or undefined when the key has no such value. */
export function canonicalValue(key: SearchKey, raw: string, alias?: LensAlias): string | undefined {
  const viaAlias = alias && Object.entries(alias.values).find(([k]) => k.toLowerCase() === raw.toLowerCase())?.[1];
  if (viaAlias) return viaAlias;
  const listed = VALUE_INDEX.get(key.id)?.get(raw.toLowerCase());
  if (listed) return listed;
  return key.openValues && key.openValues.test(raw) ? raw : undefined;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function resolveNumber(key: SearchKey, c: Condition): ResolvedCondition {
  const base = { kind: 'number' as const, key: key.id, level: key.level, notes: [] };
  if (c.type === 'BETWEEN') {
    const range = c.value as { min: unknown; max: unknown };
    const a = toNumber(range.min);
    const b = toNumber(range.max);
    if (a === undefined || b === undefined) return { kind: 'false', reason: `${key.id}: BETWEEN bounds are not numbers` };
    return { ...base, op: 'between', a, b };
  }
  const a = toNumber(c.value);
  if (a === undefined) return { kind: 'false', reason: `${key.id}: ${c.type} value is not a number` };
  const op = ({ EQUALS: 'eq', NOT_EQUALS: 'ne', LOWER_THAN: 'lt', GREATER_THAN: 'gt' } as const)[c.type as 'EQUALS'];
  return { ...base, op, a, b: a };
}

function resolveText(key: SearchKey, c: Condition, alias: LensAlias | undefined): ResolvedCondition {
  const base = { kind: 'text' as const, key: key.id, level: key.level };
  if (c.type === 'CONTAINS') {
    if (typeof c.value !== 'string' || c.value === '') return { kind: 'false', reason: `${key.id}: CONTAINS needs a non-empty string` };
    return { ...base, op: 'contains', values: [c.value.toLowerCase()], notes: [] };
  }
  const raws = c.type === 'IN' ? c.value as readonly string[] : [c.value];
  const values: string[] = [];
  const unknown: string[] = [];
  for (const raw of raws) {
    const v = typeof raw === 'string' ? canonicalValue(key, raw, alias) : undefined;
    if (v === undefined) unknown.push(String(raw));
    else if (!values.includes(v)) values.push(v);
  }
  // Query values are codes, not patient data: naming them in a note tells the requester what was not understood.
  const notes = unknown.length > 0 ? [`${key.id}: unknown value(s) ${unknown.join(', ')} ignored`] : [];
  if (values.length === 0) return { kind: 'false', reason: `${key.id}: unknown value(s) ${unknown.join(', ')}` };
  return { ...base, op: c.type === 'NOT_EQUALS' ? 'not_in' : 'in', values: values.sort(), notes };
}

/**
 * A condition over our canonical keys. Unknown keys and values become FALSE (as EUCAIM's UPV mediator does), with
 * the reason for the answer's notes; a condition type the key does not allow is an error.
 * @example resolveCondition({ key: 'RID10311', type: 'EQUALS', value: 'RID10312' }) // → modality in [MR]
 */
export function resolveCondition(c: Condition): ResolvedCondition {
  const alias = ALIAS_BY_KEY.get(c.key.toLowerCase());
  const key = canonicalKey(c.key);
  if (!key) return { kind: 'false', reason: `unknown key ${c.key}` };
  if (!key.types.includes(c.type)) {
    throw oncoError('FEDERATION_INVALID_QUERY', `${c.key}: condition type ${c.type} is not allowed (allowed: ${key.types.join(', ')})`, { key: c.key, type: c.type });
  }
  return key.kind === 'number' ? resolveNumber(key, c) : resolveText(key, c, alias);
}
