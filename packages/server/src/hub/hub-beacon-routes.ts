/**
 * The hub's GA4GH Beacon v2 facade at `/beacon/v2` (docs/beacon.md): the informational documents are public; an
 * `/individuals` question is dispatched to the nodes like a Lens query, spending the signed-in researcher's
 * privacy budget, and answered at the deadline (or sooner, once every node replied) with the SUM of the totals
 * the nodes released through their own disclosure control. Every error is a beaconErrorResponse.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import {
  beaconConfiguration, beaconErrorResponse, beaconGetRequestBody, beaconIndividualsResponse, beaconInfo, beaconMap, beaconRequestToAst, filteringTerms,
  type BeaconHub, type BeaconQueryPlan,
} from '@oncoatlas/federation';
import type { Hub, NodeReply } from '@oncoatlas/hub';
import { actorOf } from '../auth/access-hook.ts';
import { problemOf } from '../problem-details.ts';
import { untilGone } from './hub-spot-routes.ts';

/** What the hub says of itself as a beacon; `baseUrl` defaults to the hub's public URL (or the request's host). */
export type BeaconSettings = Omit<BeaconHub, 'baseUrl'> & { readonly baseUrl?: string };

export const DEFAULT_BEACON: BeaconSettings = {
  id: 'org.oncoatlas.hub', name: 'OncoAtlas hub', environment: 'test',
  organization: { id: 'oncoatlas', name: 'OncoAtlas', description: 'A federated cancer imaging atlas: counts of patients with imaging studies at its nodes.' },
};

/**
 * A node's released total of individuals (subjects), or undefined when its reply holds none. A small count the
 * node released as its threshold (or as 0, by its policy) enters the sum as released: the hub never sees more.
 */
export function releasedSubjects(reply: NodeReply): number | undefined {
  if (reply.status !== 'succeeded') return undefined;
  const n = (reply.body as { total?: { subjects_count?: unknown } } | null)?.total?.subjects_count;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export async function registerHubBeaconRoutes(app: FastifyInstance, hub: Hub, o: { readonly deadlineMs: number; readonly closing: AbortSignal; readonly publicUrl?: string; readonly beacon?: BeaconSettings }): Promise<void> {
  const settings = o.beacon ?? DEFAULT_BEACON;
  const beaconOf = (request: FastifyRequest): BeaconHub => ({
    ...settings, baseUrl: settings.baseUrl ?? `${(o.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')}/beacon/v2`,
  });

  await app.register(async (beacon) => {
    // Beacon clients read beaconErrorResponse, not our problem details; the status stays the one our code says.
    beacon.setErrorHandler((err, request, reply) => {
      const plan = (request as { beaconPlan?: BeaconQueryPlan }).beaconPlan;
      const { status, body } = beaconErrorResponse(err, beaconOf(request), plan);
      const problem = problemOf(err);
      if (problem.status < 500 && problem.status !== status) {
        return reply.code(problem.status).send({ ...body, error: { errorCode: problem.status, errorMessage: `${problem.code}: ${problem.detail}` } });
      }
      if (status >= 500) request.log.error({ code: problem.code }, 'beacon request failed');
      return reply.code(status).send(body);
    });
    const info = { schema: { summary: 'Beacon v2: this beacon (beaconInfoResponse)', tags: ['beacon'], security: [] } };
    for (const path of ['/', '/info']) beacon.get(path, info, async (request) => beaconInfo(beaconOf(request)));
    beacon.get('/map', { schema: { summary: 'Beacon v2: its endpoints (beaconMapResponse)', tags: ['beacon'], security: [] } }, async (request) => beaconMap(beaconOf(request)));
    beacon.get('/configuration', { schema: { summary: 'Beacon v2: entry types and granularity (beaconConfigurationResponse)', tags: ['beacon'], security: [] } },
      async (request) => beaconConfiguration(beaconOf(request)));
    beacon.get('/filtering_terms', { schema: { summary: 'Beacon v2: the filters it knows, from the search-key registry', tags: ['beacon'], security: [] } },
      async (request) => filteringTerms(beaconOf(request)));

    const individuals = async (request: FastifyRequest, reply: FastifyReply, body: unknown) => {
      const plan = beaconRequestToAst(body);
      (request as { beaconPlan?: BeaconQueryPlan }).beaconPlan = plan;
      const requester = actorOf(request);
      const q = await hub.broker.dispatch({ type: 'count', payload: { ast: plan.ast, requester }, requester, deadlineMs: o.deadlineMs, nodes: await hub.access.searchTargets() });
      const outcome = await q.outcome(untilGone(reply, o.closing));
      const released = outcome.results.map((r) => [r.node, releasedSubjects(r)] as const);
      const missingNodes = [...outcome.missing, ...released.filter(([, n]) => n === undefined).map(([node]) => node)];
      const total = released.reduce((s, [, n]) => s + (n ?? 0), 0);
      return beaconIndividualsResponse({
        request: plan, counts: { exists: total > 0, numTotalResults: total }, partial: missingNodes.length > 0, missingNodes, hub: beaconOf(request),
      });
    };
    beacon.get('/individuals', {
      schema: { summary: 'Beacon v2: how many individuals match (boolean or count; `filters=a,b`, `requestedGranularity`, `ast` for OR)', tags: ['beacon'], querystring: { type: 'object', additionalProperties: true } },
    }, async (request, reply) => individuals(request, reply, beaconGetRequestBody(request.query as Record<string, string | string[]>)));
    beacon.post('/individuals', {
      schema: { summary: 'Beacon v2: how many individuals match a beaconRequestBody (`query.requestParameters.ast` for OR)', tags: ['beacon'] },
    }, async (request, reply) => {
      if (request.body === undefined) throw oncoError('FEDERATION_INVALID_QUERY', 'Beacon request: send a beaconRequestBody as JSON.');
      return individuals(request, reply, request.body);
    });
  }, { prefix: '/beacon/v2' });
}
