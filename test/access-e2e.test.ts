/**
 * Governed access end to end, in Chromium, across a REAL hub and two real nodes (each its own process, started
 * through the CLI): node 1's steward is refused publication while its agreements are missing and files one;
 * a data holder onboards node 1 in the hub's UI (node 2 through the API), the committee and the operator accept
 * the documents and walk the review steps; node 1 gets the hub's acceptance and publishes; a researcher finds
 * both nodes' datasets in the hub's search, asks for access with the form and the ethics approval and DPIA; the
 * committee approves; holder 1 makes its dataset available on conditions the researcher accepts, holder 2
 * declines; the permit is at node 1 only; node 1's steward revokes it and the next check is PERMIT_REVOKED.
 * Each role's pages are photographed into docs/screenshots/access-*.png (docs/access.md shows them).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath, requireChromium, requireWebBuild, syntheticPdf, WEB_DIST } from '@oncoatlas/testkit';
import { startAccessCluster, type AccessNode } from './support/access-cluster.ts';
import { api, hubSignIn, hubToken, navigation, nodeSignIn, nodeToken, signedIn, stepper, until, labelled } from './support/access-e2e-steps.ts';
import { searchLungCtOrBreast } from './support/lens-query.ts';
import { onboardSynthetic } from '../scripts/synthetic-onboarding.ts';
import { researcherRequestSteps } from './support/access-e2e-requests.ts';
import { accessibilityProblems } from './support/axe.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const ACCESS = '/hub/api/access';

interface Kind { id: string; title: string; required: boolean; requiredForPublication: boolean; expires: boolean }
interface View { onboarding: { id: string; status: string }; checklist: { kind: Kind; state: string; document: { id: string; state: string } | null }[]; nextStep: { id: string; role: string } | null }

const inAYear = (): string => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
/** What axe-core found on the pages photographed: each role's page is checked when its screenshot is taken. */
const inaccessible: string[] = [];
const shot = async (page: Page, name: string): Promise<Buffer> => {
  inaccessible.push(...await accessibilityProblems(page, name));
  return page.screenshot({ path: join(SHOTS, `access-${name}.png`), fullPage: true });
};

