/**
 * The hub's explorer in Chromium against the REAL hub and two real nodes (each its own process, on loopback): a
 * researcher signs in with the hub's one-time link, builds "(lung cancer AND CT) OR breast cancer" in Lens's
 * search bars, sees each node's counts in Lens's result table and the breakdown charts, and adds a dataset to
 * the cart. The screenshot goes to docs/screenshots/hub-search.png.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { chromiumPath, requireChromium, requireWebBuild, WEB_DIST } from '@oncoatlas/testkit';
import { searchLungCtOrBreast } from './support/lens-query.ts';
import { startCluster } from './support/federation-cluster.ts';

const SCREENSHOT = fileURLToPath(new URL('../docs/screenshots/hub-search.png', import.meta.url));

test('a researcher searches the real federation with Lens, sees per-node counts and charts, and fills the cart', { timeout: 240_000 }, async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t)) return;
  const c = await startCluster(t, { hospitals: [{ seed: 'east', studies: 60 }, { seed: 'west', studies: 60 }], deadlineSeconds: 8, hubArgs: ['--web', WEB_DIST] });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1366, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(await c.signInLink('alice'));
  await page.getByRole('heading', { level: 1, name: 'Federated search' }).waitFor();
  assert.deepEqual(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts(), ['Federated search', 'Cart', 'Access requests', 'Permits', 'Federated jobs']);
  await page.getByText(/Privacy budget left: ε 10 of 10/).waitFor();

  await searchLungCtOrBreast(page);

  const lensTable = page.locator('lens-result-table');
  for (const n of c.nodes) await lensTable.getByText(n.id).waitFor({ timeout: 30_000 });
  // Lens's charts, with the numbers behind each in a table for screen readers.
  await page.locator('lens-chart').first().waitFor();
  const sexRows = page.getByRole('table', { name: 'Sex: subjects per value' }).getByRole('row');
  assert.ok(await sexRows.count() > 1, 'the sex chart has values');
  await page.getByText(/Privacy budget left: ε 9\.72 of 10/).waitFor();

  const add = page.getByRole('button', { name: /^Add .+ to the cart$/ }).first();
  const label = (await add.getAttribute('aria-label')) ?? (await add.innerText());
  await add.click();
  await page.getByRole('button', { name: label.replace(/^Add /, 'Remove ').replace(/ to the cart$/, ' from the cart') }).waitFor();
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cart' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cart' }).waitFor();
  assert.deepEqual(errors, []);
});
