/**
 * A real OpenID provider for tests (panva's `oidc-provider`, the certified implementation), started on a free
 * loopback port. It issues JWT access tokens for the API audience by the client-credentials grant, one client
 * per named principal, so the server under test verifies genuine tokens through discovery and the JWKS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

export interface OidcPrincipal {
  readonly roles: readonly string[];
  /** Access token lifetime; default 300 s. */
  readonly ttlSeconds?: number;
}

export interface OidcHandle {
  readonly issuer: string;
  readonly audience: string;
  /** A fresh access token of a principal named at start. */
  token(name: string): Promise<string>;
  close(): Promise<void>;
}

export const TEST_AUDIENCE = 'urn:oncoatlas:api';

/** A browser client (authorization code + PKCE, no secret) and the users who may sign in through it. */
export interface OidcBrowserClient {
  readonly clientId: string;
  readonly redirectUri: string;
  /** User name -> roles; any password is accepted by the provider's development login form. */
  readonly users: Readonly<Record<string, OidcPrincipal>>;
  /** Lifetime of the access tokens (and so of the node's browser sessions); default 300 s. */
  readonly tokenTtlSeconds?: number;
}

/**
 * The provider announces on the console that it runs with its development adapter, keys and login pages, and
 * which defaults a deployment should replace. That is true of a development provider by design, and the lines
 * landed in the demo user's terminal among the node's own output. Its notices are dropped here, once per
 * process, matched by the prefix its `attention` helper gives them (possibly after an ANSI colour code); every
 * other console line passes through untouched.
 */
let noticesQuiet = false;
function quietProviderNotices(): void {
  if (noticesQuiet) return;
  noticesQuiet = true;
  const isNotice = (first: unknown): boolean => typeof first === 'string' && /^(\x1b\[[\d;]*m)?oidc-provider (NOTICE|WARNING): /.test(first);
  for (const level of ['info', 'warn'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => { if (!isNotice(args[0])) original(...args); };
  }
}

/**
 * The provider's own pages (login, consent, logout, errors) import Roboto from Google Fonts: a request to an
 * outside host on every sign-in, which fails offline and tells Google who signs in where. The import is cut
 * from every HTML page it serves; the pages fall back to the browser's sans-serif.
 */
const FONT_IMPORT = /@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g;
async function withoutFontImports(ctx: { body: unknown }, next: () => Promise<void>): Promise<void> {
  await next();
  if (typeof ctx.body === 'string') ctx.body = ctx.body.replace(FONT_IMPORT, '');
}

export async function startOidcProvider(principals: Readonly<Record<string, OidcPrincipal>>, browser?: OidcBrowserClient): Promise<OidcHandle> {
  quietProviderNotices();
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const secretOf = (name: string): string => `secret-of-${name}-${'x'.repeat(32)}`;
  const ttlOf = (clientId: string): number => (clientId === browser?.clientId ? browser.tokenTtlSeconds : principals[clientId]?.ttlSeconds) ?? 300;
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [
      ...Object.keys(principals).map((name) => ({
        client_id: name, client_secret: secretOf(name), grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
      })),
      ...(browser ? [{ client_id: browser.clientId, token_endpoint_auth_method: 'none', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: [browser.redirectUri],
        // RP-initiated logout returns the browser to the node's start page.
        post_logout_redirect_uris: [new URL('/', browser.redirectUri).href] }] : []),
    ],
    findAccount: async (_ctx: unknown, id: string) => (browser?.users[id] ? { accountId: id, claims: async () => ({ sub: id }) } : undefined),
    pkce: { required: () => true },
    features: {
      // The provider's own development login and consent pages, driven by a real browser in the tests.
      devInteractions: { enabled: browser !== undefined },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => TEST_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, _resource: string, client: { clientId: string }) => ({
          scope: 'api openid', audience: TEST_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: ttlOf(client.clientId), jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    ttl: { ClientCredentials: (_ctx: unknown, _token: unknown, client: { clientId: string }) => ttlOf(client.clientId) },
    extraTokenClaims: async (_ctx: unknown, token: { clientId?: string; accountId?: string }) => ({
      roles: [...((token.accountId ? browser?.users[token.accountId] : principals[token.clientId ?? ''])?.roles ?? [])],
    }),
  } as never);
  // A Koa application at run time (lib/provider.js), though its typings leave out Koa's `use`.
  (provider as unknown as { use(fn: typeof withoutFontImports): void }).use(withoutFontImports);
  server.on('request', provider.callback());
  return {
    issuer,
    audience: TEST_AUDIENCE,
    async token(name) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${name}:${secretOf(name)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: TEST_AUDIENCE }),
      });
      const body = await res.json() as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`The test OpenID provider issued no token: ${body.error ?? res.status} ${body.error_description ?? ''}`);
      return body.access_token;
    },
    close: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  };
}
