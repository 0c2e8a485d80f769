/**
 * The web UI end to end, as its users meet it: `oncoatlas serve` over an empty data directory with a synthetic
 * hospital as its source, a real OpenID provider, and Debian Chromium driven by playwright-core. A steward signs
 * in, runs the population and watches the funnel, looks at a held image and approves it, creates, releases and
 * publishes a dataset version; then an anonymous visitor finds it in the catalogue, and a researcher signs in
 * and sees only the pages of a researcher. Each page is photographed into docs/screenshots/ (the README shows
 * them) at a laptop's 1366 x 768; no page ever shows a patient ID, and no page asks any host but the node (and
 * the OpenID provider, during sign-in) for anything: no web fonts, no outside scripts, no visit leaked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { accessibilityProblems } from './support/axe.ts';
import { tesseractAvailable } from '@oncoatlas/pipeline';
import { generateHospital } from '@oncoatlas/synth';
import { agreementFilings, chromiumPath, freePort, requireChromium, requireWebBuild, startOidcProvider, startServe, WEB_DIST } from '@oncoatlas/testkit';
import {
  ACCESS_CONDITIONS, ACCESS_RIGHTS, COLLECTION_METHODS, CONDITIONS, DATASET_TYPES, HEALTH_CATEGORIES, LEGISLATION, TIERS, type Choice,
} from '../packages/web/src/catalogue/steward.ts';

/** What the synthetic hospital's catalogue-steward.json holds (packages/synth catalogue-steward.ts), as the steward types it in. */
interface CatalogueStewardFile {
  title: { en: string }; description: { en: string }; keywords: { en: string[] }; provenance: { en: string }; purpose: { en: string }; legalBasis: { en: string };
  contactPoints: { name: string; email: string }[]; publisher: { name: string; email: string; homepage: string };
  accessRights: string; accessConditions: string[]; accessUrl: string; applicableLegislation: string[]; healthCategories: string[];
  tier: string; primaryCondition: string; collectionMethods: string[]; datasetTypes: string[];
}

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 120_000 };
/** The names of the main navigation's links, in order: what this user is offered. */
async function navigation(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT.timeout;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Presses Tab until the element has the focus: what a keyboard user does to reach it. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
  }
  assert.fail('the element cannot be reached with the Tab key');
}


// --- Fit on screen (issue 17): a laptop's 1366 x 768 and a phone's 390 x 844, no page wider than the screen. ---
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/**
 * Run in the page (a string, as the test's TypeScript has no DOM types): the page scrolls sideways when the document
 * is wider than the window; then the deepest elements that stick out are named, which is what one fixes. A header
 * element is clipped when it reaches past the header's edges, or its text is cut without a tooltip giving it whole.
 */
const LAYOUT_PROBLEMS = `(() => {
  const out = [];
  const doc = document.documentElement;
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '')
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  if (doc.scrollWidth > doc.clientWidth) {
    // An element inside a box that clips or scrolls it (a table's scroll container) sticks out of nothing.
    const contained = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= doc.clientWidth + 1) return true;
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && el.checkVisibility() && !contained(el));
    const deepest = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
    out.push('page ' + doc.scrollWidth + ' px wide in a ' + doc.clientWidth + ' px window: ' + deepest.slice(0, 4).map(name).join('; '));
  }
  const header = document.querySelector('header');
  if (!header) out.push('no header');
  else {
    const box = header.getBoundingClientRect();
    for (const el of header.querySelectorAll('*')) {
      if (!el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1) continue; // visually hidden text for screen readers, 1 px by design
      if (r.left < box.left - 1 || r.right > Math.min(box.right, doc.clientWidth) + 1) out.push('header: ' + name(el) + ' reaches past the header');
      else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && !el.title) out.push('header: ' + name(el) + ' is cut');
    }
  }
  return out;
})()`;

/** What does not fit the page's window, as "name (width): problem" lines; none when everything fits. */
async function layoutProblems(page: Page, name: string): Promise<string[]> {
  const width = page.viewportSize()?.width ?? 0;
  return ((await page.evaluate(LAYOUT_PROBLEMS)) as string[]).map((p) => `${name} (${width} px): ${p}`);
}


