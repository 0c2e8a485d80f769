/**
 * A hospital trying the node: `oncoatlas serve` on a data directory that does not exist yet, no identity
 * provider. A new user follows only what the console prints and is signed in as admin in Chromium. Then a
 * page on another port of the same host (same-site, so the browser sends even a Strict cookie) tries to
 * release a dataset and start a population run with the admin's cookie, and to embed a held image: all
 * refused, while the node's own page reaches the same routes. The data directory is owner-only throughout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumPath, freePort, requireChromium, requireWebBuild, startServe, WEB_DIST } from '@oncoatlas/testkit';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface AccessLine { route: string; method: string; status: number; actor: string }

test('a new node without a provider: sign in as admin from the console\'s link; another port of the host cannot act with the cookie', async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t)) return;
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-first-run-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = join(root, 'node');
  const port = await freePort();
  const server = await startServe(t, ['--data-dir', dataDir, '--port', String(port), '--web', WEB_DIST]);
  const out = server.output();
  const link = /Sign in as admin: open (\S+)/.exec(out)?.[1];
  assert.ok(link, `the console prints a sign-in link: ${out}`);
  const node = `http://127.0.0.1:${port}`;

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  t.after(() => browser.close());
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.waitForURL(`${node}/`);
  await page.getByText('local-admin').first().waitFor({ timeout: 30_000 });
  await page.getByText('admin', { exact: true }).first().waitFor();
  assert.equal((await page.goto(link))?.status(), 400, 'the link works once');
  await page.goto(`${node}/`);

  // The attacker's page: another port of 127.0.0.1, the same browser with the admin's cookie.
  const attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><title>cats</title><img src="${node}/api/review/1/held/0/preview.png"><script>
      const go = (path) => fetch('${node}' + path, { method: 'POST', mode: 'no-cors', credentials: 'include' }).catch(() => undefined);
      Promise.all([go('/api/datasets/demo/release'), go('/api/population/runs')]).then(() => { document.title = 'done'; });
    </script>`);
  });
  await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
  t.after(() => new Promise((done) => attacker.close(done)));
  const evil = await context.newPage();
  await evil.goto(`http://127.0.0.1:${(attacker.address() as { port: number }).port}/`);
  await evil.waitForFunction(() => (globalThis as unknown as { document: { title: string } }).document.title === 'done');

  // The node's own page reaches the same routes with the same cookie: only the origin differs.
  const own = await page.evaluate(async () => Promise.all(['/api/datasets/demo/release', '/api/population/runs'].map(async (p) => (await fetch(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status)));
  assert.ok(own.every((s) => s !== 403 && s < 500), `the node's page is not refused: ${own.join(', ')}`);

  const log = (): AccessLine[] => readFileSync(join(dataDir, 'logs', 'access.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AccessLine & { msg: string }).filter((l) => l.msg === 'request');
  let lines: AccessLine[] = [];
  for (let i = 0; i < 50; i++) {
    lines = log();
    if (lines.filter((l) => l.route === '/api/datasets/:id/release' || l.route === '/api/population/runs').length >= 4) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const answered = (route: string) => lines.filter((l) => l.route === route && l.method === 'POST').map((l) => l.status);
  assert.deepEqual(answered('/api/datasets/:id/release').sort(), [403, own[0]!].sort(), 'the attacker\'s release was refused');
  assert.deepEqual(answered('/api/population/runs').sort(), [403, own[1]!].sort(), 'the attacker\'s population run was refused');
  assert.ok(lines.some((l) => l.route === '/api/review/:id/held/:index/preview.png' && l.status === 403), 'the embedded held image was refused');
  assert.ok(lines.some((l) => l.actor.includes('local-admin')), 'the admin\'s own requests name the actor');

  const mode = (p: string): number => statSync(join(dataDir, p)).mode & 0o777;
  assert.equal(mode('.'), 0o700, 'the new data directory is owner-only');
  for (const f of ['atlas.sqlite', 'node-auth.key', join('logs', 'access.log')]) assert.equal(mode(f), 0o600, f);
  assert.equal(mode('logs'), 0o700);
});
