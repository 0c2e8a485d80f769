/**
 * Governed access at the hub, under /hub/api/access (docs/access.md): onboarding of data holders with their
 * documents and review steps, access requests with the application form, documents, events and messages,
 * notifications, and permits. Thin wiring over hub.access (@oncoatlas/hub); who may call each route is in
 * auth/roles.ts (HUB_ROUTE_ACCESS), and what a caller may do on one request or onboarding is the service's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_MESSAGE_CHARS, type AccessConditions, type Hub, type NewOnboarding, type NewRequest } from '@oncoatlas/hub';
import { MAX_DOCUMENT_BYTES, type RequestEvent, type ResourceEvent } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import { callerOf } from '../auth/access-hook.ts';
import { attachment } from '../http/attachment.ts';
import { registerDocumentUploads } from '../raw-documents.ts';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const idParam = { type: 'object', required: ['id'], properties: { id } } as const;
const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
const uploadQuery = (kind: object) => ({
  type: 'object', additionalProperties: false, required: ['kind', 'filename'],
  properties: { kind, filename: { type: 'string', minLength: 1, maxLength: 255 }, validUntil: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
}) as const;
const CONDITIONS = {
  type: 'object', additionalProperties: false, required: ['text', 'actions', 'expiresAt'],
  properties: { text: text(5000), actions: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 40 } }, expiresAt: { type: 'string', maxLength: 40 } },
} as const;

function uploadOf(request: FastifyRequest): { kind: string; filename: string; validUntil?: string; mediaType: string; bytes: Buffer } {
  const q = request.query as { kind: string; filename: string; validUntil?: string };
  const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { kind: q.kind, filename: q.filename, ...(q.validUntil ? { validUntil: q.validUntil } : {}), mediaType: request.headers['content-type'] ?? '', bytes };
}

export async function registerHubAccessRoutes(api: FastifyInstance, hub: Hub): Promise<void> {
  const access = hub.access;
  const tags = ['access'];

  api.get('/checklists', { schema: { summary: 'The onboarding checklists per path, a request\'s documents, and the review steps', tags } }, async () => access.checklists());
  api.get('/form-schema', { schema: { summary: 'The access application form: its one JSON Schema (with its six sections)', tags } }, async () => access.formSchema());

  // onboarding
  api.post('/onboardings', {
    schema: {
      summary: 'Start a data holder\'s onboarding for a node (you become its representative)', tags,
      body: {
        type: 'object', additionalProperties: false, required: ['node', 'path', 'organisation', 'contact'], properties: {
          node: id, path: { enum: ['transfer', 'federated'] }, organisation: { type: 'string', minLength: 1, maxLength: 300 },
          contact: { type: 'object', additionalProperties: false, required: ['name', 'email'], properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, email: { type: 'string', format: 'email', maxLength: 254 } } },
        },
      },
    },
  }, async (request, reply) => reply.code(201).send(await access.onboarding.create(callerOf(request), request.body as NewOnboarding)));
  api.get('/onboardings', { schema: { summary: 'Onboardings: a steward\'s own nodes\'; all for the committee and the operator', tags } }, async (request) => access.onboarding.list(callerOf(request)));
  api.get('/onboardings/:id', { schema: { summary: 'An onboarding with its checklist, review steps and what you may do', tags, params: idParam } },
    async (request) => access.onboarding.view(callerOf(request), (request.params as { id: string }).id));
  api.post('/onboardings/:id/submit', { schema: { summary: 'Submit the onboarding for review (refused naming missing documents)', tags, params: idParam } },
    async (request) => access.onboarding.submit(callerOf(request), (request.params as { id: string }).id));
  api.post('/onboardings/:id/reviews', {
    schema: {
      summary: 'Decide the next review step (its board only; a reason for reject and return)', tags, params: idParam,
      body: { type: 'object', additionalProperties: false, required: ['step', 'decision'], properties: { step: text(64), decision: { enum: ['approve', 'reject', 'return'] }, reason: text(2000) } },
    },
  }, async (request) => access.onboarding.review(callerOf(request), (request.params as { id: string }).id, request.body as { step: string; decision: 'approve' | 'reject' | 'return'; reason?: string }));
  api.post('/documents/:id/decision', {
    schema: {
      summary: 'Accept or reject a document (a reason for a rejection)', tags, params: idParam,
      body: { type: 'object', additionalProperties: false, required: ['decision'], properties: { decision: { enum: ['accept', 'reject'] }, reason: text(2000), validUntil: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } } },
    },
  }, async (request) => (await access.onboarding.decideDocument(callerOf(request), (request.params as { id: string }).id, request.body as { decision: 'accept' | 'reject'; reason?: string; validUntil?: string })).document);
  api.get('/documents/:id/content', { schema: { summary: 'A document\'s bytes (for the parties of its onboarding or request)', tags, params: idParam } }, async (request, reply) => {
    const { document, bytes } = await access.documentContent(callerOf(request), (request.params as { id: string }).id);
    return reply.header('content-type', document.mediaType).header('content-disposition', attachment(document.filename))
      .header('cache-control', 'private, no-store').send(bytes);
  });

  await registerDocumentUploads(api, (scope) => {
    scope.post('/onboardings/:id/documents', {
      bodyLimit: MAX_DOCUMENT_BYTES,
      schema: { summary: 'File a document of the onboarding\'s checklist (the raw body: PDF, text, PNG, JPEG or octet-stream, up to 20 MiB)', tags, params: idParam, querystring: uploadQuery(text(64)) },
    }, async (request, reply) => reply.code(201).send(await access.onboarding.upload(callerOf(request), (request.params as { id: string }).id, uploadOf(request))));
    scope.post('/requests/:id/documents', {
      bodyLimit: MAX_DOCUMENT_BYTES,
      schema: { summary: 'Attach a document to your request (ethics-approval, dpia or other; the raw body)', tags, params: idParam, querystring: uploadQuery({ enum: ['ethics-approval', 'dpia', 'other'] }) },
    }, async (request, reply) => {
      const u = uploadOf(request);
      if (u.validUntil !== undefined) throw oncoError('USAGE', 'A request\'s documents take no validUntil.');
      return reply.code(201).send(await access.requests.upload(callerOf(request), (request.params as { id: string }).id, u));
    });
  });

  // requests
  api.post('/requests', {
    schema: {
      summary: 'Make an access request (a draft) for datasets at onboarded nodes, e.g. from the cart', tags,
      body: {
        type: 'object', additionalProperties: false, required: ['resources'], properties: {
          title: text(200), query: {},
          resources: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'object', additionalProperties: false, required: ['node', 'dataset', 'name'], properties: { node: id, dataset: id, name: { type: 'string', minLength: 1, maxLength: 300 } } } },
        },
      },
    },
  }, async (request, reply) => reply.code(201).send(await access.requests.create(callerOf(request), request.body as NewRequest)));
  api.get('/requests', { schema: { summary: 'Requests: your own; the committee\'s queue; a steward\'s resources', tags } }, async (request) => access.requests.list(callerOf(request)));
  api.get('/requests/:id', { schema: { summary: 'A request with its form, documents, resources, history and what you may do', tags, params: idParam } },
    async (request) => access.requests.view(callerOf(request), (request.params as { id: string }).id));
  api.put('/requests/:id/form', { schema: { summary: 'Save the application form of your draft (partial allowed; validated against the form schema)', tags, params: idParam, body: { type: 'object' } } },
    async (request) => access.requests.saveForm(callerOf(request), (request.params as { id: string }).id, request.body));
  api.post('/requests/:id/events', {
    schema: { summary: 'Move the request (SUBMIT, APPROVE, DECLINE, PAUSE, UNPAUSE, ABANDON, CONCLUDE)', tags, params: idParam, body: { type: 'object', additionalProperties: false, required: ['event'], properties: { event: text(64), reason: text(2000) } } },
  }, async (request) => access.requests.event(callerOf(request), (request.params as { id: string }).id, request.body as { event: RequestEvent; reason?: string }));
  api.post('/requests/:id/resources/:rid/events', {
    schema: {
      summary: 'Move one requested resource (the holder\'s decisions; GRANT_ACCESS_TO_RESOURCE has the node issue a permit)', tags,
      params: { type: 'object', required: ['id', 'rid'], properties: { id, rid: id } },
      body: { type: 'object', additionalProperties: false, required: ['event'], properties: { event: text(64), reason: text(2000), conditions: CONDITIONS } },
    },
  }, async (request) => {
    const p = request.params as { id: string; rid: string };
    const caller = callerOf(request);
    await access.resources.event(caller, p.id, p.rid, request.body as { event: ResourceEvent; reason?: string; conditions?: AccessConditions });
    return access.requests.view(caller, p.id);
  });
  api.get('/requests/:id/messages', { schema: { summary: 'The messages of a request you may read', tags, params: idParam } },
    async (request) => access.messages.list(callerOf(request), (request.params as { id: string }).id));
  api.post('/requests/:id/messages', {
    schema: { summary: 'Write to the parties of a request (all, the committee, or one node\'s representatives)', tags, params: idParam, body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: MAX_MESSAGE_CHARS }, audience: text(100) } } },
  }, async (request, reply) => reply.code(201).send(await access.messages.post(callerOf(request), (request.params as { id: string }).id, request.body as { text: string; audience?: string })));

  // notifications and permits
  api.get('/notifications', { schema: { summary: 'Your notifications, newest first, and how many are unread', tags } }, async (request) => access.notifications.list(callerOf(request)));
  api.post('/notifications/:id/read', { schema: { summary: 'Mark one of your notifications read', tags, params: idParam } }, async (request, reply) => {
    if (!(await access.notifications.markRead(callerOf(request), (request.params as { id: string }).id))) throw oncoError('ACCESS_NOT_FOUND', 'No notification of yours with that id.');
    return reply.code(204).send();
  });
  api.get('/permits', { schema: { summary: 'Permits: a researcher\'s own, a steward\'s nodes\', all for the committee and the operator', tags } }, async (request) => access.resources.permits(callerOf(request)));
  api.get('/permits/:id', { schema: { summary: 'A permit, with its live status and uses as its node reports them (live null when the node did not answer)', tags, params: idParam } },
    async (request) => access.resources.permit(callerOf(request), (request.params as { id: string }).id));
  api.get('/permits/:id/token', { schema: { summary: 'Your signed permit (the JWT the node checks), for the researcher it names only', tags, params: idParam } },
    async (request) => access.resources.token(callerOf(request), (request.params as { id: string }).id));
  api.post('/permits/:id/revoke', {
    schema: { summary: 'Revoke a permit at its node (the committee or the operator; a reason)', tags, params: idParam, body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } } },
  }, async (request) => access.resources.revoke(callerOf(request), (request.params as { id: string }).id, (request.body as { reason: string }).reason));
}
