/**
 * The application form as data: its sections and fields read from the hub's JSON Schema (GET
 * /hub/api/access/form-schema, the same schema the hub validates with), values read and written by JSON
 * pointer, and problems (the hub's or the browser's, both JSON pointers) placed beside the field they are
 * about. The UI draws whatever the schema holds, so a field added to the schema appears without a UI change.
 */
import type { FormProblem, FormSection } from './access-types.ts';

type Json = Record<string, unknown>;

export type FieldKind = 'text' | 'textarea' | 'email' | 'date' | 'number' | 'select' | 'multi' | 'checkbox';

export interface FieldSpec {
  /** JSON pointer of the value, e.g. /contact/email. */
  readonly path: string;
  readonly label: string;
  readonly description: string | undefined;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly maxLength: number | undefined;
  /** A box that must be ticked (`const: true`): unticked it is left out rather than sent as false. */
  readonly mustBeTrue: boolean;
}

export interface SectionSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly fields: readonly FieldSpec[];
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** A text longer than this many characters gets a multi-line box. */
const LONG_TEXT = 300;

/**
 * The form-schema answer split into the JSON Schema proper (for ajv) and the sections' order and titles. The
 * hub answers the schema with `sections` beside its keywords; `{ schema, sections }` is read too.
 */
export function splitSchemaAnswer(answer: unknown): { schema: Json; sections: readonly FormSection[] } {
  const a = obj(answer);
  const hasWrapped = typeof a.schema === 'object' && a.schema !== null && a.properties === undefined;
  const { sections: rawSections, ...rest } = a;
  const schema = hasWrapped ? obj(a.schema) : rest;
  const listed = Array.isArray(rawSections)
    ? rawSections.map(obj).filter((s) => typeof s.id === 'string').map((s) => ({ id: s.id as string, title: str(s.title) ?? (s.id as string) }))
    : [];
  const props = obj(schema.properties);
  const sections = listed.length > 0
    ? listed
    // A schema served without its list: its top-level objects, in order, are the sections.
    : Object.keys(props).map((id) => ({ id, title: str(obj(props[id]).title) ?? id }));
  return { schema, sections };
}

/** Escapes one JSON pointer segment (RFC 6901). */
const segment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unsegment = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

export const pointerParts = (pointer: string): string[] => (pointer === '' || pointer === '/' ? [] : pointer.replace(/^\//, '').split('/').map(unsegment));

function optionsOf(s: Json): { value: string; label: string }[] {
  if (Array.isArray(s.enum)) return s.enum.filter((v): v is string => typeof v === 'string').map((v) => ({ value: v, label: v }));
  const alternatives = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : [];
  return alternatives.map(obj).filter((o) => typeof o.const === 'string').map((o) => ({ value: o.const as string, label: str(o.title) ?? (o.const as string) }));
}

function kindOf(s: Json): FieldKind {
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'boolean') return 'checkbox';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'array') return 'multi';
  if (optionsOf(s).length > 0) return 'select';
  if (s.format === 'email') return 'email';
  if (s.format === 'date') return 'date';
  if (s['x-widget'] === 'textarea' || (typeof s.maxLength === 'number' && s.maxLength > LONG_TEXT)) return 'textarea';
  return 'text';
}

/** The fields of one object schema, nested objects flattened with their titles joined ("Principal investigator: Name"). */
function fieldsOf(schema: Json, base: string, prefix: string): FieldSpec[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(obj(schema.properties)).flatMap(([key, raw]): FieldSpec[] => {
    const s = obj(raw);
    const path = `${base}/${segment(key)}`;
    const title = str(s.title) ?? key;
    const label = prefix ? `${prefix}: ${title}` : title;
    if (s.type === 'object' || (s.type === undefined && s.properties !== undefined)) return fieldsOf(s, path, label);
    const kind = kindOf(s);
    const options = kind === 'multi' ? optionsOf(obj(s.items)) : optionsOf(s);
    return [{
      path, label, description: str(s.description), kind, required: required.has(key), options,
      maxLength: typeof s.maxLength === 'number' ? s.maxLength : undefined, mustBeTrue: s.const === true,
    }];
  });
}

