/**
 * Sign-in and roles against a real OpenID provider (oidc-provider, started here): every route of the role
 * table with every role, allowed or refused exactly as the table says; an expired token, a token of an
 * untrusted provider, a malformed one and none at all are refused with their own problem; the node's local
 * token (the embedded default's first-run admin) works.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildServer, createTokenVerifier, mintLocalToken, ROLES, ROUTE_ACCESS } from '@oncoatlas/server';
import { SignJWT } from 'jose';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { startOidcProvider } from '@oncoatlas/testkit';

test('every route with every role: allowed and refused as ROUTE_ACCESS says; bad tokens refused', async (t) => {
  const op = await startOidcProvider({
    ...Object.fromEntries(ROLES.map((r) => [r, { roles: [r] }])),
    nobody: { roles: [] },
    // A provider's own role name, mapped to ours by the node's configuration.
    'keycloak-admin': { roles: ['dataset-administrator'] },
    'short-lived': { roles: ['admin'], ttlSeconds: 1 },
  });
  t.after(() => op.close());
  const foreign = await startOidcProvider({ admin: { roles: ['admin'] } });
  t.after(() => foreign.close());

  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-auth-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore({ dataDir: dir });
  t.after(() => store.close());
  const localKey = new TextEncoder().encode('the local key of this test node, long enough');
  const verifier = createTokenVerifier({ issuers: [{ issuer: op.issuer, audience: op.audience, roleMap: { 'dataset-administrator': 'steward' } }], localKey });
  const app = await buildServer({ ledger: new StudyLedger(store.db), verifier, version: 'test' });
  t.after(() => app.close());

  const call = async (route: string, token?: string): Promise<{ status: number; code?: string }> => {
    const [method, path] = route.split(' ') as [string, string];
    const res = await app.inject({ method: method as 'GET', url: path.replace(':id', 'some-dataset'), headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, ...(res.statusCode >= 400 ? { code: (res.json() as { code: string }).code } : {}) };
  };
  const refused = (r: { status: number }): boolean => r.status === 401 || r.status === 403;

  const tokens = Object.fromEntries(await Promise.all([...ROLES, 'nobody', 'keycloak-admin'].map(async (p) => [p, await op.token(p)] as const)));
  for (const [route, access] of Object.entries(ROUTE_ACCESS)) {
    for (const principal of [...ROLES, 'nobody']) {
      const r = await call(route, tokens[principal]);
      const allowed = access === 'public' || (access as readonly string[]).includes(principal);
      assert.equal(!refused(r), allowed, `${route} as ${principal}: got ${r.status} ${r.code ?? ''}`);
      if (!allowed) assert.deepEqual(r, { status: 403, code: 'AUTH_FORBIDDEN' });
    }
    const anonymous = await call(route);
    assert.equal(refused(anonymous), access !== 'public', `${route} without a token`);
    if (access !== 'public') assert.deepEqual(anonymous, { status: 401, code: 'AUTH_REQUIRED' });
  }
  // The mapped provider role is a steward: the funnel is open to it, not to a researcher.
  assert.equal((await call('GET /api/funnel', tokens['keycloak-admin'])).status, 200);

  const expired = await op.token('short-lived');
  await new Promise((done) => setTimeout(done, 2100));
  const late = await app.inject({ method: 'GET', url: '/api/funnel', headers: { authorization: `Bearer ${expired}` } });
  assert.equal(late.statusCode, 401);
  assert.match((late.json() as { detail: string }).detail, /expired/);
  const foreignToken = await foreign.token('admin');
  const untrusted = await app.inject({ method: 'GET', url: '/api/funnel', headers: { authorization: `Bearer ${foreignToken}` } });
  assert.equal(untrusted.statusCode, 401);
  assert.match((untrusted.json() as { detail: string }).detail, /does not trust/);
  assert.ok(!untrusted.body.includes(foreignToken), 'the token is never echoed');
  const garbage = await app.inject({ method: 'GET', url: '/api/funnel', headers: { authorization: 'Bearer not.a.jwt' } });
  assert.equal((garbage.json() as { code: string }).code, 'AUTH_INVALID');

  // A trusted provider that cannot be reached refuses the request instead of hanging it.
  const down = createTokenVerifier({ issuers: [{ issuer: 'http://127.0.0.1:9', audience: op.audience }] });
  const claimsDown = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setIssuer('http://127.0.0.1:9').setAudience(op.audience).setExpirationTime('5m').sign(new Uint8Array(32));
  await assert.rejects(down.verify(claimsDown), (e: Error & { code?: string }) => e.code === 'AUTH_INVALID' && /could not be reached/.test(e.message));

  // The node's local token: the embedded default's first-run admin, and nothing from another key.
  assert.equal((await call('GET /api/funnel', await mintLocalToken(localKey, { subject: 'local-admin', roles: ['admin'], hours: 1 }))).status, 200);
  const forged = await mintLocalToken(new TextEncoder().encode('some other key, equally long......'), { subject: 'x', roles: ['admin'], hours: 1 });
  assert.deepEqual(await call('GET /api/funnel', forged), { status: 401, code: 'AUTH_INVALID' });
});
