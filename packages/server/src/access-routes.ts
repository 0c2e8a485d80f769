/**
 * Governed access at the node over HTTP: the agreements it has on file (what its onboarding path requires
 * before a dataset is published, what is on file, what is missing; a steward files one as a raw upload), the
 * access permits it issued (list, one with its uses, revoke) and the permit check a data service calls before
 * it serves a researcher: public to sign-in, since the permit in the body is the credential; each check of a
 * permit this node issued is audited (USE_DATASETS) whatever it answers (permit-check.ts).
 */
import type { FastifyInstance } from 'fastify';
import { MAX_DOCUMENT_BYTES, PERMIT_ACTIONS, type PermitAction } from '@oncoatlas/access';
import { agreementStatus, fileAgreement } from '@oncoatlas/release';
import type { StudyLedger } from '@oncoatlas/store';
import { permitUses, permitView, requirePermit, revokePermit, type PermitContext } from './access/node-permits.ts';
import { checkPermit } from './access/permit-check.ts';
import { actorOf } from './auth/access-hook.ts';
import { registerDocumentUploads } from './raw-documents.ts';
import type { Serially } from './serial-queue.ts';

const problem = { $ref: 'Problem#' };
const nullableString = { type: ['string', 'null'] } as const;

const DOCUMENT_KIND = {
  type: 'object', additionalProperties: true, required: ['id', 'title'],
  properties: { id: { type: 'string' }, title: { type: 'string' }, hint: { type: 'string' }, expires: { type: 'boolean' }, requiredForPublication: { type: 'boolean' } },
} as const;

const AGREEMENT = {
  type: 'object', additionalProperties: false,
  required: ['id', 'kind', 'title', 'filename', 'sha256', 'source', 'state', 'validUntil', 'filedBy', 'filedAt', 'current', 'status'],
  properties: {
    id: { type: 'string' }, kind: { type: 'string' }, title: { type: 'string' }, filename: { type: 'string' }, sha256: { type: 'string' },
    source: { type: 'string', enum: ['node', 'hub'], description: 'filed at the node, or accepted at the hub\'s onboarding review (hash only)' },
    state: { type: 'string', enum: ['accepted', 'withdrawn'] },
    validUntil: { ...nullableString, description: 'YYYY-MM-DD after which it no longer counts' },
    filedBy: { type: 'string' }, filedAt: { type: 'string' },
    current: { type: 'boolean', description: 'the one that counts for its kind (the latest accepted)' },
    status: { type: 'string', enum: ['missing', 'submitted', 'accepted', 'rejected', 'expired'], description: 'its state now (accepted past validUntil: expired)' },
  },
} as const;

const AGREEMENTS = {
  type: 'object', additionalProperties: false, required: ['path', 'required', 'agreements', 'missing'],
  properties: {
    path: { type: 'string', enum: ['federated', 'transfer'] },
    required: { type: 'array', items: DOCUMENT_KIND, description: 'what publishing a dataset needs on this path' },
    agreements: { type: 'array', items: AGREEMENT, description: 'every agreement filed, newest first' },
    missing: { type: 'array', items: DOCUMENT_KIND, description: 'required and not on file (or expired): publishing is refused with AGREEMENT_MISSING' },
  },
} as const;

const PERMIT_PROPERTIES = {
  id: { type: 'string' }, node: { type: 'string' }, request: { type: 'string' }, resource: { type: 'string' }, researcher: { type: 'string' },
  dataset: { type: 'object', additionalProperties: false, required: ['uuid', 'id', 'version'], properties: { uuid: { type: 'string' }, id: { type: 'string' }, version: { type: 'integer' } } },
  purpose: { type: 'string' }, actions: { type: 'array', items: { type: 'string', enum: PERMIT_ACTIONS } },
  issuedAt: { type: 'string' }, expiresAt: { type: 'string' }, grantedBy: { type: 'string' },
  status: { type: 'string', enum: ['active', 'revoked', 'expired'] },
  revokedAt: nullableString, revokedBy: nullableString, reason: { ...nullableString, description: 'why it was revoked' },
} as const;

const PERMIT = { type: 'object', additionalProperties: false, properties: PERMIT_PROPERTIES } as const;

const USE = {
  type: 'object', additionalProperties: false, required: ['at', 'action', 'outcome', 'code'],
  properties: { at: { type: 'string' }, action: { type: 'string' }, outcome: { type: 'string', enum: ['allowed', 'refused'] }, code: nullableString },
} as const;

