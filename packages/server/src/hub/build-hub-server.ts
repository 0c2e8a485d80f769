/**
 * The hub's HTTP API on the node's machinery (buildApiBase): problem details with our codes, security headers,
 * access log, OIDC or local tokens, browser sign-in, and the hub's own route table (HUB_ROUTE_ACCESS). Nodes
 * reach it, it never reaches them.
 */
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Hub, HubCatalogue } from '@oncoatlas/hub';
import type { BrowserSignInOptions } from '../auth/browser-sign-in.ts';
import { HUB_ACCESS } from '../auth/roles.ts';
import type { TokenVerifier } from '../auth/token-verifier.ts';
import { buildApiBase } from '../build-server.ts';
import { registerWebUi, sendUiPage, wantsUiPage, type WebOptions } from '../web-ui.ts';
import { registerHubAccessRoutes } from './hub-access-routes.ts';
import { registerHubAgentRoutes } from './hub-agent-routes.ts';
import { registerHubBeaconRoutes, type BeaconSettings } from './hub-beacon-routes.ts';
import { registerHubCatalogueRoutes } from './hub-catalogue-routes.ts';
import { registerHubJobRoutes } from './hub-job-routes.ts';
import { registerHubSpotRoutes } from './hub-spot-routes.ts';
import { registerHubUserRoutes } from './hub-user-routes.ts';

export interface HubServerOptions {
  /** The hub service, opened by the caller for the server's lifetime (Hub.open). */
  readonly hub: Hub;
  /** Verifies the bearer tokens of people (operators, researchers, committee). */
  readonly verifier: TokenVerifier;
  readonly version: string;
  readonly publicUrl?: string;
  readonly browserSignIn?: BrowserSignInOptions;
  readonly accessLog?: DestinationStream;
  /** How long a federated search (Lens, Beacon) waits for the nodes before answering partial; default 10 s. */
  readonly deadlineMs?: number;
  /** What the Beacon v2 facade says of the hub (docs/beacon.md); default DEFAULT_BEACON. */
  readonly beacon?: BeaconSettings;
  /** The built web UI (its hub pages: federated search, cart), served at `/`. */
  readonly web?: WebOptions;
  /** The catalogue harvested from the nodes (HubCatalogue.open), searched at /hub/api/catalogue/entries. */
  readonly catalogue?: HubCatalogue;
  /** How often the nodes of unfinished federated jobs are asked how their part stands; default 5 s. */
  readonly jobPollMs?: number;
}

export const DEFAULT_SEARCH_DEADLINE_MS = 10_000;

/**
 * @example
 * const hub = await Hub.open({ dataDir });
 * const app = await buildHubServer({ hub, verifier, version: '0.1.0' });
 * await app.listen({ host: '0.0.0.0', port: 8443 });
 */
export async function buildHubServer(o: HubServerOptions): Promise<FastifyInstance> {
  const app = await buildApiBase({
    ...o, title: 'OncoAtlas hub API', access: HUB_ACCESS, afterSignInDefault: o.web ? '/' : '/auth/session', site: 'hub',
    notFound: o.web ? (request, reply) => (wantsUiPage(request) ? (sendUiPage(reply), true) : false) : undefined,
    description: 'The hub of a federated cancer imaging atlas: nodes join and long-poll it for signed tasks; researchers dispatch federated queries within a privacy budget. Errors are RFC 9457 problem details whose `code` is explained in docs/errors.md; docs/hub.md describes the protocol.',
  });
  // Long polls end when the server closes, so a restart does not wait out every node's poll.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  await app.register(async (api) => {
    api.get('/health', { schema: { summary: 'Liveness', tags: ['hub'] } }, async () => ({ status: 'ok', hubId: o.hub.identity().hubId }));
    await registerHubAgentRoutes(api, o.hub, closing.signal);
    await registerHubUserRoutes(api, o.hub, closing.signal);
    await api.register((access) => registerHubAccessRoutes(access, o.hub), { prefix: '/access' });
    await registerHubJobRoutes(api, o.hub, o.jobPollMs !== undefined ? { pollMs: o.jobPollMs } : {});
  }, { prefix: '/hub/api' });
  const search = { deadlineMs: o.deadlineMs ?? DEFAULT_SEARCH_DEADLINE_MS, closing: closing.signal };
  await registerHubSpotRoutes(app, o.hub, search);
  await registerHubBeaconRoutes(app, o.hub, { ...search, ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}), ...(o.beacon ? { beacon: o.beacon } : {}) });
  await registerHubCatalogueRoutes(app, o.catalogue, o.publicUrl ? { publicUrl: o.publicUrl } : {});
  if (o.web) await registerWebUi(app, { scriptEval: true, ...o.web });
  await app.ready();
  return app;
}
