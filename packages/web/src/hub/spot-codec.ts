/**
 * The browser's side of samply Spot's wire format (reference §6.2): the `query` string Lens's `querySpot` posts,
 * and the reading of each `new_result` event into what Lens's result table and charts show (`setSiteResult`) plus
 * the per-collection rows our cart needs. The hub's side is packages/federation/src/spot/spot-codec.ts;
 * test/spot-protocol.test.ts holds the two to one format. No Lens import here (Lens needs a DOM), types only.
 */
import type { AstTopLayer, LensResult, SpotResult } from '@samply/lens';

/** UTF-8 safe base64 (btoa alone throws on non-Latin-1 text, e.g. a typed "Pulmón"). */
export function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(b64: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
}

/**
 * The `query` for Lens's `querySpot`: base64 of `{lang: "ast", query: base64 of {ast, id}}`, the AST exactly as
 * Lens's getAst() gives it (the hub reads Lens's quirks, so EUCAIM's own explorer can query it too).
 * @example querySpot(encodeSpotQuery(getAst(), crypto.randomUUID()), signal, onResult)
 */
export function encodeSpotQuery(ast: AstTopLayer, id: string): string {
  return toBase64(JSON.stringify({ lang: 'ast', query: toBase64(JSON.stringify({ ast, id: `${id}__search__${id}` })) }));
}

/** Lens's rule: the site is the 2nd dotted label of `focus.<site>.broker.<hub>`. */
export function siteOf(result: Pick<SpotResult, 'from'>): string {
  return result.from.split('.')[1] ?? result.from;
}

/** A disclosed count: a number, or how the node shows a suppressed one (e.g. "< 5"); null when it gave none. */
export type DisclosedCount = number | string | null;

export interface AnswerCollection {
  readonly id: string;
  readonly name: string;
  readonly studies: DisclosedCount;
  readonly subjects: DisclosedCount;
}

export interface AnswerStratum { readonly value: string; readonly subjects: DisclosedCount; readonly studies: DisclosedCount }

/** A node's disclosure-controlled answer, as far as the explorer reads it. */
export interface NodeAnswer {
  readonly collections: readonly AnswerCollection[];
  readonly total: { readonly studies: DisclosedCount; readonly subjects: DisclosedCount } | null;
  readonly strata: Readonly<Record<string, readonly AnswerStratum[]>>;
  readonly notes: readonly string[];
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {});
const count = (v: unknown): DisclosedCount => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string' ? v : null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Reads a node's answer leniently: EUCAIM mediators send `studies_count`/`subjects_count` (some `subject_count`),
 * ours add `total`, `strata` and `notes`; what is missing reads as empty, never as an error.
 */
export function parseNodeAnswer(json: unknown): NodeAnswer {
  const a = record(json);
  const collections = list(a.collections).map(record).filter((c) => typeof c.id === 'string').map((c): AnswerCollection => ({
    id: c.id as string,
    name: typeof c.name === 'string' ? c.name : (c.id as string),
    studies: count(c.studies_count),
    subjects: count(c.subjects_count ?? c.subject_count),
  }));
  const total = a.total === undefined ? null : { studies: count(record(a.total).studies_count), subjects: count(record(a.total).subjects_count) };
  const strata = Object.fromEntries(Object.entries(record(a.strata)).map(([key, rows]) => [key, list(rows).map(record).map((s) => ({
    // Our nodes name strata counts as their totals are named (`subjects_count`); older answers said `subjects`.
    value: String(s.value ?? ''), subjects: count(s.subjects_count ?? s.subjects), studies: count(s.studies_count ?? s.studies),
  }))]));
  return { collections, total, strata, notes: list(a.notes).filter((n): n is string => typeof n === 'string') };
}

/** The answer of a `succeeded` event; throws when its body is not base64 JSON. */
export function answerOf(result: Pick<SpotResult, 'body'>): NodeAnswer {
  return parseNodeAnswer(JSON.parse(fromBase64(result.body)));
}

const numeric = (c: DisclosedCount): number | undefined => (typeof c === 'number' ? c : undefined);

function sum(counts: readonly DisclosedCount[]): number {
  return counts.reduce<number>((s, c) => s + (numeric(c) ?? 0), 0);
}

/**
 * What Lens's table and charts read for one site: totals `patients` and `studies`, and per stratifier the
 * subjects per value. A suppressed count has no number and is left out (Lens shows it as 0; our collection rows
 * show the node's text). Without a `total` the collections are summed, which may count a patient twice.
 */
export function lensResultOf(answer: NodeAnswer): LensResult {
  const patients = numeric(answer.total?.subjects ?? null) ?? sum(answer.collections.map((c) => c.subjects));
  const studies = numeric(answer.total?.studies ?? null) ?? sum(answer.collections.map((c) => c.studies));
  const stratifiers: Record<string, Record<string, number>> = {};
  for (const [key, rows] of Object.entries(answer.strata)) {
    stratifiers[key] = {};
    for (const r of rows) {
      const n = numeric(r.subjects);
      if (n !== undefined) stratifiers[key][r.value] = n;
    }
  }
  return { stratifiers, totals: { patients, studies } };
}

export interface CollectionRow extends AnswerCollection {
  readonly site: string;
}

export function collectionRowsOf(site: string, answer: NodeAnswer): CollectionRow[] {
  return answer.collections.map((c) => ({ ...c, site }));
}

/** A count for display: numbers grouped by locale, a node's suppression text as sent, "–" for none. */
export function formatCount(c: DisclosedCount): string {
  if (c === null) return '–';
  return typeof c === 'number' ? c.toLocaleString('en') : c;
}
