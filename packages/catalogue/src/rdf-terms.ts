/**
 * Making RDF terms from facts, refusing values that would make a broken document. A malformed IRI or
 * language tag cannot be "reported by SHACL": the Turtle writer would emit something no parser reads, so
 * it is refused here with the field's name (CATALOGUE_INVALID_FACTS). Missing values are not refused: they
 * are left out and the validation says what is missing.
 */
import { createHash } from 'node:crypto';
import { DataFactory } from 'n3';
import type { BlankNode, Literal, NamedNode, Quad, Quad_Object, Quad_Subject } from 'n3';
import { oncoError } from '@oncoatlas/core';
import type { Localised, LocalisedList } from './dataset-facts.ts';
import { PREFIXES, type Prefix } from './vocabulary.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

/** `dct:title` -> NamedNode of the full IRI. Only our own prefixes; anything else is taken as a full IRI. */
export function term(curieOrIri: string): NamedNode {
  const m = /^([a-z]+):(.*)$/.exec(curieOrIri);
  if (m && Object.hasOwn(PREFIXES, m[1]!)) return namedNode(`${PREFIXES[m[1] as Prefix]}${m[2]}`);
  return namedNode(curieOrIri);
}

// Characters RFC 3987 forbids in an IRI and that Turtle's IRIREF cannot hold.
const IRI_FORBIDDEN = /[\s<>"{}|\\^`]/;

// Schemes that run or embed content where a page shows the IRI as a link; no catalogue term uses them.
const ACTIVE_SCHEMES = /^(javascript|vbscript|data|blob|file):/i;

export function isIri(value: string): boolean {
  return !IRI_FORBIDDEN.test(value) && /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) && !ACTIVE_SCHEMES.test(value) && URL.canParse(value);
}

/** A NamedNode for an IRI given in the facts; `field` names the fact in the error. */
export function iriFact(value: string, field: string): NamedNode {
  if (!isIri(value)) throw oncoError('CATALOGUE_INVALID_FACTS', `${field} is not an absolute IRI (e.g. https://…).`, { field });
  return namedNode(value);
}

/**
 * An IRI a person follows (an access page, a licence, a homepage): the UI and harvesters show it as a link,
 * so only http(s) is taken.
 */
export function linkFact(value: string, field: string): NamedNode {
  if (!isIri(value) || !/^https?:\/\//i.test(value)) throw oncoError('CATALOGUE_INVALID_FACTS', `${field} is not an http(s) address (e.g. https://…).`, { field });
  return namedNode(value);
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** `mailto:` IRI of an email address (vcard:hasEmail). */
export function mailto(email: string, field: string): NamedNode {
  if (!EMAIL.test(email)) throw oncoError('CATALOGUE_INVALID_FACTS', `${field} is not an email address.`, { field });
  return namedNode(`mailto:${email}`);
}

export function checkEmail(email: string, field: string): string {
  if (!EMAIL.test(email)) throw oncoError('CATALOGUE_INVALID_FACTS', `${field} is not an email address.`, { field });
  return email;
}

const LANGUAGE_TAG = /^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$/;

function checkLanguage(tag: string, field: string): string {
  if (!LANGUAGE_TAG.test(tag)) throw oncoError('CATALOGUE_INVALID_FACTS', `${field} has a language tag "${tag}" that is not BCP 47 (e.g. en, es, ca).`, { field });
  return tag.toLowerCase();
}

/** One language-tagged literal per non-blank text, English first, then by tag (stable output). */
export function localisedLiterals(texts: Localised, field: string): Literal[] {
  return byLanguage(Object.entries(texts))
    .filter(([, text]) => text.trim() !== '')
    .map(([tag, text]) => literal(text.trim(), checkLanguage(tag, field)));
}

export function localisedListLiterals(lists: LocalisedList, field: string): Literal[] {
  const out: Literal[] = [];
  for (const [tag, words] of byLanguage(Object.entries(lists))) {
    const lang = checkLanguage(tag, field);
    for (const word of new Set(words.map((w) => w.trim()).filter((w) => w !== ''))) out.push(literal(word, lang));
  }
  return out;
}

function byLanguage<T>(entries: [string, T][]): [string, T][] {
  return entries.sort(([a], [b]) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
}

export function typed(value: string | number | boolean, xsdType: string): Literal {
  return literal(String(value), namedNode(`${PREFIXES.xsd}${xsdType}`));
}

/** xsd:gYear, gYearMonth, date or dateTime, chosen by the precision of the value (§4.1 dct:issued). */
export function dateLiteral(value: string, field: string): Literal {
  if (/^\d{4}$/.test(value)) return typed(value, 'gYear');
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return typed(value, 'gYearMonth');
  if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value)) return typed(value, 'date');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value))) return typed(value, 'dateTime');
  throw oncoError('CATALOGUE_INVALID_FACTS', `${field} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date-time with zone).`, { field });
}

/**
 * Blank-node labels that are stable for a given record (so the same facts give the same Turtle) and unique
 * across the records of a catalogue page (the scope is a hash of the dataset's identifier).
 */
export type BlankNodeOf = (role: string) => BlankNode;

export function blankNodes(scopeKey: string): BlankNodeOf {
  const scope = `n${createHash('sha256').update(scopeKey).digest('hex').slice(0, 12)}`;
  return (role) => blankNode(`${scope}_${role.replace(/[^A-Za-z0-9_]/g, '_')}`);
}

/** A list of quads being built; predicates are written as CURIEs. */
export class Triples {
  readonly quads: Quad[] = [];

  add(subject: Quad_Subject, predicate: string, object: Quad_Object): void {
    this.quads.push(quad(subject, term(predicate), object));
  }

  addAll(subject: Quad_Subject, predicate: string, objects: Iterable<Quad_Object>): void {
    for (const object of objects) this.add(subject, predicate, object);
  }
}

/**
 * Quads grouped by subject, subjects in order of first appearance: the Turtle writer then writes each node
 * once, the dataset's own properties together before the nodes they point to.
 */
export function groupedBySubject(quads: readonly Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}|${q.subject.value}`;
    const group = groups.get(key);
    if (group) group.push(q);
    else groups.set(key, [q]);
  }
  return [...groups.values()].flat();
}

/** Removes repeated quads (the same dataset given twice to a page, a legislation IRI listed twice), keeping order. */
export function uniqueQuads(quads: Iterable<Quad>): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const key = `${q.subject.termType}|${q.subject.value}|${q.predicate.value}|${q.object.termType}|${q.object.value}|${q.object.termType === 'Literal' ? `${(q.object as Literal).language}|${(q.object as Literal).datatype.value}` : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}