test('governed access across a hub and two nodes: onboarding, request, decisions, a permit at node 1 only, revoked', { timeout: 300_000 }, async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t)) return;
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-access-e2e-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const c = await startAccessCluster(t, { root, web: WEB_DIST, studies: 60 });
  const [n1, n2] = c.nodes;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  t.after(() => browser.close());
  const errors: string[] = [];
  // On a failure every open page is photographed into the temporary directory, whose path the log prints.
  const failShots = mkdtempSync(join(tmpdir(), 'oncoatlas-access-e2e-failed-'));
  const step = stepper(t, async () => {
    const pages = browser.contexts().flatMap((x) => x.pages());
    for (const [i, pg] of pages.entries()) await pg.screenshot({ path: join(failShots, `page-${i}.png`), fullPage: true });
    t.diagnostic(`pages at the failure: ${failShots}`);
  });
  const tokens = {
    holder2: await hubToken(c.hubDir, 'steward', 'holder-south'),
    committee: await hubToken(c.hubDir, 'committee', 'committee-member'),
    operator: await hubToken(c.hubDir, 'operator', 'hub-operator'),
    node1: await nodeToken(n1.dataDir, 'steward', 'steward-north'),
  };
  const files = (name: string): string => { const f = join(root, `${name}.pdf`); writeFileSync(f, syntheticPdf(`SYNTHETIC ${name} - test only`)); return f; };
  const checklist = (await api<{ paths: Record<string, Kind[]> }>(c.hubUrl, tokens.committee, 'GET', `${ACCESS}/checklists`)).paths.federated!
    .filter((k) => k.required || k.requiredForPublication);

  const node1Steward = await signedIn(browser, errors, nodeSignIn(n1.dataDir, n1.url, 'steward', 'steward-north'));
  const holder1 = await signedIn(browser, errors, hubSignIn(c.hubDir, c.hubUrl, 'steward', 'holder-north'));
  const committee = await signedIn(browser, errors, hubSignIn(c.hubDir, c.hubUrl, 'committee', 'committee-member'));
  const operator = await signedIn(browser, errors, hubSignIn(c.hubDir, c.hubUrl, 'operator', 'hub-operator'));
  let onboarding1 = '';

  const publish = async (node: AccessNode, page: Page): Promise<void> => {
    await page.goto(`${node.url}/datasets/lung`);
    await page.getByRole('heading', { name: 'Catalogue record' }).waitFor();
    await page.locator('summary', { hasText: 'Advanced' }).click();
    await page.getByLabel('Steward fields file').setInputFiles(node.stewardFile);
    await page.getByText(/Loaded the steward fields/).waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
  };

  await step('node 1\'s steward is refused publication, the message naming the missing agreement', async () => {
    await node1Steward.getByRole('heading', { level: 1 }).first().waitFor();
    assert.ok((await navigation(node1Steward)).includes('Agreements') && (await navigation(node1Steward)).includes('Permits'));
    await publish(n1, node1Steward);
    const alert = node1Steward.getByRole('alert').filter({ hasText: 'AGREEMENT_MISSING' });
    await alert.getByText(/Data Sharing Agreement \(dsa\)/).waitFor();
    await shot(node1Steward, 'node-publish-refused');
  });

  await step('node 1\'s steward files the Data Sharing Agreement on the Agreements page', async () => {
    await node1Steward.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agreements' }).click();
    await node1Steward.getByRole('heading', { level: 1, name: 'Agreements' }).waitFor();
    await node1Steward.getByLabel(labelled('Document')).selectOption('dsa');
    await node1Steward.getByLabel(labelled('Agreement file')).setInputFiles(files('node-dsa'));
    await node1Steward.getByLabel(labelled('Valid until')).fill(inAYear());
    await node1Steward.getByRole('button', { name: 'File agreement' }).click();
    await node1Steward.getByRole('table', { name: 'Agreements on file' }).getByText('(dsa)').waitFor();
    const required = node1Steward.getByRole('table', { name: 'Required documents' });
    await required.getByRole('row').filter({ hasText: '(dsa)' }).getByText('on file').waitFor();
    await required.getByRole('row').filter({ hasText: '(access-conditions)' }).getByText('missing').waitFor();
  });

  await step('holder 1 starts node 1\'s onboarding at the hub, seeing each path\'s checklist first', async () => {
    await holder1.goto(`${c.hubUrl}/onboarding`);
    await holder1.getByRole('heading', { level: 1, name: 'Onboarding' }).waitFor();
    assert.ok((await navigation(holder1)).includes('Onboarding'));
    await holder1.getByRole('list', { name: 'Documents of the federated node path' }).getByText('Data Sharing Agreement').waitFor();
    await holder1.getByRole('list', { name: 'Documents of the transfer to a reference node path' }).getByText('Data Transfer Agreement').waitFor();
    await holder1.getByLabel(labelled('Node id')).fill(n1.id);
    await holder1.getByRole('radio', { name: 'Federated node' }).check();
    await holder1.getByLabel(labelled('Organisation')).fill('North Synthetic Hospital');
    await holder1.getByLabel(labelled('Contact name')).fill('Holder North');
    await holder1.getByLabel(labelled('Contact e-mail')).fill('holder@north.example');
    await shot(holder1, 'holder-onboarding-start');
    await holder1.getByRole('button', { name: 'Start onboarding' }).click();
    await holder1.getByRole('heading', { level: 1, name: `Onboarding of ${n1.name}` }).waitFor();
    onboarding1 = decodeURIComponent(new URL(holder1.url()).pathname.split('/').pop()!);
  });

  await step('holder 1 uploads the federated path\'s documents and submits them for review', async () => {
    for (const k of checklist) {
      const item = holder1.getByRole('article', { name: k.title, exact: true });
      await item.getByLabel(labelled(`File for ${k.title}`)).setInputFiles(files(`${n1.name}-${k.id}`));
      if (k.expires) await item.getByLabel(labelled(`Valid until (${k.title})`)).fill(inAYear());
      await item.getByRole('button', { name: `Upload ${k.title}`, exact: true }).click();
      await item.getByText('Waiting for the committee').waitFor();
    }
    await holder1.getByRole('button', { name: 'Submit for review' }).click();
    await holder1.getByText('submitted', { exact: true }).first().waitFor();
    await shot(holder1, 'holder-onboarding-checklist');
  });

  await step('node 2 is onboarded through the API (its holder, the committee, the operator)', async () => {
    const done = await onboardSynthetic({ hubUrl: c.hubUrl, node: n2.id, organisation: 'South Synthetic Hospital', tokens: { steward: tokens.holder2, committee: tokens.committee, operator: tokens.operator } });
    assert.equal((await api<View>(c.hubUrl, tokens.committee, 'GET', `${ACCESS}/onboardings/${done.onboarding}`)).onboarding.status, 'approved');
  });

  await step('the committee sees the queue, accepts node 1\'s documents and approves its step', async () => {
    await committee.goto(`${c.hubUrl}/onboarding`);
    await committee.getByRole('heading', { level: 1, name: 'Onboarding reviews' }).waitFor();
    assert.ok((await navigation(committee)).includes('Onboarding reviews'));
    await committee.getByRole('table', { name: 'Onboardings to review' }).getByText('approved').waitFor();
    await shot(committee, 'committee-onboarding-queue');
    await committee.getByRole('link', { name: `Onboarding of ${n1.name}` }).click();
    await committee.getByRole('heading', { level: 1, name: `Onboarding of ${n1.name}` }).waitFor();
    for (const k of checklist) {
      const item = committee.getByRole('article', { name: k.title, exact: true });
      await item.getByRole('button', { name: `Accept ${k.title}`, exact: true }).click();
      await item.getByText(/^Accepted/).waitFor();
    }
    await committee.getByRole('button', { name: 'Approve step' }).click();
  });

  await step('the review steps are approved in the UI, each by its role, and the onboarding is approved', async () => {
    for (;;) {
      const v = await api<View>(c.hubUrl, tokens.committee, 'GET', `${ACCESS}/onboardings/${onboarding1}`);
      if (!v.nextStep) { assert.equal(v.onboarding.status, 'approved'); break; }
      const page = v.nextStep.role === 'operator' ? operator : committee;
      await page.goto(`${c.hubUrl}/onboarding/${encodeURIComponent(onboarding1)}`);
      if (v.nextStep.role === 'operator') await shot(page, 'operator-onboarding-review');
      await page.getByRole('button', { name: 'Approve step' }).click();
      await until(async () => (await api<View>(c.hubUrl, tokens.committee, 'GET', `${ACCESS}/onboardings/${onboarding1}`)).nextStep?.id !== v.nextStep!.id, `step ${v.nextStep.id} approved`, 15_000);
    }
    await holder1.reload();
    await holder1.getByText('approved', { exact: true }).first().waitFor();
    await shot(holder1, 'holder-onboarding-approved');
  });

  await step('node 1 receives the hub\'s acceptance of its agreements and publishes', async () => {
    await until(async () => (await api<{ missing: unknown[] }>(n1.url, tokens.node1, 'GET', '/api/agreements')).missing.length === 0, 'the hub\'s accepted agreements at node 1', 60_000);
    await node1Steward.goto(`${n1.url}/agreements`);
    await node1Steward.getByRole('table', { name: 'Agreements on file' }).getByText('hub (onboarding)').first().waitFor();
    await shot(node1Steward, 'node-agreements');
    await publish(n1, node1Steward);
    await node1Steward.getByText('Changed from released to published.').waitFor();
  });

  const researcher = await signedIn(browser, errors, hubSignIn(c.hubDir, c.hubUrl, 'researcher', 'researcher-1'));
  const holder2 = await signedIn(browser, errors, hubSignIn(c.hubDir, c.hubUrl, 'steward', 'holder-south'));

  await step('the researcher finds both nodes\' datasets in the hub\'s search and puts one of each in the cart', async () => {
    await researcher.goto(`${c.hubUrl}/search`);
    await researcher.getByRole('heading', { level: 1, name: 'Federated search' }).waitFor();
    await searchLungCtOrBreast(researcher);
    const rows = researcher.getByRole('table', { name: 'Matching datasets' }).getByRole('row');
    for (const n of c.nodes) {
      const add = rows.filter({ hasText: n.id }).first().getByRole('button', { name: /^Add .+ to the cart$/ });
      await add.waitFor({ timeout: 30_000 });
      await add.click();
    }
    await researcher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cart' }).click();
    await researcher.getByText(/at 2 nodes/).waitFor();
  });

  const permit = await researcherRequestSteps(step, { c, researcher, committee, holder1, holder2, node1Steward, tokens, files, shot });

  await step('the revoked permit is refused at node 1\'s next check, and node 2 has no permit', async () => {
    const jwt = permit.jwt();
    const r = await fetch(`${n1.url}/api/permits/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ permit: jwt, action: 'download' }) });
    assert.equal(r.status, 403);
    assert.equal(((await r.json()) as { code: string }).code, 'PERMIT_REVOKED');
    // The steward sees both checks among the permit's uses: the one allowed before, the one refused now.
    await node1Steward.reload();
    await node1Steward.getByRole('button', { name: /^Show uses of/ }).click();
    const uses = node1Steward.getByRole('table', { name: /^Uses of the permit/ });
    await uses.getByText('refused', { exact: true }).waitFor();
    await uses.getByText('PERMIT_REVOKED').waitFor();
    await shot(node1Steward, 'node-permits');
    const node2 = await api<{ permits: unknown[] }>(n2.url, await nodeToken(n2.dataDir, 'steward', 'steward-south'), 'GET', '/api/permits');
    assert.deepEqual(node2.permits, []);
  });

  assert.deepEqual(errors, [], 'no page threw');
  assert.deepEqual(inaccessible, [], 'no WCAG 2.1 AA violation axe-core can find on any role\'s page');
});
