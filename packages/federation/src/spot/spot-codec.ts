/**
 * The hub's side of samply Spot's wire format (reference §6.2), so the unmodified @samply/lens explorer runs
 * against the hub: `POST /beam {id, sites?, query}` where `query` is base64 of `{lang:"ast", query: base64 of
 * {ast, id}}`, answered by Server-Sent Events `new_result` carrying `{task, from, to, status, body}` with the site
 * as the 2nd dotted label of `from` and `body` the base64 JSON of a node's answer. Pure: the route streams what
 * `spotEvents` yields. The browser half is packages/web/src/hub/spot-codec.ts; test/spot-protocol.test.ts holds
 * the two to one format.
 */
import { oncoError } from '@oncoatlas/core';
import { parseAst, type Operation } from '../ast.ts';

/** Beam's work status as Lens reads it: only `succeeded` carries an answer. */
export type SpotStatus = 'claimed' | 'succeeded' | 'tempfailed' | 'permafailed';

export interface SpotResult {
  /** The id the client chose in its `POST /beam`. */
  readonly task: string;
  /** `focus.<node>.broker.<hub>`: Lens takes the 2nd dotted label as the site. */
  readonly from: string;
  readonly to: readonly string[];
  readonly status: SpotStatus;
  /** Base64 of the UTF-8 JSON of the node's answer (succeeded) or of `{reason}` (failed). */
  readonly body: string;
}

export interface SpotQuery {
  /** The id the client chose: it names the result stream `GET /beam/<id>`. */
  readonly id: string;
  /** Sites (node ids) to ask; undefined lets the hub ask every approved node. */
  readonly sites: readonly string[] | undefined;
  readonly ast: Operation;
  /** The id inside the AST envelope (Lens: `<uuid>__search__<uuid>`); informational only. */
  readonly queryId: string;
}

/** Lens and Focus agree on the lowercase-uuid shape; anything printable and short is accepted as a stream id. */
const ID = /^[A-Za-z0-9_-]{1,128}$/;
/** A node id must survive being a DNS-like label in `from`: no dots. */
const SITE = /^[A-Za-z0-9_-]{1,64}$/;
/** Bigger than any AST MAX_AST_CONDITIONS allows; refuses a memory bomb before base64 decoding it. */
const MAX_QUERY_CHARS = 256 * 1024;

function invalid(problem: string): never {
  throw oncoError('FEDERATION_INVALID_QUERY', `Spot query: ${problem}`);
}

/** UTF-8 safe, the same in Node and in browsers (btoa alone throws on non-Latin-1 text). */
export function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * EUCAIM's own explorer encodes with `btoa(decodeURI(json))`, i.e. Latin-1, not UTF-8: such bytes are read as
 * Latin-1 rather than refused, so its queries work here too.
 */
export function fromBase64(b64: string): string {
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return invalid('not base64');
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return binary;
  }
}

