/**
 * A Beacon v2 individuals request (POST body, or GET query string) → our federated query AST, so the hub
 * dispatches a Beacon question exactly as it dispatches a Lens/Focus one.
 *
 * Mapping (docs/beacon.md):
 * - Filters are ANDed (Beacon v2). Ontology/custom filters naming values of the SAME key are ORed, as the Beacon
 *   FAQ asks ("multiple filters for the same parameter … should [be treated] as a logical OR"): two diagnoses
 *   would otherwise never match anyone. The AST has Lens's shape, OR(AND(OR(conditions of one key)…)).
 * - Alphanumeric filters `{id, operator, value}` compare one key: `=`, `!`, `<`, `>` map to EQUALS, NOT_EQUALS,
 *   LOWER_THAN, GREATER_THAN; `>=`/`<=` to "greater/lower than, or equal" (an OR of two conditions), and a `>=`
 *   with a `<=` on the same key to BETWEEN (inclusive), as Lens sends an age range. Ages may be ISO 8601 (`P65Y`).
 * - OR extension: `query.requestParameters.ast` may carry one of our AST operations (grammar: ../ast.ts), which
 *   the hub uses as it is (ANDed with any filters). Beacon's requestParameters are objects by schema, so the body
 *   stays valid against the framework; a Beacon that does not know the extension ignores it.
 * - An unknown filter id (or a scope other than individuals) is not an error: it becomes a condition on an unknown
 *   key, which every node answers FALSE (as EUCAIM's mediators do), and the response lists it in `info.warnings`.
 */
import { oncoError } from '@oncoatlas/core';
import type { Condition, Operation } from '../ast.ts';
import { parseAst } from '../ast.ts';
import { SEARCH_KEYS } from '../search-keys.ts';
import type { SearchKey } from '../search-keys.ts';
import type { BeaconTermIndex, FilterTarget } from './filter-terms.ts';
import { BEACON_SCOPE, beaconTermIndex } from './filter-terms.ts';
import { BEACON_API_VERSION } from './documents.ts';
import type { JsonObject } from './documents.ts';
import { validateBeaconDocument } from './schemas.ts';

export type BeaconGranularity = 'boolean' | 'count' | 'record';

/** A parsed individuals request: the AST to dispatch and what the response must echo back. */
export interface BeaconQueryPlan {
  readonly ast: Operation;
  readonly requestedGranularity: BeaconGranularity;
  readonly apiVersion: string;
  /** Filter ids as received (receivedRequestSummary.filters). */
  readonly filters: readonly string[];
  /** Filter ids this hub does not know, answered FALSE. */
  readonly unknownFilters: readonly string[];
  readonly requestedSchemas: readonly JsonObject[];
  readonly pagination: JsonObject;
  readonly requestParameters?: JsonObject;
  readonly testMode?: boolean;
}

const OPERATORS = ['=', '<', '>', '!', '>=', '<='] as const;
type Operator = (typeof OPERATORS)[number];
interface Comparison { readonly operator: Operator; readonly value: string }

function invalid(message: string, details: Record<string, string> = {}): never {
  throw oncoError('FEDERATION_INVALID_QUERY', `Beacon request: ${message}`, details);
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A number, or an ISO 8601 duration of years and months (`P65Y`, `P1Y6M`) as years. */
function numberOf(raw: string, id: string): number {
  const duration = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+)M)?$/.exec(raw.trim());
  if (duration && (duration[1] ?? duration[2]) !== undefined) return Number(duration[1] ?? 0) + Number(duration[2] ?? 0) / 12;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) invalid(`filter ${id}: "${raw}" is not a number or an ISO 8601 duration`, { filter: id });
  return n;
}

