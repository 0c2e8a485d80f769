/**
 * EUCAIM's Focus mediator contract on the node (reference §6.2, `ENDPOINT_TYPE=omop`): Focus POSTs the Ast JSON
 * `{ast, id}` with its configured `AUTH_HEADER` and reads back `{collections, total, …}`. So an existing EUCAIM
 * explorer can query the node through its own Beam and Focus, with the same disclosure-controlled answer the
 * hub gets. The route is 'public' to user sign-in (Focus is no user): it checks the node's Focus token here, and
 * without one configured it answers as an endpoint that does not exist.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { fromLensAst } from '@oncoatlas/federation';

export interface FocusOptions {
  /** The shared secret Focus sends (its AUTH_HEADER `Bearer T`, `Secret T`, `ApiKey T`, or `T`); none disables the route. */
  readonly token?: string;
  /** The node's answerer (the same one its hub agent uses). */
  readonly answer: (request: { readonly ast: unknown; readonly requester: string }) => Promise<unknown>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Whether the header carries the token, compared in constant time whatever its scheme word. */
export function focusAuthorized(header: string | undefined, token: string): boolean {
  const presented = (header ?? '').trim().split(/\s+/).at(-1) ?? '';
  return presented !== '' && timingSafeEqual(digest(presented), digest(token));
}

export async function registerFocusRoutes(api: FastifyInstance, o: FocusOptions | undefined): Promise<void> {
  api.post('/federation/focus', {
    schema: {
      summary: 'EUCAIM Focus mediator contract: a count query as Focus\'s Ast JSON, answered with disclosure-controlled counts', tags: ['federation'],
      security: [],
      body: { type: 'object', additionalProperties: true, required: ['ast'], properties: { ast: { type: 'object' }, id: { type: 'string', maxLength: 300 } } },
    },
    // Before the body is read: a caller without the token learns nothing of the route's input rules.
    onRequest: async (request) => {
      if (!o?.token) throw oncoError('FEDERATION_FOCUS_DISABLED', 'This node has no Focus endpoint: its operator starts oncoatlas serve with --focus-token-file to open it.');
      if (!focusAuthorized(request.headers.authorization, o.token)) throw oncoError('FEDERATION_UNAUTHORIZED', 'Send the Focus token this node was given, as Authorization: Bearer <token> (or Focus\'s AUTH_HEADER).');
    },
  }, async (request) => {
    if (!o) throw oncoError('INTERNAL', 'The Focus route ran without its options.');
    return o.answer({ ast: fromLensAst((request.body as { ast: unknown }).ast), requester: 'focus' });
  });
}
