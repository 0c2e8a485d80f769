/**
 * The hub's HTTP API on the node's machinery (buildApiBase): problem details with our codes, security headers,
 * access log, OIDC or local tokens, browser sign-in, and the hub's own route table (HUB_ROUTE_ACCESS). Nodes
 * reach it, it never reaches them.
 */
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Hub } from '@oncoatlas/hub';
import type { BrowserSignInOptions } from '../auth/browser-sign-in.ts';
import { HUB_ACCESS } from '../auth/roles.ts';
import type { TokenVerifier } from '../auth/token-verifier.ts';
import { buildApiBase } from '../build-server.ts';
import { registerHubAgentRoutes } from './hub-agent-routes.ts';
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
}

/**
 * @example
 * const hub = await Hub.open({ dataDir });
 * const app = await buildHubServer({ hub, verifier, version: '0.1.0' });
 * await app.listen({ host: '0.0.0.0', port: 8443 });
 */
export async function buildHubServer(o: HubServerOptions): Promise<FastifyInstance> {
  const app = await buildApiBase({
    ...o, title: 'OncoAtlas hub API', access: HUB_ACCESS, afterSignInDefault: '/auth/session',
    description: 'The hub of a federated cancer imaging atlas: nodes join and long-poll it for signed tasks; researchers dispatch federated queries within a privacy budget. Errors are RFC 9457 problem details whose `code` is explained in docs/errors.md; docs/hub.md describes the protocol.',
  });
  // Long polls end when the server closes, so a restart does not wait out every node's poll.
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  await app.register(async (api) => {
    api.get('/health', { schema: { summary: 'Liveness', tags: ['hub'] } }, async () => ({ status: 'ok', hubId: o.hub.identity().hubId }));
    await registerHubAgentRoutes(api, o.hub, closing.signal);
    await registerHubUserRoutes(api, o.hub, closing.signal);
  }, { prefix: '/hub/api' });
  await app.ready();
  return app;
}
