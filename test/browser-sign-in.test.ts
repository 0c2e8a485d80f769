/**
 * Browser sign-in with a real OpenID provider and a real browser (Debian Chromium through playwright-core):
 * authorization code with PKCE, the provider's own login and consent pages, and the node's session cookie;
 * then the signed-in browser may call the routes its role allows and no other.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { buildServer, createTokenVerifier } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { chromiumPath, freePort, requireChromium, startOidcProvider } from '@oncoatlas/testkit';

test('a researcher signs in through the browser (code + PKCE), a replayed callback gets no session, and signing out ends the provider\'s session', async (t) => {
  if (!requireChromium(t)) return;
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const op = await startOidcProvider({}, { clientId: 'oncoatlas-web', redirectUri: `${publicUrl}/auth/callback`, users: { ana: { roles: ['researcher'] } } });
  t.after(() => op.close());
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore({ dataDir: dir });
  t.after(() => store.close());
  const app = await buildServer({
    ledger: new StudyLedger(store.db), version: 'test',
    verifier: createTokenVerifier({ issuers: [{ issuer: op.issuer, audience: op.audience }] }),
    browserSignIn: { issuer: op.issuer, clientId: 'oncoatlas-web', publicUrl, audience: op.audience },
  });
  t.after(() => app.close());
  await app.listen({ host: '127.0.0.1', port });

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  t.after(() => browser.close());
  const page = await (await browser.newContext()).newPage();
  const before = await page.goto(`${publicUrl}/api/datasets`);
  assert.equal(before?.status(), 401, 'not signed in yet');

  // Login CSRF: an attacker signs in with their own account up to the provider's redirect back, and sends
  // that callback URL to a victim. The victim's browser has not started that sign-in, so it gets no session.
  const attacker = await signInUpToCallback(publicUrl, 'ana');
  const victim = await (await browser.newContext()).newPage();
  const replayed = await victim.goto(attacker.callback);
  assert.equal(replayed?.status(), 400);
  assert.equal((JSON.parse(await victim.locator('body').innerText()) as { code: string }).code, 'SIGN_IN_FAILED');
  assert.deepEqual((await victim.context().cookies(publicUrl)).filter((c) => c.name === 'oncoatlas_session'), [], 'no session for the victim');
  const bare = await fetch(attacker.callback, { redirect: 'manual' });
  assert.equal(bare.status, 400, 'nor for a client without cookies');
  assert.doesNotMatch(bare.headers.get('set-cookie') ?? '', /oncoatlas_session=/);
  // The URL itself was good: the client that started the sign-in finishes it, once.
  const own = await fetch(attacker.callback, { redirect: 'manual', headers: { cookie: attacker.nodeCookie } });
  assert.equal(own.status, 200);
  assert.match(own.headers.get('set-cookie') ?? '', /oncoatlas_session=/);
  assert.equal((await fetch(attacker.callback, { redirect: 'manual', headers: { cookie: attacker.nodeCookie } })).status, 400, 'a sign-in is finished once');

  await page.goto(`${publicUrl}/auth/login`);
  await page.fill('input[name=login]', 'ana');
  await page.fill('input[name=password]', 'any password');
  await page.click('button[type=submit]');
  // The provider asks for consent once; then it redirects to the node's callback, which opens the session.
  if (!page.url().startsWith(publicUrl)) await page.click('button[type=submit]');
  await page.waitForURL(`${publicUrl}/auth/session`);
  const session = JSON.parse(await page.locator('body').innerText()) as { subject: string; roles: string[] };
  assert.deepEqual(session, { subject: 'ana', roles: ['researcher'], issuer: op.issuer });
  const cookies = await page.context().cookies(publicUrl);
  const cookie = cookies.find((c) => c.name === 'oncoatlas_session');
  assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly: no script can read it');
  assert.equal(cookie?.sameSite, 'Strict');

  assert.equal((await page.goto(`${publicUrl}/api/datasets`))?.status(), 200, 'a researcher lists datasets');
  assert.equal((await page.goto(`${publicUrl}/api/funnel`))?.status(), 403, 'but not the population funnel');
  // Signing out from the node's page ends the provider's session too (RP-initiated logout).
  const out = await (await page.request.post(`${publicUrl}/auth/logout`)).json() as { signedOut: boolean; endSessionUrl?: string };
  assert.equal(out.signedOut, true);
  assert.ok(out.endSessionUrl?.startsWith(op.issuer), 'the node names the provider\'s logout page');
  assert.equal((await page.goto(`${publicUrl}/api/datasets`))?.status(), 401, 'signed out');
  await page.goto(out.endSessionUrl!);
  await page.click('button[value=yes]');
  await page.waitForURL(`${publicUrl}/`);
  // Signing in again asks for the password: the provider forgot the browser as well.
  await page.goto(`${publicUrl}/auth/login`);
  await page.locator('input[name=login]').waitFor();
});

/**
 * Signs in with a plain HTTP client, as an attacker scripting their own browser would: the node's /auth/login,
 * the provider's development login and consent forms, up to (not into) the provider's redirect to the node.
 */
async function signInUpToCallback(publicUrl: string, user: string): Promise<{ callback: string; nodeCookie: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response): void => {
    for (const c of res.headers.getSetCookie()) { const [pair] = c.split(';'); const i = pair!.indexOf('='); jar.set(pair!.slice(0, i), pair!.slice(i + 1)); }
  };
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const start = await fetch(`${publicUrl}/auth/login`, { redirect: 'manual' });
  const nodeCookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  let url = new URL(start.headers.get('location')!);
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
    keep(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.href.startsWith(`${publicUrl}/auth/callback`)) return { callback: next.href, nodeCookie };
      url = next;
      continue;
    }
    // A form of the provider (login, then consent): filled in and posted like a browser would.
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`the provider showed no form at step ${step} (HTTP ${res.status})`);
    const fields = new URLSearchParams([...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m): [string, string] => [m[1]!, m[2]!]));
    if (html.includes('name="login"')) { fields.set('login', user); fields.set('password', 'any password'); }
    const posted = await fetch(new URL(action, url), { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: fields });
    keep(posted);
    url = new URL(posted.headers.get('location')!, url);
  }
  throw new Error('the provider did not send the browser back to the node');
}