function comparisonGroup(key: SearchKey, c: Comparison, id: string): Condition[] {
  if (key.kind === 'code') {
    if (c.operator !== '=' && c.operator !== '!') invalid(`filter ${id}: operator ${c.operator} does not apply to coded values`, { filter: id });
    if (c.operator === '=' && c.value.includes('%')) return [{ key: key.id, type: 'CONTAINS', value: c.value.replaceAll('%', '') }];
    return [{ key: key.id, type: c.operator === '=' ? 'EQUALS' : 'NOT_EQUALS', value: c.value }];
  }
  const n = numberOf(c.value, id);
  switch (c.operator) {
    case '=': return [{ key: key.id, type: 'EQUALS', value: n }];
    case '!': return [{ key: key.id, type: 'NOT_EQUALS', value: n }];
    case '<': return [{ key: key.id, type: 'LOWER_THAN', value: n }];
    case '>': return [{ key: key.id, type: 'GREATER_THAN', value: n }];
    case '<=': return [{ key: key.id, type: 'LOWER_THAN', value: n }, { key: key.id, type: 'EQUALS', value: n }];
    case '>=': return [{ key: key.id, type: 'GREATER_THAN', value: n }, { key: key.id, type: 'EQUALS', value: n }];
  }
}

/** What one key (or one unknown filter) contributes, in the order keys first appear among the filters. */
type Slot =
  | { readonly kind: 'values'; readonly key: SearchKey; readonly values: string[] }
  | { readonly kind: 'comparisons'; readonly key: SearchKey; readonly id: string; readonly list: Comparison[] }
  | { readonly kind: 'unknown'; readonly id: string };

function slotGroups(slot: Slot): Condition[][] {
  switch (slot.kind) {
    case 'values': return [slot.values.map((value) => ({ key: slot.key.id, type: 'EQUALS', value }))];
    // A key no node knows: every node counts it as FALSE and says so in its notes.
    case 'unknown': return [[{ key: `beacon:${slot.id}`, type: 'EQUALS', value: true }]];
    case 'comparisons': {
      const { key, id, list } = slot;
      if (key.kind === 'number' && list.map((c) => c.operator).sort().join(' ') === '<= >=') {
        const bound = (op: Operator): number => numberOf(list.find((c) => c.operator === op)!.value, id);
        return [[{ key: key.id, type: 'BETWEEN', value: { min: bound('>='), max: bound('<=') } }]];
      }
      return list.map((c) => comparisonGroup(key, c, id));
    }
  }
}

let index: BeaconTermIndex | undefined;

/** Filters → OR groups, each ANDed with the others. */
function filterGroups(filters: readonly Record<string, unknown>[], unknown: string[]): Condition[][] {
  index ??= beaconTermIndex(SEARCH_KEYS);
  const slots: Slot[] = [];
  const valuesOf = new Map<string, Extract<Slot, { kind: 'values' }>>();
  const comparisonsOf = new Map<string, Extract<Slot, { kind: 'comparisons' }>>();
  for (const f of filters) {
    const id = f.id as string;
    const scoped = f.scope === undefined || f.scope === BEACON_SCOPE || f.scope === 'individual';
    const target: FilterTarget | undefined = scoped ? index.resolve(id) : undefined;
    const isComparison = 'value' in f || 'operator' in f;
    if (isComparison && (typeof f.value !== 'string' || (f.operator !== undefined && !OPERATORS.includes(f.operator as Operator)))) {
      invalid(`filter ${id}: an alphanumeric filter needs a string value and an operator among ${OPERATORS.join(' ')}`, { filter: id });
    }
    if (!target || (isComparison ? target.value !== undefined : target.value === undefined)) {
      unknown.push(id);
      slots.push({ kind: 'unknown', id });
    } else if (isComparison) {
      let slot = comparisonsOf.get(target.key.id);
      if (!slot) {
        slot = { kind: 'comparisons', key: target.key, id, list: [] };
        comparisonsOf.set(target.key.id, slot);
        slots.push(slot);
      }
      slot.list.push({ operator: (f.operator ?? '=') as Operator, value: f.value as string });
    } else {
      let slot = valuesOf.get(target.key.id);
      if (!slot) {
        slot = { kind: 'values', key: target.key, values: [] };
        valuesOf.set(target.key.id, slot);
        slots.push(slot);
      }
      if (!slot.values.includes(target.value!)) slot.values.push(target.value!);
    }
  }
  return slots.flatMap(slotGroups);
}

function granularityOf(body: Record<string, unknown>): BeaconGranularity {
  const query = isRecord(body.query) ? body.query : {};
  const meta = isRecord(body.meta) ? body.meta : {};
  // The 2.1 schema puts it in `query`; earlier drafts (and some clients) in `meta`.
  const g = query.requestedGranularity ?? meta.requestedGranularity ?? 'boolean';
  if (g !== 'boolean' && g !== 'count' && g !== 'record') invalid('requestedGranularity must be boolean, count or record');
  return g;
}

