/**
 * The access request part of the governed-access e2e, as each party does it in the hub's UI: the researcher
 * turns the cart into a request, fills the six sections (the synthetic SAMPLE_APPLICATION, field by field by
 * the ids the form gives its controls), uploads the ethics approval and the DPIA and submits; the committee
 * approves; holder 1 checks availability, marks its dataset available and indicates conditions, the researcher
 * accepts them, holder 1 grants access (node 1 signs the permit); holder 2 declines. Node 1's steward then
 * sees the permit and its uses at /permits and revokes it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { SAMPLE_APPLICATION } from '@oncoatlas/access';
import { fieldId } from '../../packages/web/src/access/form-model.ts';
import type { AccessCluster } from './access-cluster.ts';
import { api, until } from './access-e2e-steps.ts';

interface Parties {
  readonly c: AccessCluster;
  readonly researcher: Page;
  readonly committee: Page;
  readonly holder1: Page;
  readonly holder2: Page;
  readonly node1Steward: Page;
  readonly tokens: { readonly node1: string };
  readonly files: (name: string) => string;
  readonly shot: (page: Page, name: string) => Promise<unknown>;
}

type Step = (name: string, fn: () => Promise<void>) => Promise<void>;

/** Every answered leaf of a form object as [JSON pointer, value]. */
function leaves(value: unknown, pointer = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, `${pointer}/${k}`));
  }
  return value === '' ? [] : [[pointer, value]];
}

async function fillForm(page: Page, form: object): Promise<void> {
  for (const [pointer, value] of leaves(form)) {
    const control = page.locator(`#${fieldId(pointer)}`);
    if (typeof value === 'boolean') { if (value) await control.check(); continue; }
    if (Array.isArray(value)) {
      for (const v of value) await page.locator(`[id="${fieldId(pointer)}"] input[value="${v}"], input[name="${fieldId(pointer)}"][value="${v}"]`).first().check();
      continue;
    }
    if (await control.evaluate((el) => el.tagName === 'SELECT')) await control.selectOption(String(value));
    else await control.fill(String(value));
  }
}

