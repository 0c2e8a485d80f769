/**
 * Reads the steward's fields from the JSON a steward writes (docs/catalogue.md). A field left out becomes
 * empty, so the records leave it out and validation names it in the steward's terms; a field of the wrong
 * kind is an error naming it. Values are checked further where records are built (IRIs, emails, codes).
 */
import { oncoError } from '@oncoatlas/core';
import type { StewardFacts } from './dataset-facts.ts';

const LOCALISED = ['title', 'description', 'provenance', 'legalBasis', 'purpose'] as const;
const LISTS = ['contactPoints', 'accessConditions', 'applicableLegislation', 'healthCategories', 'collectionMethods', 'datasetTypes'] as const;
const OBJECTS = ['publisher', 'hdab'] as const;
const STRINGS = ['accessRights', 'accessUrl', 'license', 'tier', 'primaryCondition'] as const;
const OPTIONAL_LISTS = ['dataUseConditions', 'legalBasisConcepts', 'spatial'] as const;
const KNOWN = new Set<string>([...LOCALISED, ...LISTS, ...OBJECTS, ...STRINGS, ...OPTIONAL_LISTS, 'keywords', '$comment']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(field: string, what: string): never {
  throw oncoError('CATALOGUE_INVALID_FACTS', `The steward fields: ${field} ${what} (see docs/catalogue.md).`, { field });
}

export function parseStewardFacts(value: unknown): StewardFacts {
  if (!isObject(value)) fail('the file', 'must hold a JSON object');
  for (const k of Object.keys(value)) if (!KNOWN.has(k)) fail(k, 'is not a field of the catalogue record');
  const out: Record<string, unknown> = {};
  for (const k of LOCALISED) {
    const v = value[k] ?? {};
    if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) fail(k, 'must map language tags to texts, e.g. {"en": "..."}');
    out[k] = v;
  }
  const keywords = value.keywords ?? {};
  if (!isObject(keywords) || Object.values(keywords).some((x) => !Array.isArray(x) || x.some((w) => typeof w !== 'string'))) fail('keywords', 'must map language tags to lists of words');
  out.keywords = keywords;
  for (const k of [...LISTS, ...OPTIONAL_LISTS]) {
    const v = value[k];
    if (v === undefined) { if ((LISTS as readonly string[]).includes(k)) out[k] = []; continue; }
    if (!Array.isArray(v)) fail(k, 'must be a list');
    out[k] = v;
  }
  for (const k of OBJECTS) {
    const v = value[k];
    if (v === undefined) continue;
    if (!isObject(v) || typeof v.name !== 'string') fail(k, 'must be an organisation with at least a name');
    out[k] = v;
  }
  for (const k of STRINGS) {
    const v = value[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') fail(k, 'must be a text');
    out[k] = v;
  }
  return out as unknown as StewardFacts;
}
