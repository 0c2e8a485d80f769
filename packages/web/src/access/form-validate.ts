/**
 * The application form checked in the browser with ajv against the very schema the hub serves and validates
 * with (@oncoatlas/access validateApplication), so a researcher sees a problem beside its field as they type,
 * and the hub's verdict on submit is never a surprise. A draft is checked for everything but missing answers;
 * a submission for all.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FormProblem } from './access-types.ts';
import { withGroups } from './form-model.ts';

export type FormValidator = (data: unknown, o: { readonly complete: boolean }) => FormProblem[];

/** Keywords that only say "an answer is missing": a draft may lack any answer. */
const MISSING_KEYWORDS: ReadonlySet<string> = new Set(['required', 'dependentRequired', 'if']);

/** Ajv's messages in the form's words. */
function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return 'This field is required.';
    case 'format': return p.format === 'email' ? 'Enter a valid e-mail address.' : p.format === 'date' ? 'Enter a date (YYYY-MM-DD).' : `Enter a valid ${String(p.format)}.`;
    case 'maxLength': return `At most ${String(p.limit)} characters.`;
    case 'minLength': return Number(p.limit) <= 1 ? 'This field is required.' : `At least ${String(p.limit)} characters.`;
    case 'enum': return 'Choose one of the options.';
    case 'const': return p.allowedValue === true ? 'This box must be ticked.' : 'This value is not allowed.';
    case 'maxItems': return `Choose at most ${String(p.limit)}.`;
    case 'minItems': return `Choose at least ${String(p.limit)}.`;
    case 'pattern': {
      // The schema writes a word limit N as a pattern of "at most N-1 words and a last one" (@oncoatlas/access maxWordsPattern).
      const words = /^\^\\s\*\(\?:\\S\+\\s\+\)\{0,(\d+)\}/.exec(String(p.pattern));
      return words ? `At most ${Number(words[1]) + 1} words.` : 'This value does not have the expected form.';
    }
    case 'minimum': return `At least ${String(p.limit)}.`;
    case 'maximum': return `At most ${String(p.limit)}.`;
    case 'oneOf': return 'Choose one of the options.';
    case 'type': return 'This answer has the wrong kind of value.';
    default: return e.message ? `${e.message[0]!.toUpperCase()}${e.message.slice(1)}.` : 'This value is not valid.';
  }
}

/** One ajv error as a problem at the pointer of the field it is about (a missing one's own, not its parent's). */
export function problemOf(e: ErrorObject): FormProblem {
  const p = e.params as Record<string, unknown>;
  const missing = e.keyword === 'required' ? p.missingProperty : e.keyword === 'dependentRequired' ? p.missingProperty : undefined;
  const path = typeof missing === 'string' ? `${e.instancePath}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
  return { path, message: messageOf(e) };
}

/**
 * Ajv's errors as problems. A choice (`oneOf` of consts) fails once, not once per option: its branches' errors
 * are dropped. A draft's missing answers are not problems yet.
 */
export function problemsOf(errors: readonly ErrorObject[], complete: boolean): FormProblem[] {
  const choices = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  const kept = errors.filter((e) => (complete || !MISSING_KEYWORDS.has(e.keyword)) && !choices.some((c) => e.schemaPath.startsWith(c)));
  const seen = new Set<string>();
  return kept.map(problemOf).filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A validator for the served schema. Draft 2020-12 unless the schema names draft-07; not strict, because the
 * hub's schema may carry annotations of its own.
 */
export function formValidator(schema: Record<string, unknown>): FormValidator {
  const draft07 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
  const ajv = draft07 ? new Ajv({ allErrors: true, strict: false }) : new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data, o) => {
    const checked = o.complete ? withGroups(schema, data) : data;
    return validate(checked) ? [] : problemsOf(validate.errors ?? [], o.complete);
  };
}
