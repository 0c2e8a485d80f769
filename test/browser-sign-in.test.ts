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

test('a researcher signs in through the browser (code + PKCE) and gets exactly the researcher\'s routes', async (t) => {
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

  assert.equal((await page.goto(`${publicUrl}/api/datasets`))?.status(), 200, 'a researcher lists datasets');
  assert.equal((await page.goto(`${publicUrl}/api/funnel`))?.status(), 403, 'but not the population funnel');
  await page.request.post(`${publicUrl}/auth/logout`);
  assert.equal((await page.goto(`${publicUrl}/api/datasets`))?.status(), 401, 'signed out');
});