/** The sections to draw, in order, each with its fields. */
export function sectionsOf(schema: Json, sections: readonly FormSection[]): SectionSpec[] {
  const props = obj(schema.properties);
  return sections.map((sec) => {
    const s = obj(props[sec.id]);
    return { id: sec.id, title: sec.title, description: str(s.description), fields: fieldsOf(s, `/${segment(sec.id)}`, '') };
  });
}

/**
 * The form with an empty object wherever the schema has a group the form lacks (a section, the timeline), so a
 * complete check names each missing answer beside its own field instead of one "section required".
 */
export function withGroups(schema: Json, form: unknown): Json {
  const out: Json = { ...obj(form) };
  for (const [key, raw] of Object.entries(obj(schema.properties))) {
    const s = obj(raw);
    if (s.type === 'object' && (out[key] === undefined || (typeof out[key] === 'object' && !Array.isArray(out[key])))) out[key] = withGroups(s, out[key]);
  }
  return out;
}

export function getIn(form: unknown, pointer: string): unknown {
  let at: unknown = form;
  for (const p of pointerParts(pointer)) at = obj(at)[p];
  return at;
}

/**
 * A copy of the form with the value at `pointer` set; `undefined` (an emptied field) removes the key, so an
 * empty text is "not answered yet" to the schema rather than a too-short answer.
 */
export function setIn(form: Json, pointer: string, value: unknown): Json {
  const [head, ...rest] = pointerParts(pointer);
  if (head === undefined) return form;
  const next: Json = { ...form };
  if (rest.length === 0) {
    if (value === undefined) delete next[head];
    else next[head] = value;
    return next;
  }
  const child = setIn(obj(form[head]), `/${rest.map(segment).join('/')}`, value);
  if (Object.keys(child).length === 0) delete next[head];
  else next[head] = child;
  return next;
}

/** The value a field's input sends: empty text and unticked must-tick boxes are "no answer". */
export function fieldValue(field: FieldSpec, input: unknown): unknown {
  if (field.kind === 'checkbox') return input === true ? true : field.mustBeTrue ? undefined : false;
  if (field.kind === 'multi') return Array.isArray(input) && input.length > 0 ? input : undefined;
  if (field.kind === 'number') return typeof input === 'number' && Number.isFinite(input) ? input : undefined;
  return typeof input === 'string' && input.length > 0 ? input : undefined;
}

export interface PlacedProblems {
  /** Field pointer → its problems' messages. */
  readonly byField: ReadonlyMap<string, readonly string[]>;
  /** Problems about a section as a whole or no known field, with the section they fall in ('' for the form). */
  readonly other: readonly (FormProblem & { readonly section: string })[];
}

/**
 * Each problem beside the field it is about: the field whose pointer is the problem's or a prefix of it (an
 * item of a list belongs to the list). Anything else stays with its section, or with the form.
 */
export function placeProblems(problems: readonly FormProblem[], fields: readonly FieldSpec[]): PlacedProblems {
  const byField = new Map<string, string[]>();
  const other: (FormProblem & { section: string })[] = [];
  for (const p of problems) {
    const field = fields.find((f) => p.path === f.path || p.path.startsWith(`${f.path}/`));
    if (field) {
      const list = byField.get(field.path) ?? [];
      if (!list.includes(p.message)) byField.set(field.path, [...list, p.message]);
    } else {
      other.push({ ...p, section: pointerParts(p.path)[0] ?? '' });
    }
  }
  return { byField, other };
}

/** The id of a field's input element, for labels and for "go to the field" links in a problem summary. */
export const fieldId = (pointer: string): string => `form${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;