const PERMIT_ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9A-Za-z-]{1,64}$' } } } as const;

export interface AccessRoutesOptions {
  readonly ledger: StudyLedger;
  readonly dataDir: () => string;
  readonly serially: Serially;
  readonly version: string;
}

export async function registerAccessRoutes(api: FastifyInstance, o: AccessRoutesOptions): Promise<void> {
  const now = (): string => new Date().toISOString();
  const context = (): PermitContext => ({ ledger: o.ledger, dataDir: o.dataDir(), now });

  await registerDocumentUploads(api, (scope) => {
    scope.get('/agreements', {
      schema: { summary: 'The agreements publishing needs on this node\'s onboarding path, those on file, and those missing', tags: ['access'], response: { 200: AGREEMENTS, default: problem } },
    }, async () => agreementStatus(o.ledger, new Date()));

    scope.post<{ Querystring: { kind: string; filename: string; validUntil?: string }; Body: Buffer }>('/agreements', {
      bodyLimit: MAX_DOCUMENT_BYTES,
      schema: {
        summary: 'File an agreement (the document itself as the raw body: PDF, text, PNG, JPEG or octet-stream, up to 20 MiB)', tags: ['access'],
        querystring: {
          type: 'object', additionalProperties: false, required: ['kind', 'filename'],
          properties: { kind: { type: 'string', maxLength: 64 }, filename: { type: 'string', minLength: 1, maxLength: 255 }, validUntil: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
        },
        response: { 200: AGREEMENT, default: problem },
      },
    }, async (request) => {
      const by = actorOf(request);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { kind, filename, validUntil } = request.query;
      return o.serially(() => fileAgreement({ ledger: o.ledger, dataDir: o.dataDir(), kind, filename, bytes, validUntil, by, now }), 'serve: file agreement');
    });
  });

  api.get('/permits', {
    schema: { summary: 'The access permits this node issued, newest first', tags: ['access'], response: { 200: { type: 'object', additionalProperties: false, properties: { permits: { type: 'array', items: PERMIT } } }, default: problem } },
  }, async () => ({ permits: (await o.ledger.access.permits()).map((r) => permitView(r, Date.now())) }));

  api.get<{ Params: { id: string } }>('/permits/:id', {
    schema: {
      summary: 'One permit with every check of it (from the audit log)', tags: ['access'], params: PERMIT_ID_PARAMS,
      response: { 200: { type: 'object', additionalProperties: false, properties: { ...PERMIT_PROPERTIES, uses: { type: 'array', items: USE } } }, default: problem },
    },
  }, async (request) => {
    const row = await requirePermit(o.ledger, request.params.id);
    return { ...permitView(row, Date.now()), uses: await permitUses(o.ledger, row.id) };
  });

  api.post<{ Params: { id: string }; Body: { reason: string } }>('/permits/:id/revoke', {
    schema: {
      summary: 'Revoke a permit: its next check is refused (PERMIT_REVOKED)', tags: ['access'], params: PERMIT_ID_PARAMS,
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
      response: { 200: PERMIT, default: problem },
    },
  }, async (request) => {
    const by = actorOf(request);
    return o.serially(() => revokePermit(context(), request.params.id, { by, reason: request.body.reason }), 'serve: revoke permit');
  });

  api.post<{ Body: { permit: string; action: PermitAction; dataset?: string } }>('/permits/check', {
    schema: {
      summary: 'Check an access permit before a use: 200 when it allows the action (and dataset), else a 403 problem (PERMIT_INVALID, PERMIT_REVOKED, PERMIT_EXPIRED, PERMIT_NOT_APPLICABLE); every check of a permit this node issued is audited as USE_DATASETS',
      tags: ['access'], security: [],
      body: {
        type: 'object', additionalProperties: false, required: ['permit', 'action'],
        properties: { permit: { type: 'string', minLength: 1, maxLength: 16384, description: 'the permit (JWT) as the hub gave it' }, action: { type: 'string', enum: PERMIT_ACTIONS }, dataset: { type: 'string', maxLength: 64, description: 'the dataset\'s UUID' } },
      },
      response: { 200: { type: 'object', additionalProperties: false, required: ['valid', 'claims'], properties: { valid: { type: 'boolean', const: true }, claims: { type: 'object', additionalProperties: true } } }, default: problem },
    },
  }, async (request) => checkPermit({ ...context(), version: o.version }, request.body));
}
