/**
 * What a node's agent calls, always outbound from the node: the hub's identity (pinned at join), join,
 * token exchange, the long poll for tasks and the result post. A node is no signed-in user: these routes
 * are 'public' to the access hook and check the node's own access token here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import type { Hub } from '@oncoatlas/hub';

/** The longest a long poll is held: under common proxies' idle timeouts. */
const MAX_WAIT_S = 55;

async function agentOf(hub: Hub, request: FastifyRequest): Promise<string> {
  const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!m) throw oncoError('HUB_CREDENTIAL_INVALID', 'The agent sent no access token: exchange an assertion at POST /hub/api/agent/token first.');
  return hub.authenticateAgent(m[1]!);
}

const jwk = { type: 'object', additionalProperties: true, required: ['kty'], properties: { kty: { type: 'string' } } } as const;

export async function registerHubAgentRoutes(api: FastifyInstance, hub: Hub, closing: AbortSignal): Promise<void> {
  api.get('/identity', { schema: { summary: 'The hub\'s id and Ed25519 public key (a node pins it at join)', tags: ['agent'] } }, async () => hub.identity());

  api.post('/nodes/join', {
    schema: {
      summary: 'A node asks to join (pending until an operator approves it)', tags: ['agent'],
      body: { type: 'object', additionalProperties: false, required: ['publicKey', 'proof'], properties: { name: { type: 'string', maxLength: 200 }, publicKey: jwk, proof: { type: 'string', maxLength: 4096 } } },
    },
  }, async (request, reply) => {
    const body = request.body as { publicKey: never; proof: string };
    const node = await hub.join({ publicKey: body.publicKey, proof: body.proof });
    return reply.code(node.status === 'pending' ? 202 : 200).send(node);
  });

  api.post('/agent/token', {
    schema: {
      summary: 'Exchange a node\'s signed assertion (≤ 60 s, single use) for an access token of ~10 minutes', tags: ['agent'],
      body: { type: 'object', additionalProperties: false, required: ['assertion'], properties: { assertion: { type: 'string', maxLength: 4096 } } },
    },
  }, async (request) => hub.issueToken((request.body as { assertion: string }).assertion));

  api.get('/agent/tasks', {
    schema: {
      summary: 'Long poll: the node\'s tasks, signed by the hub; held until one arrives or `wait` seconds pass', tags: ['agent'],
      querystring: { type: 'object', additionalProperties: false, properties: { wait: { type: 'integer', minimum: 0, maximum: MAX_WAIT_S } } },
    },
  }, async (request, reply) => {
    const node = await agentOf(hub, request);
    // A poll whose caller went away stops waiting (and claims nothing more).
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    const wait = (request.query as { wait?: number }).wait ?? 0;
    return { tasks: await hub.broker.takeTasks(node, wait * 1000, AbortSignal.any([closing, gone.signal])) };
  });

  api.post('/agent/tasks/:id/result', {
    schema: {
      summary: 'The node\'s result of one of its tasks', tags: ['agent'],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
      body: { type: 'object', additionalProperties: false, required: ['status'], properties: { status: { enum: ['succeeded', 'failed'] }, body: {} } },
    },
  }, async (request, reply) => {
    const node = await agentOf(hub, request);
    const b = request.body as { status: 'succeeded' | 'failed'; body?: unknown };
    await hub.broker.reply(node, (request.params as { id: string }).id, { status: b.status, body: b.body ?? null });
    return reply.code(204).send();
  });
}