function jsonOf(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return invalid(`${what} is not JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(`${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

/**
 * Lens's getAst() differs from Focus's grammar in two ways the nodes' parser refuses: its operation layers carry
 * the `key` of their conditions (a node with `key` reads as a condition), and a range with one side left open
 * ('age ≥ 50') has only `min` or `max`. Operations lose the key; the open side becomes the widest safe integer.
 */
export function fromLensAst(node: unknown): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const n = node as Record<string, unknown>;
  if (typeof n.operand === 'string' && Array.isArray(n.children)) return { operand: n.operand, children: n.children.map(fromLensAst) };
  if (n.type !== 'BETWEEN' || typeof n.value !== 'object' || n.value === null) return node;
  const { min, max } = n.value as { min?: unknown; max?: unknown };
  if ((min !== undefined && typeof min !== 'number') || (max !== undefined && typeof max !== 'number')) return node;
  return { ...n, value: { min: min ?? -Number.MAX_SAFE_INTEGER, max: max ?? Number.MAX_SAFE_INTEGER } };
}

/**
 * The `query` string of a Spot request for an AST, as the browser builds it for Lens's `querySpot`.
 * @example encodeSpotQuery({ operand: 'OR', children: [] }, 'q1') // base64 of {"lang":"ast","query":"<base64 of {ast,id}>"}
 */
export function encodeSpotQuery(ast: Operation, id: string): string {
  return toBase64(JSON.stringify({ lang: 'ast', query: toBase64(JSON.stringify({ ast, id })) }));
}

/**
 * Reads and validates a `POST /beam` body. Throws FEDERATION_INVALID_QUERY for anything but an AST query.
 * @example decodeSpotQuery({ id: 'q1', query: encodeSpotQuery(ast, 'q1') }).ast
 */
export function decodeSpotQuery(body: unknown): SpotQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('the request body is not a JSON object');
  const { id, sites, query } = body as Record<string, unknown>;
  if (typeof id !== 'string' || !ID.test(id)) invalid('id must be 1-128 letters, digits, "-" or "_"');
  if (sites !== undefined && sites !== null && (!Array.isArray(sites) || !sites.every((s) => typeof s === 'string' && SITE.test(s)))) {
    invalid('sites must be a list of node ids');
  }
  if (typeof query !== 'string' || query.length === 0 || query.length > MAX_QUERY_CHARS) invalid(`query must be a non-empty base64 string of at most ${MAX_QUERY_CHARS} characters`);
  const envelope = jsonOf(fromBase64(query), 'the query envelope');
  if (envelope.lang !== 'ast') invalid(`language ${JSON.stringify(envelope.lang)} is not supported (only "ast")`);
  // `payload` is how some Spot deployments name the inner field; Focus's IntermediateRepQuery says `query`.
  const inner = envelope.query ?? envelope.payload;
  if (typeof inner !== 'string') invalid('the envelope holds no base64 query');
  const parsed = jsonOf(fromBase64(inner), 'the AST');
  const queryId = typeof parsed.id === 'string' ? parsed.id : id;
  return { id, sites: Array.isArray(sites) ? [...new Set(sites as string[])] : undefined, ast: parseAst(fromLensAst(parsed.ast)), queryId };
}

/** The Beam address of a node's Focus at this hub; `hub` is a label (its dots are kept, they come after the site). */
export function spotAddress(nodeId: string, hub: string): string {
  if (!SITE.test(nodeId)) throw oncoError('INTERNAL', 'A node id cannot be a Spot site label (letters, digits, "-" or "_" only).');
  return `focus.${nodeId}.broker.${hub}`;
}

/** The site Lens reads from an address: its second dotted label. */
export function siteOfAddress(from: string): string {
  return from.split('.')[1] ?? from;
}

export interface SpotResultInput {
  readonly task: string;
  readonly node: string;
  readonly hub: string;
  readonly status: SpotStatus;
  readonly body?: unknown;
}

export function spotResult(r: SpotResultInput): SpotResult {
  return { task: r.task, from: spotAddress(r.node, r.hub), to: [`spot.broker.${r.hub}`], status: r.status, body: r.body === undefined ? '' : toBase64(JSON.stringify(r.body)) };
}

/** One Server-Sent Event as Lens's EventSource listens for it (`new_result`); JSON has no raw newlines. */
export function sseEvent(result: SpotResult, event = 'new_result'): string {
  return `event: ${event}\ndata: ${JSON.stringify(result)}\n\n`;
}

/** A node's reply as the broker hands it out. */
export interface NodeReplyLike {
  readonly node: string;
  readonly status: 'succeeded' | 'failed';
  readonly body: unknown;
}

export interface SpotEventsInput {
  readonly task: string;
  readonly hub: string;
  /** Every node asked. */
  readonly nodes: readonly string[];
  readonly replies: AsyncIterable<NodeReplyLike>;
  /** Nodes that had not replied when the query ended (its deadline). */
  readonly missing: () => Promise<readonly string[]>;
}

/**
 * The result stream of one query: `claimed` for every node asked (so Lens shows a row "loading" per node at
 * once), each reply as it arrives (`succeeded` with the answer, `permafailed` when the node reported a failure),
 * and `tempfailed` with `{reason: "deadline"}` for each node still silent at the deadline. The stream then ends,
 * which closes Lens's EventSource.
 */
export async function* spotEvents(q: SpotEventsInput): AsyncGenerator<SpotResult> {
  const base = { task: q.task, hub: q.hub };
  for (const node of q.nodes) yield spotResult({ ...base, node, status: 'claimed' });
  const answered = new Set<string>();
  for await (const r of q.replies) {
    answered.add(r.node);
    yield spotResult({ ...base, node: r.node, status: r.status === 'succeeded' ? 'succeeded' : 'permafailed', body: r.status === 'succeeded' ? r.body : { reason: 'failed', detail: r.body } });
  }
  for (const node of await q.missing()) {
    if (!answered.has(node)) yield spotResult({ ...base, node, status: 'tempfailed', body: { reason: 'deadline' } });
  }
}
