/**
 * samply Spot's API at the hub, so the unmodified @samply/lens explorer runs against it (`spotUrl = '/hub'`):
 * `POST /hub/beam {id, sites?, query}` dispatches the query to the nodes (spending the researcher's budget), and
 * `GET /hub/beam/:id` streams the nodes' answers as Server-Sent Events until every node replied or the deadline
 * passed. The client's id names the stream, so the hub keeps which query each of a researcher's ids dispatched.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { decodeSpotQuery, lensCatalogue, spotEvents, sseEvent } from '@oncoatlas/federation';
import type { DispatchedQuery, Hub } from '@oncoatlas/hub';
import { actorOf } from '../auth/access-hook.ts';

/** What the charts of the hub's search page break the counts down by. */
export const SPOT_STRATIFIERS = ['sex', 'modality', 'condition', 'body_part'] as const;
/** How long a dispatched query's stream may still be opened after its deadline. */
const KEEP_AFTER_DEADLINE_MS = 10 * 60_000;
/** A bound on the streams remembered at once, whatever clients send (the oldest is forgotten first). */
const MAX_REMEMBERED = 10_000;

/** Each researcher's client ids → the query they dispatched, forgotten a while after its deadline. */
class SpotStreams {
  readonly #by = new Map<string, { query: DispatchedQuery; forgetAt: number }>();

  remember(requester: string, clientId: string, query: DispatchedQuery, deadlineMs: number): void {
    const now = Date.now();
    for (const [k, v] of this.#by) if (v.forgetAt < now || this.#by.size >= MAX_REMEMBERED) this.#by.delete(k);
    const key = `${requester}\n${clientId}`;
    // A reused id starts a new stream: Map order is insertion order, so it moves to the end.
    this.#by.delete(key);
    this.#by.set(key, { query, forgetAt: now + deadlineMs + KEEP_AFTER_DEADLINE_MS });
  }

  find(requester: string, clientId: string): DispatchedQuery {
    const found = this.#by.get(`${requester}\n${clientId}`);
    if (!found || found.forgetAt < Date.now()) throw oncoError('HUB_QUERY_NOT_FOUND', 'No search with that id from you at this hub: send it with POST /hub/beam first.');
    return found.query;
  }
}

/** Aborted when the client goes away or the server closes, so a stream stops waiting on nodes for no one. */
export function untilGone(reply: FastifyReply, closing: AbortSignal): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => gone.abort());
  return AbortSignal.any([closing, gone.signal]);
}

export async function registerHubSpotRoutes(app: FastifyInstance, hub: Hub, o: { readonly deadlineMs: number; readonly closing: AbortSignal }): Promise<void> {
  const streams = new SpotStreams();
  const hubLabel = hub.identity().hubId.replace(/[^A-Za-z0-9.-]/g, '-');

  app.get('/hub/api/lens/catalogue', { schema: { summary: 'The search keys as a samply Lens catalogue (EUCAIM keys and values)', tags: ['queries'] } },
    async (_request, reply) => reply.header('cache-control', 'private, max-age=3600').send(lensCatalogue()));

  app.post('/hub/beam', {
    schema: {
      summary: 'samply Spot: dispatch a Lens query to the nodes (spends ε from your budget); its answers stream at GET /hub/beam/:id', tags: ['queries'],
      body: {
        type: 'object', additionalProperties: true, required: ['id', 'query'], properties: {
          id: { type: 'string', maxLength: 128 }, sites: { type: ['array', 'null'], maxItems: 500, items: { type: 'string', maxLength: 64 } }, query: { type: 'string' },
        },
      },
    },
  }, async (request, reply) => {
    const spot = decodeSpotQuery(request.body);
    const requester = actorOf(request);
    const query = await hub.broker.dispatch({
      type: 'count', payload: { ast: spot.ast, stratifiers: SPOT_STRATIFIERS, requester }, requester, deadlineMs: o.deadlineMs,
      // Only nodes whose onboarding is approved are searched (docs/access.md).
      nodes: await hub.access.searchTargets(spot.sites ?? undefined),
    });
    streams.remember(requester, spot.id, query, o.deadlineMs);
    return reply.code(201).send({ id: spot.id, nodes: query.nodes, epsilon: query.epsilon });
  });

  app.get('/hub/beam/:id', {
    schema: {
      summary: 'samply Spot: the answers of a dispatched query as Server-Sent Events `new_result`, ending when all nodes replied or at the deadline', tags: ['queries'],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 128 } } },
      // Lens sends how many sites it asked; the stream ends on the broker's own outcome, so it is only read.
      querystring: { type: 'object', additionalProperties: true, properties: { wait_count: { type: 'integer', minimum: 0 } } },
    },
  }, async (request, reply) => {
    const q = streams.find(actorOf(request), (request.params as { id: string }).id);
    const signal = untilGone(reply, o.closing);
    const events = spotEvents({
      task: (request.params as { id: string }).id, hub: hubLabel, nodes: q.nodes, replies: q.replies(signal),
      missing: async () => (await q.outcome(signal)).missing,
    });
    async function* frames(): AsyncGenerator<string> {
      for await (const e of events) yield sseEvent(e);
    }
    return reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no')
      .send(Readable.from(frames(), { objectMode: false }));
  });
}
