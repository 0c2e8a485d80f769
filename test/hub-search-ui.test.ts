/**
 * The hub's explorer in Debian Chromium against a stand-in hub that speaks Spot with the real codec (the
 * broker is replaced by two canned node answers and one silent node): Lens's search bar builds the query,
 * Lens's table shows counts per node, the partial-result notice names the silent node, and a dataset goes to
 * the cart and survives a reload. The real hub's routes are wired by packages/server; this checks the page.
 */
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { isCondition, type Condition, type Operation } from '@oncoatlas/federation';
import { chromiumPath, requireChromium, requireWebBuild, WEB_DIST } from '@oncoatlas/testkit';
import { searchLungCtOrBreast } from './support/lens-query.ts';
import { lensCatalogue } from '../packages/federation/src/spot/lens-catalogue.ts';
import { decodeSpotQuery, spotEvents, sseEvent, type SpotQuery } from '../packages/federation/src/spot/spot-codec.ts';

const answer = (name: string, id: string) => ({
  collections: [{ id, name, studies_count: 120, subjects_count: 40 }],
  total: { studies_count: 120, subjects_count: 40 },
  strata: { sex: [{ value: 'female', subjects: 25, studies: 70 }, { value: 'male', subjects: 15, studies: 50 }], modality: [{ value: 'CT', subjects: 40, studies: 120 }] },
  disclosure: { threshold: 5 }, notes: [],
});

function standInHub(queries: SpotQuery[]): Server {
  const types: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml' };
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (v: unknown) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify(v)); };
    if (url.pathname === '/auth/session') return json({ subject: 'researcher-1', roles: ['researcher'], issuer: 'http://idp', site: 'hub' });
    if (url.pathname === '/hub/api/budget') return json({ total: 10, spent: 0.28 * queries.length, remaining: 10 - 0.28 * queries.length, windowDays: 30, nextRefillAt: null });
    if (url.pathname === '/hub/api/lens/catalogue') return json(lensCatalogue());
    if (url.pathname === '/hub/api/access/notifications') return json({ notifications: [], unread: 0 });
    if (url.pathname === '/hub/beam' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { queries.push(decodeSpotQuery(JSON.parse(body))); res.statusCode = 201; res.end(); });
      return;
    }
    if (url.pathname.startsWith('/hub/beam/')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      const task = url.pathname.split('/').at(-1)!;
      async function* replies() {
        yield { node: 'node-a', status: 'succeeded' as const, body: answer('Lung CT cohort', 'ds-lung') };
        yield { node: 'node-b', status: 'succeeded' as const, body: answer('Breast MR cohort', 'ds-breast') };
      }
      void (async () => {
        for await (const e of spotEvents({ task, hub: 'hub.test', nodes: ['node-a', 'node-b', 'node-c'], replies: replies(), missing: async () => ['node-c'] })) res.write(sseEvent(e));
        res.end();
      })();
      return;
    }
    const file = join(WEB_DIST, url.pathname);
    const path = url.pathname !== '/' && existsSync(file) ? file : join(WEB_DIST, 'index.html');
    res.setHeader('content-type', types[extname(path)] ?? 'application/octet-stream');
    res.end(readFileSync(path));
  });
}

test('a researcher searches with Lens at the hub, sees counts per node and a partial notice, and fills the cart', { timeout: 120_000 }, async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t)) return;
  const queries: SpotQuery[] = [];
  const server = standInHub(queries);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  t.after(async () => { await browser.close(); server.close(); });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${base}/search`);
  await page.getByRole('heading', { level: 1, name: 'Federated search' }).waitFor();
  assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts(), ['Federated search', 'Cart', 'Access requests', 'Permits', 'Federated jobs']);
  await page.getByText('Privacy budget left: ε 10 of 10').waitFor();

  await searchLungCtOrBreast(page);

  await page.getByText('Partial result: 2 of 3 nodes answered').waitFor();
  assert.match(await page.getByRole('status').filter({ hasText: 'Partial result' }).innerText(), /node-c did not answer in time/);
  assert.equal(queries.length, 1);
  const conditions = (n: Operation | Condition): string => (isCondition(n) ? String(n.value) : `${n.operand}(${n.children.map(conditions).join(',')})`);
  assert.equal(conditions(queries[0]!.ast), 'OR(AND(OR(SNOMEDCT363358000),OR(RID10321)),AND(OR(SNOMEDCT254837009)))', 'EUCAIM codes in Lens\'s OR(AND(OR)) shape');
  const lensTable = page.locator('lens-result-table');
  await lensTable.getByText('node-a').waitFor();
  await lensTable.getByText('node-b').waitFor();

  await page.getByRole('button', { name: 'Add Lung CT cohort (node-a) to the cart' }).click();
  await page.getByRole('button', { name: 'Remove Lung CT cohort (node-a) from the cart' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cart' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
  await page.reload();
  await page.getByRole('table', { name: 'Datasets at node node-a' }).getByText('Lung CT cohort').waitFor();
  assert.deepEqual(errors, []);
});