test('a steward populates, reviews, releases and publishes in the browser; a visitor finds the dataset in the catalogue; a researcher sees a researcher\'s pages', async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-web-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'hospital');
  const truth = generateHospital({ out: hospital, studies: 300, seed: 'demo', pixels: 'text' });
  const secret = join(dir, 'site.secret');
  assert.equal(spawnSync(process.execPath, [cli, 'secret', 'new', secret]).status, 0);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const op = await startOidcProvider({}, { clientId: 'oncoatlas-web', redirectUri: `${url}/auth/callback`, users: { steward: { roles: ['steward'] }, researcher: { roles: ['researcher'] } }, tokenTtlSeconds: 3600 });
  t.after(() => op.close());
  const server = await startServe(t, [
    '--data-dir', join(dir, 'atlas'), '--port', String(port), '--public-url', url, '--web', WEB_DIST,
    '--oidc-issuer', op.issuer, '--oidc-audience', op.audience, '--oidc-client-id', 'oncoatlas-web',
    '--catalogue-settings', join(hospital, 'catalogue-settings.json'),
    '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', secret, '--jobs', '2',
    '--option', 'retain-safe-private', '--dates', 'shift',
  ]);

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  // Every request of every page, the provider's sign-in pages included, goes to the node or, while a user signs
  // in, to the provider: anything else (a font host, a CDN) fails offline and tells a third party who visits.
  const node = new URL(url).origin;
  const provider = new URL(op.issuer).origin;
  let signingIn = false;
  const outside: string[] = [];
  const newPage = async (b: Browser): Promise<Page> => {
    // bypassCSP only lets the test add axe-core's script to the pages; the node's CSP is what the browser gets otherwise.
    const context: BrowserContext = await b.newContext({ viewport: LAPTOP, bypassCSP: true });
    context.on('request', (r) => {
      const at = new URL(r.url());
      if (!['http:', 'https:', 'ws:', 'wss:'].includes(at.protocol)) return; // data: and blob: stay in the page
      if (at.origin === node || (signingIn && at.origin === provider)) return;
      outside.push(`${at.origin} (${r.resourceType()}${signingIn ? ', during sign-in' : ''})`);
    });
    return context.newPage();
  };
  // Sign-in through the provider's own login and consent pages, back to the UI.
  const signIn = async (page: Page, user: string): Promise<void> => {
    signingIn = true;
    await page.goto(`${url}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.fill('input[name=login]', user);
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    if (!page.url().startsWith(url)) await page.click('button[type=submit]');
    await page.waitForURL((u) => u.origin === node);
    await page.getByText(user, { exact: true }).first().waitFor();
    signingIn = false;
  };
  const steward = await newPage(browser);
  // A journey that stops half-way leaves a picture of where it stopped (outside the repository).
  let finished = false;
  t.after(async () => {
    if (!finished) {
      for (const [i, page] of browser.contexts().flatMap((c) => c.pages()).entries()) {
        await page.screenshot({ path: join(tmpdir(), `oncoatlas-web-ui-failure-${i}.png`), fullPage: true }).catch(() => undefined);
      }
    }
    await browser.close();
  });
  mkdirSync(SHOTS, { recursive: true });
  const seen: string[] = [];
  const inaccessible: string[] = [];
  const misfits: string[] = [];
  const shoot = async (page: Page, name: string): Promise<void> => {
    seen.push(await page.locator('body').innerText());
    // Confirmations close by themselves after a few seconds; a picture of the page is taken without them.
    const notes = page.getByRole('button', { name: 'Dismiss notification' });
    for (let i = 0; i < 5 && (await notes.count()) > 0; i++) await notes.first().click({ timeout: 1000 }).catch(() => undefined);
    inaccessible.push(...await accessibilityProblems(page, name));
    misfits.push(...await layoutProblems(page, name));
    // From the top, so the fixed header sits where it belongs in a full-page picture.
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  // A steward lands on the dashboard, with every page of the node in the navigation.
  await signIn(steward, 'steward');
  await steward.waitForURL(`${url}/`);
  await steward.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.deepEqual(await navigation(steward), ['Dashboard', 'Review', 'Quality', 'Datasets', 'Catalogue', 'Agreements', 'Permits', 'Jobs'], 'a steward sees every page');

  // A population run from the dashboard: per-stage progress while it goes, then the funnel.
  await steward.getByRole('button', { name: 'Run population' }).click();
  await steward.getByRole('progressbar', { name: 'Stage inventory' }).waitFor(WAIT);
  const funnel = steward.getByRole('region', { name: 'Funnel' });
  const integrated = truth.studies.filter((s) => s.expected === 'integrated').length;
  await funnel.getByText(String(truth.summary.studies), { exact: true }).first().waitFor(WAIT);
  await funnel.getByText(String(integrated), { exact: true }).first().waitFor(WAIT);
  await steward.getByText(/completed/i).first().waitFor(WAIT);
  // The ultrasound and screen captures of `text` pixels were read by OCR while held (tesseract is in .ci/run).
  if (tesseractAvailable()) await funnel.getByText(/^Burned-in text: [1-9]\d* images scanned by OCR, [1-9]\d* showing an identifier/).waitFor(WAIT);
  await shoot(steward, 'dashboard');

  // The review queue: a held image drawn in the browser, approved with a reason.
  await steward.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
  await steward.getByRole('heading', { level: 1, name: /Review/ }).waitFor();
  const items = steward.getByRole('main').getByRole('link', { name: /^Item \d+$/ });
  await items.first().waitFor(WAIT);
  const pending = await items.count();
  await shoot(steward, 'review-queue');
  await items.first().click();
  await steward.getByRole('application', { name: /^Held image 1/ }).waitFor(WAIT);
  // Drawn: the viewer decoded the node's full-resolution PNG and fitted it to the canvas (its status gives the zoom).
  await steward.getByRole('status').filter({ hasText: /^Zoom \d+%/ }).first().waitFor(WAIT);
  await steward.getByRole('textbox', { name: 'Reason' }).fill('Checked: no text burned into the pixels.');
  await shoot(steward, 'review-item');
  await steward.getByRole('button', { name: 'Approve' }).click();
  await steward.getByText(/approved/i).first().waitFor(WAIT);
  await steward.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
  await until(async () => (await items.count()) === pending - 1, 'the approved item leaves the pending list');

  // A dataset version: created, released through the risk gate, then published with the steward's fields.
  await steward.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await steward.getByLabel('Dataset id').fill('all-cancers');
  await steward.getByRole('textbox', { name: /^Title/ }).fill('Synthetic hospital, all cancers');
  await steward.getByRole('textbox', { name: /^Legal basis/ }).fill('Not applicable: synthetic data');
  await steward.getByLabel('Max suppression').fill('0.2');
  await steward.getByRole('button', { name: 'Create version' }).click();
  await steward.waitForURL(/\/datasets\/all-cancers/, WAIT);
  await steward.getByRole('button', { name: 'Release' }).click();
  await steward.getByText(/released/i).first().waitFor(WAIT);
  await steward.getByRole('link', { name: /Compliance dossier/ }).first().waitFor(WAIT);
  // The catalogue form, filled field by field (never through the advanced JSON) with the values of the synthetic
  // hospital's catalogue-steward.json, except the access URL: the node names it, in the form's words, first.
  const fields = JSON.parse(readFileSync(join(hospital, 'catalogue-steward.json'), 'utf8')) as CatalogueStewardFile;
  const group = (name: string) => steward.getByRole('group', { name, exact: true });
  const pick = async (scope: ReturnType<Page['getByRole']>, label: string, choices: readonly Choice[], values: readonly string[], search?: string) => {
    const input = scope.getByLabel(label, { exact: true });
    for (const value of values) {
      await input.click();
      if (search) await input.fill(search);
      await steward.getByRole('option', { name: choices.find((c) => c.value === value)?.label ?? value, exact: true }).click();
    }
    await steward.keyboard.press('Escape');
  };
  const about = group('About the dataset');
  await about.getByLabel('Title', { exact: true }).fill(fields.title.en);
  await about.getByLabel('Description', { exact: true }).fill(fields.description.en);
  for (const word of fields.keywords.en) {
    await about.getByLabel('Keywords', { exact: true }).fill(word);
    await steward.keyboard.press('Enter');
  }
  await about.getByLabel('Provenance', { exact: true }).fill(fields.provenance.en);
  await about.getByLabel('Purpose', { exact: true }).fill(fields.purpose.en);
  await about.getByLabel('Legal basis', { exact: true }).fill(fields.legalBasis.en);
  const classification = group('Classification');
  await pick(classification, 'Tier', TIERS, [fields.tier]);
  await pick(classification, 'Primary condition', CONDITIONS, [fields.primaryCondition], 'C34');
  await pick(classification, 'Health categories', HEALTH_CATEGORIES, fields.healthCategories);
  await pick(classification, 'Dataset types', DATASET_TYPES, fields.datasetTypes);
  await pick(classification, 'Collection methods', COLLECTION_METHODS, fields.collectionMethods);
  await pick(classification, 'Applicable legislation', LEGISLATION, fields.applicableLegislation);
  const access = group('Access');
  await pick(access, 'Access rights', ACCESS_RIGHTS, [fields.accessRights]);
  await pick(access, 'Access conditions', ACCESS_CONDITIONS, fields.accessConditions);
  const publisher = group('Publisher');
  await publisher.getByLabel('Name', { exact: true }).fill(fields.publisher.name);
  await publisher.getByLabel('Email', { exact: true }).fill(fields.publisher.email);
  await publisher.getByLabel('Home page', { exact: true }).fill(fields.publisher.homepage);
  const contact = group('Contact point 1');
  await contact.getByLabel('Name', { exact: true }).fill(fields.contactPoints[0]!.name);
  await contact.getByLabel('Email', { exact: true }).fill(fields.contactPoints[0]!.email);
  // Publishing without the access URL is refused with a list of the fields to complete, each a link to its input.
  await steward.getByRole('list', { name: 'Problems found' }).getByRole('link', { name: 'Access URL', exact: true }).waitFor(WAIT);
  // As a steward would: publish once the check of what was typed has come back.
  await steward.getByText(/Does not conform: 1 violation/).waitFor(WAIT);
  // Not before the node's agreements are on file: the refusal names each missing document; filed, it goes on.
  await steward.getByRole('button', { name: 'Publish' }).click();
  await steward.getByText(/Data Sharing Agreement \(dsa\) is not on file/).waitFor(WAIT);
  for (const args of agreementFilings(join(dir, 'agreements'), join(dir, 'atlas'))) assert.equal(spawnSync(process.execPath, [cli, ...args]).status, 0);
  await steward.getByRole('button', { name: 'Publish' }).click();
  const toComplete = steward.getByRole('list', { name: 'Fields to complete before publishing' });
  await toComplete.waitFor(WAIT);
  assert.deepEqual(await toComplete.getByRole('link').allInnerTexts(), ['Access URL'], 'the one missing field, in the form\'s words');
  assert.doesNotMatch(await toComplete.innerText(), /_:|dcat:|dct:/, 'no blank node or RDF path');
  await toComplete.getByRole('link', { name: 'Access URL' }).click();
  const accessUrl = access.getByLabel('Access URL', { exact: true });
  assert.ok(await accessUrl.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement), 'the link focuses the field');
  await accessUrl.fill(fields.accessUrl);
  await steward.getByText(/conforms/i).first().waitFor(WAIT);
  await shoot(steward, 'dataset');
  await steward.getByRole('button', { name: 'Publish' }).click();
  await steward.getByRole('button', { name: 'Unpublish' }).waitFor(WAIT);

  await steward.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quality' }).click();
  await steward.getByRole('heading', { level: 1, name: 'Quality' }).waitFor();
  await steward.getByText('k (smallest group of patients)').first().waitFor(WAIT);
  await steward.getByRole('img').or(steward.locator('svg.recharts-surface')).first().waitFor(WAIT);
  await shoot(steward, 'quality');

  // Anyone: the catalogue needs no sign-in, and shows the dataset under the title the steward published.
  const published = 'Synthetic hospital cancer imaging cohort';
  const visitor = await newPage(browser);
  await visitor.goto(`${url}/`);
  await visitor.getByRole('button', { name: 'Sign in' }).waitFor();
  assert.deepEqual(await navigation(visitor), ['Welcome', 'Catalogue'], 'a visitor is offered the public pages and the sign-in');
  await visitor.goto(`${url}/catalogue`);
  // With the keyboard only: Tab to the search field, type, Tab to the dataset, Enter.
  await tabTo(visitor, visitor.getByLabel('Search'));
  await visitor.keyboard.type('imaging cohort');
  await visitor.getByRole('link', { name: published }).waitFor(WAIT);
  await shoot(visitor, 'catalogue');
  // Search and facets (issue 17). The demo dataset holds the lung cancers (C34): "lung" finds it through the
  // condition's ICD-10 title. A second, made-up card (MR of the breast) is added to the node's answer so that a
  // facet has something to leave out; the node itself publishes one dataset here.
  const madeUp = 'Made-up breast MR cohort';
  await visitor.route('**/api/catalogue/entries', async (r) => {
    const real = await (await r.fetch()).json() as object[];
    await r.fulfill({ json: [...real, {
      id: 'made-up-breast-mr', title: madeUp, description: 'Not a dataset of this node: added by the test.', keywords: [], state: 'published', version: 1,
      releasedAt: null, studies: 40, subjects: 20, modalities: ['MR'], bodyParts: ['BREAST'], conditions: ['C50'],
      conditionNames: { C50: 'Malignant neoplasm of breast' }, sexes: ['female'], ageRange: { min: 40, max: 69 },
    }] });
  });
  await visitor.goto(`${url}/catalogue`);
  const status = visitor.getByRole('status').filter({ hasText: /dataset/ });
  await visitor.getByRole('link', { name: madeUp }).waitFor(WAIT);
  await tabTo(visitor, visitor.getByLabel('Search'));
  await visitor.keyboard.type('LUNG');
  await until(async () => (await status.innerText()) === '1 of 2 datasets match', 'the search "lung" keeps only the lung cohort');
  assert.equal(await visitor.getByRole('link', { name: published }).count(), 1, 'the lung cohort is found by "lung"');
  assert.equal(await visitor.getByRole('link', { name: madeUp }).count(), 0);
  await visitor.getByLabel('Search').fill('');
  await until(async () => (await status.innerText()) === '2 datasets', 'an empty search lists every dataset');
  // A facet, ticked with the keyboard: CT narrows the list to the CT dataset, and the URL keeps it.
  const ct = visitor.getByRole('group', { name: 'Modality' }).getByRole('checkbox', { name: /^CT\b/ });
  await tabTo(visitor, ct);
  await visitor.keyboard.press('Space');
  await until(async () => (await status.innerText()) === '1 of 2 datasets match', 'the CT facet narrows the list');
  assert.equal(await visitor.getByRole('link', { name: madeUp }).count(), 0, 'the MR-only dataset is left out');
  assert.match(visitor.url(), /[?&]modality=CT\b/, 'the facet is in the URL');
  await visitor.goto(visitor.url());
  await visitor.getByRole('link', { name: published }).waitFor(WAIT);
  assert.ok(await ct.isChecked(), 'a shared link opens with its facets ticked');
  assert.equal(await status.innerText(), '1 of 2 datasets match');
  await shoot(visitor, 'catalogue-facets');
  await visitor.unroute('**/api/catalogue/entries');
  await tabTo(visitor, visitor.getByRole('link', { name: published }));
  await visitor.keyboard.press('Enter');
  await visitor.getByRole('heading', { level: 1, name: published }).waitFor(WAIT);
  await shoot(visitor, 'catalogue-entry');

  // The node out of reach: the page says the read failed (not that the dataset is missing) and retries on demand.
  const entryUrl = visitor.url();
  await visitor.route('**/api/catalogue/entries', (r) => r.abort('internetdisconnected'));
  await visitor.goto(entryUrl);
  const failed = visitor.getByRole('alert').filter({ hasText: 'The catalogue could not be read' });
  await failed.waitFor(WAIT);
  assert.equal(await visitor.getByRole('heading', { level: 1 }).innerText(), 'Catalogue entry', 'a failed read is not "Not in the catalogue"');
  assert.match(await failed.innerText(), /NETWORK/, 'the alert names the problem');
  await visitor.unroute('**/api/catalogue/entries');
  await failed.getByRole('button', { name: 'Retry' }).click();
  await visitor.getByRole('heading', { level: 1, name: published }).waitFor(WAIT);

  // A researcher lands on the catalogue and is offered only the pages a researcher may use.
  const researcher = await newPage(browser);
  await signIn(researcher, 'researcher');
  await researcher.waitForURL(`${url}/catalogue`, WAIT);
  await researcher.getByRole('heading', { level: 1, name: 'Catalogue' }).waitFor();
  assert.deepEqual(await navigation(researcher), ['Datasets', 'Catalogue', 'Jobs'], 'a researcher sees the datasets, the catalogue and the jobs they run under their permits');
  await researcher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
  await researcher.getByRole('link', { name: 'all-cancers' }).first().waitFor(WAIT);
  seen.push(await researcher.locator('body').innerText());
  assert.ok(!seen.at(-1)!.includes('Sign in as a data steward'), 'a researcher is not told to sign in as a steward');
  inaccessible.push(...await accessibilityProblems(researcher, 'researcher-datasets'));
  misfits.push(...await layoutProblems(researcher, 'researcher-datasets'));

  // The same pages on a phone (390 x 844), read again with their data: none is wider than the screen, the header
  // folds the navigation and the account into buttons, and both still work.
  const onPhone = async (page: Page, pages: readonly (readonly [string, string, () => Promise<unknown>])[]): Promise<void> => {
    await page.setViewportSize(PHONE);
    for (const [path, name, ready] of pages) {
      if (path) await page.goto(`${url}${path}`);
      await ready();
      seen.push(await page.locator('body').innerText());
      misfits.push(...await layoutProblems(page, name));
    }
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).waitFor();
    misfits.push(...await layoutProblems(page, `${pages.at(-1)![1]}, navigation open`));
    await page.getByRole('button', { name: 'Close navigation' }).click();
  };
  await onPhone(steward, [
    ['/', 'dashboard', () => steward.getByRole('region', { name: 'Funnel' }).getByText(String(integrated), { exact: true }).first().waitFor(WAIT)],
    ['/review', 'review-queue', () => items.first().waitFor(WAIT)],
    ['', 'review-item', async () => { await items.first().click(); await steward.getByRole('application', { name: /^Held image/ }).first().waitFor(WAIT); }],
    ['/quality', 'quality', () => steward.getByText('k (smallest group of patients)').first().waitFor(WAIT)],
    ['/datasets', 'datasets', () => steward.getByRole('link', { name: 'all-cancers' }).first().waitFor(WAIT)],
    ['/datasets/all-cancers', 'dataset', () => steward.getByRole('link', { name: /Compliance dossier/ }).first().waitFor(WAIT)],
    ['/catalogue', 'catalogue', () => steward.getByRole('link', { name: published }).waitFor(WAIT)],
    [new URL(entryUrl).pathname, 'catalogue-entry', () => steward.getByRole('heading', { level: 1, name: published }).waitFor(WAIT)],
  ]);
  // The account folds into one menu on a phone: name, role and sign-out are one tap away, none is clipped.
  await steward.getByRole('button', { name: /Account of steward/ }).click();
  await steward.getByRole('menuitem', { name: 'Sign out' }).waitFor();
  misfits.push(...await layoutProblems(steward, 'account menu'));
  await steward.keyboard.press('Escape');
  await steward.goto(`${url}/`);
  await steward.getByRole('region', { name: 'Funnel' }).getByText(String(integrated), { exact: true }).first().waitFor(WAIT);
  await steward.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await steward.screenshot({ path: join(SHOTS, 'dashboard-phone.png'), fullPage: true });
  await onPhone(visitor, [
    ['/', 'welcome', () => visitor.getByRole('button', { name: 'Sign in' }).waitFor()],
    ['/catalogue', 'catalogue', () => visitor.getByRole('link', { name: published }).waitFor(WAIT)],
    [new URL(entryUrl).pathname, 'catalogue-entry', () => visitor.getByRole('heading', { level: 1, name: published }).waitFor(WAIT)],
  ]);
  await visitor.screenshot({ path: join(SHOTS, 'catalogue-entry-phone.png'), fullPage: true });

  finished = true;
  assert.deepEqual(outside, [], 'no page asks a host other than the node (or the provider, while signing in)');
  assert.deepEqual(inaccessible, [], 'no WCAG 2.1 AA violation axe-core can find on any page');
  assert.deepEqual(misfits, [], 'every page fits a laptop and a phone: no sideways scrolling, nothing of the header clipped');
  const ids = new Set(truth.studies.map((s) => s.patient));
  const everything = seen.join('\n') + server.output();
  for (const id of ids) assert.ok(!everything.includes(id), 'no patient ID on any page or in the server\'s output');

  // The node's access log of the whole journey, value by value: route patterns and actors, no identifier of
  // the hospital (patient IDs, study UIDs, the names of its source folders).
  const log = readFileSync(join(dir, 'atlas', 'logs', 'access.log'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(log.filter((l) => l.msg === 'request').length > 50, 'every request of the journey is logged');
  const identifiers = new Set([...ids, ...truth.studies.map((s) => s.study), ...readdirSync(join(hospital, 'pacs'), { recursive: true }).map(String).flatMap((p) => p.split(sep)).filter((p) => p.length >= 6)]);
  // Numbers (time, duration, status, pid) are the node's own; every text value is checked.
  const values = log.flatMap((l) => Object.values(l).filter((v) => typeof v === 'string'));
  for (const id of identifiers) assert.ok(!values.some((v) => v.includes(id)), 'no identifier of the hospital in the access log');
  assert.ok(log.some((l) => l.route === '/api/review/:id/decision' && String(l.actor).startsWith('steward')), 'the steward\'s decision is logged with the actor');
});
