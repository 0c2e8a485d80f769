/**
 * What people call at the hub: operators list, approve and revoke nodes; researchers dispatch queries, poll
 * their answers and see their privacy budget. Who may call each is in auth/roles.ts (HUB_ROUTE_ACCESS).
 */
import type { FastifyInstance } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { HARVEST_TASK_TYPE, ONBOARDING_TASK_TYPE, PERMIT_ISSUE_TASK, PERMIT_REVOKE_TASK, PERMIT_STATUS_TASK, type Hub, type NodeStatus } from '@oncoatlas/hub';
import { actorOf } from '../auth/access-hook.ts';

const HUB_SYSTEM_TASKS: readonly string[] = [HARVEST_TASK_TYPE, ONBOARDING_TASK_TYPE, PERMIT_ISSUE_TASK, PERMIT_REVOKE_TASK, PERMIT_STATUS_TASK];

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

export async function registerHubUserRoutes(api: FastifyInstance, hub: Hub, closing: AbortSignal): Promise<void> {
  api.get('/nodes', {
    schema: { summary: 'The nodes that joined, with their status', tags: ['nodes'], querystring: { type: 'object', additionalProperties: false, properties: { status: { enum: ['pending', 'approved', 'revoked'] } } } },
  }, async (request) => ({ nodes: await hub.nodes((request.query as { status?: NodeStatus }).status) }));
  api.post('/nodes/:id/approve', { schema: { summary: 'Approve a pending node', tags: ['nodes'], params: idParam } },
    async (request) => hub.approve((request.params as { id: string }).id, actorOf(request)));
  api.post('/nodes/:id/revoke', { schema: { summary: 'Revoke a node: no more tokens or tasks', tags: ['nodes'], params: idParam } },
    async (request) => hub.revoke((request.params as { id: string }).id, actorOf(request)));

  api.post('/queries', {
    schema: {
      summary: 'Dispatch a federated query to the nodes (spends ε from your budget); answered at GET /hub/api/queries/:id', tags: ['queries'],
      body: {
        type: 'object', additionalProperties: false, required: ['payload'], properties: {
          type: { type: 'string', maxLength: 100 }, payload: {}, nodes: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 100 } },
          deadlineMs: { type: 'integer', minimum: 100, maximum: 600_000 },
        },
      },
    },
  }, async (request, reply) => {
    const b = request.body as { type?: string; payload: unknown; nodes?: string[]; deadlineMs?: number };
    const type = b.type ?? 'count';
    // The hub's own tasks (harvests, onboarding statements, permits) are never a researcher's to send.
    if (HUB_SYSTEM_TASKS.includes(type)) throw oncoError('AUTH_FORBIDDEN', `Tasks of type ${type} are sent by the hub itself, not through this route.`);
    // Counts go only to nodes whose onboarding is approved (docs/access.md).
    const nodes = type === 'count' ? await hub.access.searchTargets(b.nodes) : b.nodes;
    const q = await hub.broker.dispatch({
      type, payload: b.payload, requester: actorOf(request),
      ...(nodes ? { nodes } : {}), ...(b.deadlineMs !== undefined ? { deadlineMs: b.deadlineMs } : {}),
    });
    return reply.code(202).send({ id: q.id, nodes: q.nodes, epsilon: q.epsilon });
  });

  api.get('/queries/:id', {
    schema: {
      summary: 'A query\'s answers so far; with `wait`, held until it is complete or partial (or `wait` s pass)', tags: ['queries'], params: idParam,
      querystring: { type: 'object', additionalProperties: false, properties: { wait: { type: 'integer', minimum: 0, maximum: 55 } } },
    },
  }, async (request, reply) => {
    const gone = new AbortController();
    reply.raw.once('close', () => gone.abort());
    const id = (request.params as { id: string }).id;
    const state = await hub.broker.state(id, { requester: actorOf(request), waitMs: ((request.query as { wait?: number }).wait ?? 0) * 1000, signal: AbortSignal.any([closing, gone.signal]) });
    return { id, ...state };
  });

  api.get('/budget', { schema: { summary: 'Your privacy budget (ε): total, spent and left in the window', tags: ['queries'] } },
    async (request) => hub.broker.budget(actorOf(request)));
}