/**
 * Maps a Beacon v2 request body for `/individuals` to the AST the hub dispatches to the nodes.
 * Throws FEDERATION_INVALID_QUERY when the body does not conform to beaconRequestBody or a filter is malformed.
 * @example beaconRequestToAst({ meta: { apiVersion: 'v2.0' }, query: { filters: [{ id: 'SNOMEDCT:248152002' }] } }).ast
 * // → { operand: 'OR', children: [{ operand: 'AND', children: [{ operand: 'OR', children: [{ key: 'sex', type: 'EQUALS', value: 'female' }] }] }] }
 */
export function beaconRequestToAst(body: unknown): BeaconQueryPlan {
  const errors = validateBeaconDocument('beaconRequestBody', body);
  if (errors.length > 0) invalid(`the body does not conform to beaconRequestBody: ${errors[0]!.path} ${errors[0]!.message}`, { path: errors[0]!.path });
  const b = body as Record<string, unknown>;
  const meta = b.meta as Record<string, unknown>;
  const query = isRecord(b.query) ? b.query : {};
  const filters = (Array.isArray(query.filters) ? query.filters : []) as Record<string, unknown>[];
  const params = isRecord(query.requestParameters) ? query.requestParameters : undefined;

  const unknownFilters: string[] = [];
  const groups = filterGroups(filters, unknownFilters);
  const fromFilters: Operation = { operand: 'OR', children: [{ operand: 'AND', children: groups.map((g) => ({ operand: 'OR', children: g })) }] };
  const extension = params?.ast === undefined ? undefined : parseAst(params.ast);
  const ast = extension === undefined ? fromFilters : groups.length === 0 ? extension : { operand: 'AND' as const, children: [fromFilters, extension] };
  return {
    ast: parseAst(ast), // the same depth and size limits as any query
    requestedGranularity: granularityOf(b),
    apiVersion: meta.apiVersion as string,
    filters: filters.map((f) => f.id as string),
    unknownFilters,
    requestedSchemas: (meta.requestedSchemas ?? []) as JsonObject[],
    pagination: (query.pagination ?? {}) as JsonObject,
    ...(params ? { requestParameters: params } : {}),
    ...(typeof query.testMode === 'boolean' ? { testMode: query.testMode } : {}),
  };
}

/** `id:<op><value>` in a GET `filters` list (Beacon filters.md: `age:>P70Y`); ids may hold colons themselves. */
function getFilter(raw: string): JsonObject {
  const m = /^(.+?):?(>=|<=|=|<|>|!)(.*)$/.exec(raw);
  return m ? { id: m[1], operator: m[2], value: m[3] } : { id: raw };
}

/**
 * The request body a GET `/individuals?filters=a,b&requestedGranularity=count` stands for; `ast` (the OR extension)
 * is the AST as URL-encoded JSON. Feed the result to {@link beaconRequestToAst}.
 * @example beaconGetRequestBody({ filters: 'SNOMEDCT:248152002,age:>=P50Y', requestedGranularity: 'count' })
 */
export function beaconGetRequestBody(params: Readonly<Record<string, string | readonly string[] | undefined>>): JsonObject {
  const list = (name: string): string[] => [params[name] ?? []].flat().flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const one = (name: string): string | undefined => list(name)[0];
  let ast: unknown;
  const astText = [params.ast ?? []].flat()[0];
  if (astText !== undefined) {
    try {
      ast = JSON.parse(astText);
    } catch {
      invalid('the ast parameter is not JSON');
    }
  }
  const skip = one('skip');
  const limit = one('limit');
  return {
    meta: { apiVersion: one('apiVersion') ?? BEACON_API_VERSION },
    query: {
      filters: list('filters').map(getFilter),
      ...(one('requestedGranularity') ? { requestedGranularity: one('requestedGranularity') } : {}),
      pagination: { ...(skip ? { skip: Number(skip) } : {}), ...(limit ? { limit: Number(limit) } : {}) },
      ...(ast !== undefined ? { requestParameters: { ast } } : {}),
      ...(one('testMode') ? { testMode: one('testMode') === 'true' } : {}),
    },
  };
}
