/**
 * A federated job end to end, in Chromium, across a REAL hub and two real nodes (each its own process, started
 * through the CLI; each node's agent dials out to the hub): both nodes publish and are onboarded; a researcher's
 * access request is granted at both with permits allowing federated jobs (through the hub's API: the access
 * e2e walks those pages); the researcher sends `series-stats` to both from the hub's Federated jobs page; each
 * node checks its permit and runs the tool in its sandbox; node 1's steward reviews and releases the outputs on
 * the node's Jobs page, node 2's steward through the API; the researcher downloads the combined result, which
 * holds both nodes' rows; both nodes' audit logs hold the job's USE_DATASETS events and verify.
 * Pages are photographed into docs/screenshots/jobs-*.png (docs/jobs.md shows them) and checked with axe-core.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { chromiumPath, requireChromium, requireWebBuild, WEB_DIST } from '@oncoatlas/testkit';
import { onboardSynthetic } from '../scripts/synthetic-onboarding.ts';
import { startAccessCluster, type AccessNode } from './support/access-cluster.ts';
import { api, hubSignIn, hubToken, nodeSignIn, nodeToken, signedIn, stepper, until, labelled } from './support/access-e2e-steps.ts';
import { accessibilityProblems } from './support/axe.ts';
import { cli } from './support/federation-cluster.ts';
import { grantPermits } from './support/grant-permits.ts';
import { requireSandbox } from './support/job-context.ts';

const SHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const inaccessible: string[] = [];
const shot = async (page: Page, name: string): Promise<void> => {
  inaccessible.push(...await accessibilityProblems(page, name));
  await page.screenshot({ path: join(SHOTS, `jobs-${name}.png`), fullPage: true });
};

async function datasetUuid(node: AccessNode, id: string): Promise<string> {
  const store = await openStore({ dataDir: node.dataDir });
  try {
    const uuid = (await new StudyLedger(store.db).datasets.datasetIdentity(id))?.uuid;
    assert.ok(uuid, `${node.name} publishes ${id}`);
    return uuid;
  } finally {
    await store.close();
  }
}

interface NodeJob { id: string; state: string; hubJob: string | null; outputs: { path: string; flags: { code: string }[] }[] }

test('a federated job over two nodes: sent from the hub UI, run in each sandbox, released by both stewards, combined', { timeout: 400_000 }, async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t) || !requireSandbox(t)) return;
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-jobs-e2e-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const c = await startAccessCluster(t, { root, web: WEB_DIST, studies: 60, publish: [true, true] });
  const [n1, n2] = c.nodes;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  t.after(() => browser.close());
  const errors: string[] = [];
  const failShots = mkdtempSync(join(tmpdir(), 'oncoatlas-jobs-e2e-failed-'));
  const step = stepper(t, async () => {
    for (const [i, pg] of browser.contexts().flatMap((x) => x.pages()).entries()) await pg.screenshot({ path: join(failShots, `page-${i}.png`), fullPage: true });
    t.diagnostic(`pages at the failure: ${failShots}`);
  });
  const tokens = {
    researcher: await hubToken(c.hubDir, 'researcher', 'researcher-rosa'),
    committee: await hubToken(c.hubDir, 'committee', 'committee-member'),
    operator: await hubToken(c.hubDir, 'operator', 'hub-operator'),
    holders: [await hubToken(c.hubDir, 'steward', 'holder-east'), await hubToken(c.hubDir, 'steward', 'holder-west')] as const,
    node2: await nodeToken(n2.dataDir, 'steward', 'steward-west'),
  };
  let hubJob = '';

  await step('both nodes are onboarded and the researcher is granted permits for federated jobs at both', async () => {
    for (const [i, n] of c.nodes.entries()) {
      await onboardSynthetic({ hubUrl: c.hubUrl, node: n.id, organisation: `${n.name} Synthetic Hospital`, tokens: { steward: tokens.holders[i]!, committee: tokens.committee, operator: tokens.operator } });
    }
    const resources = await Promise.all(c.nodes.map(async (n, i) => ({ node: n.id, dataset: await datasetUuid(n, 'ct'), name: `${n.name}: CT`, holder: tokens.holders[i]! })));
    const granted = await grantPermits({ hubUrl: c.hubUrl, researcher: tokens.researcher, committee: tokens.committee, resources, actions: ['federated-job', 'in-situ'] });
    assert.deepEqual([...granted.permits.keys()].sort(), [n1.id, n2.id].sort());
  });

  const researcher = await signedIn(browser, errors, hubSignIn(c.hubDir, c.hubUrl, 'researcher', 'researcher-rosa'));

  await step('the researcher sends series-stats to both nodes from the hub\'s Federated jobs page', async () => {
    await researcher.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Federated jobs' }).click();
    await researcher.getByRole('heading', { level: 1, name: 'Federated jobs' }).waitFor();
    const form = researcher.getByRole('form', { name: 'Send a federated job' });
    const tool = form.getByLabel(labelled('Tool'));
    await tool.locator('option[value="series-stats"]').waitFor({ state: 'attached' });
    await tool.selectOption('series-stats');
    for (const n of c.nodes) await form.getByRole('group', { name: `Node ${n.name}` }).getByRole('checkbox').first().check();
    await shot(researcher, 'hub-send');
    await form.getByRole('button', { name: 'Send the job' }).click();
    await researcher.getByRole('heading', { level: 1, name: /^Federated job: series-stats/ }).waitFor();
    hubJob = decodeURIComponent(new URL(researcher.url()).pathname.split('/').pop()!);
  });

  const nodeJob = async (n: AccessNode, token: string): Promise<NodeJob | undefined> =>
    (await api<{ jobs: NodeJob[] }>(n.url, token, 'GET', '/api/jobs')).jobs.find((j) => j.hubJob === hubJob);

  await step('each node checks its permit and runs the job in its sandbox; the hub shows both awaiting review', async () => {
    const table = researcher.getByRole('table', { name: 'The job at each node' });
    for (const n of c.nodes) await table.getByRole('row').filter({ hasText: n.name }).getByText('awaiting review').waitFor({ timeout: 120_000 });
    await shot(researcher, 'hub-awaiting-review');
  });

  const steward1 = await signedIn(browser, errors, nodeSignIn(n1.dataDir, n1.url, 'steward', 'steward-east'));

  await step('node 1\'s steward reviews the outputs on the node\'s Jobs page and releases them after confirming', async () => {
    await steward1.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await steward1.getByRole('heading', { level: 1, name: 'Jobs' }).waitFor();
    await steward1.getByRole('table', { name: 'Jobs' }).getByRole('link').first().click();
    await steward1.getByRole('table', { name: 'Provenance of the job' }).waitFor();
    const outputs = steward1.getByRole('table', { name: 'Outputs of the job' });
    await outputs.getByText('series-stats.csv', { exact: true }).waitFor();
    await outputs.getByRole('button', { name: 'Preview series-stats.csv' }).click();
    await steward1.getByRole('region', { name: 'Contents of series-stats.csv' }).waitFor();
    await steward1.getByLabel(labelled('Review note')).fill('Aggregates per series by ordinal; no identifiers found.');
    await shot(steward1, 'node-review');
    await steward1.getByRole('button', { name: 'Release…' }).click();
    const dialog = steward1.getByRole('dialog', { name: 'Release these outputs?' });
    // Photographed (and checked for contrast) once its opening transition has ended, not half faded in.
    await dialog.evaluate((el) => Promise.all(el.ownerDocument.getAnimations().map((a: { finished: Promise<unknown> }) => a.finished)));
    await shot(steward1, 'node-release-confirm');
    await dialog.getByRole('button', { name: 'Release outputs' }).click();
    await steward1.getByText('Reviewed:').waitFor();
  });

  await step('node 2\'s steward releases through the API', async () => {
    let job: NodeJob | undefined;
    await until(async () => (job = await nodeJob(n2, tokens.node2))?.state === 'awaiting-review', 'node 2\'s job awaiting review');
    const reviewed = await api<{ state: string }>(n2.url, tokens.node2, 'POST', `/api/jobs/${job!.id}/review`, { decision: 'release', note: 'Aggregates only.' });
    assert.equal(reviewed.state, 'released');
  });

  await step('the researcher sees both released and downloads the combined result, with both nodes\' rows', async () => {
    const table = researcher.getByRole('table', { name: 'The job at each node' });
    for (const n of c.nodes) await table.getByRole('row').filter({ hasText: n.name }).getByText('released', { exact: true }).waitFor({ timeout: 120_000 });
    const download = researcher.waitForEvent('download');
    await researcher.getByRole('button', { name: 'Download combined result' }).click();
    const saved = await (await download).path();
    const result = JSON.parse(readFileSync(saved, 'utf8')) as { files: { name: string; node?: string; text?: string }[] };
    const combined = result.files.find((f) => f.name === 'series-stats.csv' && f.node === undefined);
    assert.ok(combined?.text, `a combined series-stats.csv (got ${result.files.map((f) => `${f.name}@${f.node ?? 'all'}`).join(', ')})`);
    const [header, ...rows] = combined.text.trim().split('\n');
    assert.match(header!, /^node,/);
    for (const n of c.nodes) assert.ok(rows.some((r) => r.startsWith(`${n.id},`) || r.startsWith(`${n.name},`)), `rows of ${n.name}`);
    await researcher.getByRole('button', { name: 'Show its files' }).click().catch(() => undefined);
    await shot(researcher, 'hub-released');
  });

  await step('both nodes\' audit logs hold the job\'s permit check and provenance, and verify', async () => {
    for (const n of c.nodes) {
      const verified = await cli('audit', 'verify', '--data-dir', n.dataDir);
      assert.equal(verified.status, 0, verified.out);
      const shown = await cli('audit', 'show', '--data-dir', n.dataDir, '--json', '--limit', '100000');
      const events = shown.out.trim().split('\n').map((l) => JSON.parse(l) as { event: { type: string; permit?: { action: string; outcome: string; resource?: string }; job?: { state: string } } });
      assert.ok(events.some((e) => e.event.type === 'USE_DATASETS' && e.event.permit?.action === 'federated-job' && e.event.permit.outcome === 'allowed'), `${n.name}: the permit check`);
      for (const state of ['queued', 'awaiting-review']) assert.ok(events.some((e) => e.event.type === 'USE_DATASETS' && e.event.job?.state === state), `${n.name}: the job ${state}`);
      assert.ok(events.some((e) => e.event.type === 'JOB_REVIEWED'), `${n.name}: the review`);
    }
  });

  assert.deepEqual(errors, [], 'no script error on any page');
  assert.deepEqual(inaccessible, [], 'axe-core finds no WCAG 2.1 AA violation on the pages photographed');
});
