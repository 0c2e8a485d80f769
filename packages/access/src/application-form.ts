/**
 * Validation of the application form against APPLICATION_FORM_SCHEMA, with problems a researcher can read:
 * a JSON pointer to the field and a message naming it ("Scientific relevance › Description: at most 600 words").
 * A draft (`complete: false`) is checked for everything but missing answers: absent fields, empty texts, unticked
 * boxes and empty choices pass, wrong types and limits do not. A complete form is checked for all.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { APPLICATION_FORM_SCHEMA, wordLimitOf } from './application-schema.ts';

export interface FormProblem {
  /** JSON pointer of the field, e.g. /contact/email. */
  readonly path: string;
  readonly message: string;
}

// ajv-formats is CommonJS: under Node's ESM its default import is module.exports, which typings see as a namespace.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(APPLICATION_FORM_SCHEMA);
  }
  return compiled;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function segmentsOf(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const s of segmentsOf(pointer)) v = isNode(v) || Array.isArray(v) ? (v as Record<string, unknown>)[s] : undefined;
  return v;
}

/** "Section › Field" for a pointer, from the schema's titles. */
export function fieldLabel(pointer: string): string {
  const labels: string[] = [];
  let node: unknown = APPLICATION_FORM_SCHEMA;
  for (const s of segmentsOf(pointer)) {
    const props: unknown = isNode(node) ? node.properties : undefined;
    if (isNode(props) && isNode(props[s])) {
      node = props[s];
      labels.push(typeof (node as Node).title === 'string' ? String((node as Node).title) : s);
    } else if (isNode(node) && isNode(node.items) && /^\d+$/.test(s)) {
      node = node.items;
      labels.push(`item ${Number(s) + 1}`);
    } else {
      node = undefined;
      labels.push(s);
    }
  }
  return labels.length === 0 ? 'The form' : labels.join(' › ');
}

function titlesOf(schema: unknown): string {
  const options = isNode(schema) && Array.isArray(schema.oneOf) ? schema.oneOf : [];
  return options.map((o: unknown) => (isNode(o) ? String(o.title ?? o.const) : '')).join(', ');
}

function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return 'is required';
    case 'additionalProperties': return 'is not a field of this form';
    case 'type': return p.type === 'string' ? 'must be a text' : p.type === 'boolean' ? 'must be ticked or not (true or false)'
      : p.type === 'integer' ? 'must be a whole number' : p.type === 'object' ? 'must be a group of fields' : p.type === 'array' ? 'must be a list' : `must be of type ${String(p.type)}`;
    case 'minLength': return Number(p.limit) <= 1 ? 'is required' : `at least ${String(p.limit)} characters`;
    case 'maxLength': return `at most ${String(p.limit)} characters`;
    case 'pattern': {
      const limit = wordLimitOf(String(p.pattern));
      return limit !== undefined ? `at most ${limit} words` : isNode(e.parentSchema) && typeof e.parentSchema.description === 'string'
        ? `does not have the expected form (${e.parentSchema.description})` : 'does not have the expected form';
    }
    case 'format': return p.format === 'email' ? 'must be an e-mail address' : p.format === 'date' ? 'must be a date (YYYY-MM-DD)' : `must be a ${String(p.format)}`;
    case 'const': return p.allowedValue === true ? 'must be accepted' : `must be ${JSON.stringify(p.allowedValue)}`;
    case 'oneOf': return `must be one of: ${titlesOf(e.parentSchema)}`;
    case 'minimum': return `at least ${String(p.limit)}`;
    case 'maximum': return `at most ${String(p.limit)}`;
    case 'minItems': return Number(p.limit) <= 1 ? 'choose at least one' : `choose at least ${String(p.limit)}`;
    case 'uniqueItems': return 'lists the same choice twice';
    default: return e.message ?? 'is not valid';
  }
}

/** Whether an error only says "not answered yet" (what a draft may be). */
function onlyUnanswered(e: ErrorObject, data: unknown): boolean {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return true;
  if (valueAt(data, e.instancePath) === '') return true;
  if (e.keyword === 'minItems' && Number(p.limit) <= 1) return true;
  return e.keyword === 'const' && p.allowedValue === true && valueAt(data, e.instancePath) === false;
}

/**
 * The problems of an application form (empty when it is valid). `complete: false` checks a draft.
 * @example
 * validateApplication({ scientific: { description: 'word '.repeat(601) } }, { complete: false });
 * // [{ path: '/scientific/description', message: 'Scientific relevance › Description: at most 600 words' }]
 */
export function validateApplication(data: unknown, o: { readonly complete: boolean }): FormProblem[] {
  const validate = validator();
  const errors = validate(data) ? [] : [...(validate.errors ?? [])];
  // A choice's branches each fail their `const`; the `oneOf` error says it once, with the options.
  const choices = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath));
  // A value of the wrong type gets that one problem, not also the limits its type would have had.
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const problems: FormProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) { seen.add(key); problems.push({ path, message: `${fieldLabel(path)}: ${message}` }); }
  };
  for (const e of errors) {
    if ([...choices].some((c) => e.schemaPath.startsWith(`${c}/`))) continue;
    if (!o.complete && onlyUnanswered(e, data)) continue;
    if (e.keyword !== 'type' && mistyped.has(e.instancePath)) continue;
    const p = e.params as Record<string, unknown>;
    const extra = e.keyword === 'required' ? p.missingProperty : e.keyword === 'additionalProperties' ? p.additionalProperty : undefined;
    add(typeof extra === 'string' ? `${e.instancePath}/${escape(extra)}` : e.instancePath, messageOf(e));
  }
  for (const x of crossFieldProblems(data)) add(x.path, x.message);
  return problems;
}

/** What JSON Schema cannot say: the processing period ends after it starts. */
function crossFieldProblems(data: unknown): FormProblem[] {
  const period = valueAt(data, '/scientific/processingPeriod');
  if (!isNode(period) || typeof period.start !== 'string' || typeof period.end !== 'string') return [];
  const [start, end] = [Date.parse(period.start), Date.parse(period.end)];
  return !Number.isNaN(start) && !Number.isNaN(end) && end < start ? [{ path: '/scientific/processingPeriod/end', message: 'is before its start' }] : [];
}
