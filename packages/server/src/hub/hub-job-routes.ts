/**
 * Federated jobs at the hub, under /hub/api/jobs (docs/jobs.md, "Federated jobs"): a researcher sends a tool to
 * the datasets of their own permits that allow federated-job, follows each node's part, and reads the combined
 * released result. Thin wiring over FederatedJobs (@oncoatlas/hub), whose poller runs for the server's lifetime.
 * Who may call each route is in auth/roles.ts (HUB_ROUTE_ACCESS): researchers, each seeing their own jobs only.
 */
import type { FastifyInstance } from 'fastify';
import { FederatedJobs, MAX_JOB_ARGS, MAX_JOB_PERMITS, type Hub, type NewFederatedJob } from '@oncoatlas/hub';
import { builtInTools } from '@oncoatlas/jobs';
import { callerOf } from '../auth/access-hook.ts';
import { attachment } from '../http/attachment.ts';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const idParam = { type: 'object', required: ['id'], properties: { id } } as const;

/** The tools every node ships (a node's steward may add others, known at that node only). */
function sharedTools(): { name: string; version: string; description: string; usage: string; sha256: string }[] {
  return builtInTools().map((t) => ({ name: t.name, version: t.version, description: t.description, usage: t.usage, sha256: t.sha256 }));
}

/**
 * @example
 * await app.register((api) => registerHubJobRoutes(api, hub, { pollMs: 5000 }), { prefix: '/hub/api' });
 */
export async function registerHubJobRoutes(api: FastifyInstance, hub: Hub, o: { readonly pollMs?: number } = {}): Promise<void> {
  const jobs = new FederatedJobs({ store: hub.store, broker: hub.broker, ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}) });
  const stop = jobs.start((err) => api.log.warn({ code: (err as { code?: string }).code ?? 'INTERNAL' }, 'federated job poll failed; retried at the next tick'));
  api.addHook('onClose', async () => stop());
  const tags = ['jobs'];

  api.get('/jobs/tools', { schema: { summary: 'The tools every node ships, with their usage (a node may allow more)', tags } }, async () => ({ tools: sharedTools() }));
  api.post('/jobs', {
    schema: {
      summary: 'Send a job to the datasets of your permits that allow federated-job (each node checks its permit, runs the tool, reviews the outputs)', tags,
      body: {
        type: 'object', additionalProperties: false, required: ['tool', 'permits'], properties: {
          tool: { type: 'string', minLength: 1, maxLength: 130 },
          args: { type: 'array', maxItems: MAX_JOB_ARGS, items: { type: 'string', maxLength: 1000 } },
          permits: { type: 'array', minItems: 1, maxItems: MAX_JOB_PERMITS, items: id },
        },
      },
    },
  }, async (request, reply) => reply.code(201).send(await jobs.submit(callerOf(request), request.body as NewFederatedJob)));
  api.get('/jobs', { schema: { summary: 'Your federated jobs, newest first, with how many nodes\' parts are in each state', tags } }, async (request) => jobs.list(callerOf(request)));
  api.get('/jobs/:id', { schema: { summary: 'A federated job and each node\'s part: queued, running, awaiting-review, released, refused or failed, with the node\'s reason', tags, params: idParam } },
    async (request) => jobs.view(callerOf(request), (request.params as { id: string }).id));
  api.get('/jobs/:id/result', { schema: { summary: 'The combined result of the nodes that released outputs: same-header tables joined with a leading node column, other files per node', tags, params: idParam } },
    async (request) => jobs.result(callerOf(request), (request.params as { id: string }).id));
  api.get('/jobs/:id/result/:name', {
    schema: {
      summary: 'One file of the combined result, as a download (node: which node\'s file, when each sent its own)', tags,
      params: { type: 'object', required: ['id', 'name'], properties: { id, name: { type: 'string', minLength: 1, maxLength: 255 } } },
      querystring: { type: 'object', additionalProperties: false, properties: { node: { type: 'string', minLength: 1, maxLength: 300 } } },
    },
  }, async (request, reply) => {
    const p = request.params as { id: string; name: string };
    const { file, bytes } = await jobs.resultFile(callerOf(request), p.id, p.name, (request.query as { node?: string }).node);
    return reply.header('content-type', file.contentType).header('content-disposition', attachment(file.name, 'result'))
      .header('cache-control', 'private, no-store').send(bytes);
  });
}