/** One event of a resource (or the request), confirmed in its dialog; `fill` completes the dialog first. */
async function fire(page: Page, scope: ReturnType<Page['locator']> | Page, label: string, fill?: (dialog: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  await scope.getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog');
  if (fill) await fill(dialog);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

export async function researcherRequestSteps(step: Step, p: Parties): Promise<{ jwt: () => string }> {
  const { c, researcher, committee, holder1, holder2, node1Steward } = p;
  const [n1, n2] = c.nodes;
  let requestUrl = '';
  let jwt = '';
  const atNode = (page: Page, node: string) => page.getByRole('table', { name: `Datasets at node ${node}` });

  await step('the researcher requests access, fills the six sections, uploads the ethics approval and the DPIA, and submits', async () => {
    await researcher.getByRole('button', { name: 'Request access' }).click();
    await researcher.getByRole('form', { name: 'Application form' }).waitFor();
    requestUrl = researcher.url();
    await fillForm(researcher, SAMPLE_APPLICATION);
    for (const [kind, title] of [['ethics-approval', /^ethics approval/i], ['dpia', /^(dpia|data protection impact assessment)/i]] as const) {
      await researcher.getByLabel(new RegExp(`${title.source}.* file\\s*\\*?$`, 'i')).setInputFiles(p.files(`request-${kind}`));
      await researcher.getByRole('button', { name: new RegExp(`^Upload ${title.source.slice(1)}`, 'i') }).click();
      await researcher.getByRole('table', { name: 'Documents of the request' }).getByText(`request-${kind}.pdf`).waitFor();
    }
    await p.shot(researcher, 'researcher-request-form');
    await researcher.getByRole('form', { name: 'Application form' }).getByRole('button', { name: 'Submit request' }).click();
    await researcher.getByText('Submitted', { exact: true }).first().waitFor();
  });

  await step('the committee approves the request', async () => {
    await committee.goto(requestUrl);
    await fire(committee, committee, 'Approve');
    await committee.getByText('In progress', { exact: true }).first().waitFor();
    await p.shot(committee, 'committee-request');
  });

  await step('holder 1 makes its dataset available on conditions, the researcher accepts them, holder 1 grants access', async () => {
    await holder1.goto(requestUrl);
    await fire(holder1, atNode(holder1, n1.name), 'Check availability');
    await fire(holder1, atNode(holder1, n1.name), 'Mark as available');
    await fire(holder1, atNode(holder1, n1.name), 'Indicate access conditions', async (d) => {
      await d.getByRole('textbox', { name: 'Access conditions' }).fill('Synthetic data only; cite the atlas; no attempt to re-identify anyone.');
      await d.getByRole('checkbox', { name: /download/i }).check();
    });
    await researcher.goto(requestUrl);
    await fire(researcher, atNode(researcher, n1.name), 'Accept access conditions');
    await holder1.reload();
    await fire(holder1, atNode(holder1, n1.name), 'Grant access');
    await atNode(holder1, n1.name).getByText('Made available').waitFor({ timeout: 40_000 });
    await p.shot(holder1, 'holder-request');
  });

  await step('holder 2 declines its dataset', async () => {
    await holder2.goto(requestUrl);
    await fire(holder2, atNode(holder2, n2.name), 'Check availability');
    await fire(holder2, atNode(holder2, n2.name), 'Mark as unavailable', async (d) => { await d.getByRole('textbox', { name: 'Reason' }).fill('The cohort is reserved for an ongoing study.'); });
    await atNode(holder2, n2.name).getByText('Unavailable', { exact: true }).waitFor();
  });

  await step('the researcher sees the permit at the hub; node 1\'s steward sees it and its use at /permits', async () => {
    await researcher.goto(`${c.hubUrl}/permits`);
    await researcher.getByRole('heading', { level: 1 }).first().waitFor();
    await p.shot(researcher, 'researcher-permits');
    // The researcher's credential at the node: the signed permit, downloaded from the hub's permits page.
    const [download] = await Promise.all([researcher.waitForEvent('download'), researcher.getByRole('button', { name: /^Download permit for/ }).click()]);
    jwt = (await readFile(await download.path())).toString('utf8');
    assert.match(jwt, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const used = await fetch(`${n1.url}/api/permits/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ permit: jwt, action: 'download' }) });
    assert.equal(used.status, 200, await used.clone().text());
    const permits = await api<{ permits: { id: string }[] }>(n1.url, p.tokens.node1, 'GET', '/api/permits');
    assert.equal(permits.permits.length, 1);
    await node1Steward.goto(`${n1.url}/permits`);
    const table = node1Steward.getByRole('table', { name: 'Permits issued by this node' });
    await table.getByText('active').waitFor();
    await table.getByRole('button', { name: /^Show uses of/ }).click();
    await node1Steward.getByRole('table', { name: /^Uses of the permit/ }).getByText('allowed').waitFor();
  });

  await step('node 1\'s steward revokes the permit behind a confirmation', async () => {
    const table = node1Steward.getByRole('table', { name: 'Permits issued by this node' });
    await table.getByRole('button', { name: /^Revoke the permit of/ }).click();
    const dialog = node1Steward.getByRole('dialog');
    await dialog.getByLabel('Reason for revoking').fill('The researcher\'s ethics approval was withdrawn.');
    await dialog.getByRole('button', { name: 'Revoke permit' }).click();
    await table.getByText('revoked', { exact: true }).waitFor();
    await until(async () => (await api<{ permits: { status: string }[] }>(n1.url, p.tokens.node1, 'GET', '/api/permits')).permits[0]?.status === 'revoked', 'the permit revoked at node 1', 10_000);
  });

  return { jwt: () => jwt };
}
