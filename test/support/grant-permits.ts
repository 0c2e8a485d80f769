/**
 * An access request walked to its permits through the hub's HTTP API, as the parties would in the UI (the
 * access e2e walks the same steps in Chromium): the researcher drafts it for datasets at several nodes, fills
 * the application form, uploads the ethics approval and DPIA and submits; the committee approves; each node's
 * data holder checks availability, states conditions (the permit's actions and expiry), the researcher accepts,
 * the holder grants, and each node signs its permit.
 */
import { SAMPLE_APPLICATION } from '@oncoatlas/access';
import { syntheticPdf } from '@oncoatlas/testkit';

export interface GrantedResource {
  readonly node: string;
  /** The dataset's catalogue UUID at that node. */
  readonly dataset: string;
  readonly name: string;
  /** The data holder's hub token (the steward who onboarded that node). */
  readonly holder: string;
}

export interface Grant {
  readonly hubUrl: string;
  readonly researcher: string;
  readonly committee: string;
  readonly resources: readonly GrantedResource[];
  readonly actions: readonly string[];
  readonly days?: number;
}

type Json = Record<string, any>;

async function call(hubUrl: string, token: string, method: string, path: string, body?: unknown, raw?: { type: string; bytes: Uint8Array }): Promise<Json> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (raw) headers['content-type'] = raw.type;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${hubUrl}/hub/api/access${path}`, { method, headers, ...(raw ? { body: raw.bytes } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) as Json : {};
}

/** Walks one request to granted resources; resolves with the request id and the permits' ids by node. */
export async function grantPermits(g: Grant): Promise<{ request: string; permits: Map<string, string> }> {
  const created = await call(g.hubUrl, g.researcher, 'POST', '/requests', { resources: g.resources.map(({ node, dataset, name }) => ({ node, dataset, name })) });
  const id = created.request.id as string;
  await call(g.hubUrl, g.researcher, 'PUT', `/requests/${id}/form`, SAMPLE_APPLICATION);
  for (const kind of ['ethics-approval', 'dpia']) {
    await call(g.hubUrl, g.researcher, 'POST', `/requests/${id}/documents?kind=${kind}&filename=${kind}.pdf`, undefined, { type: 'application/pdf', bytes: syntheticPdf(`SYNTHETIC ${kind} - test only`) });
  }
  await call(g.hubUrl, g.researcher, 'POST', `/requests/${id}/events`, { event: 'SUBMIT' });
  let view = await call(g.hubUrl, g.committee, 'POST', `/requests/${id}/events`, { event: 'APPROVE' });
  const expiresAt = new Date(Date.now() + (g.days ?? 90) * 86_400_000).toISOString();
  const permits = new Map<string, string>();
  for (const r of g.resources) {
    const rid = (view.resources as Json[]).find((x) => x.node === r.node && x.dataset === r.dataset)!.id as string;
    const step = (token: string, event: string, extra: object = {}): Promise<Json> => call(g.hubUrl, token, 'POST', `/requests/${id}/resources/${rid}/events`, { event, ...extra });
    await step(r.holder, 'MARK_AS_CHECKING_AVAILABILITY');
    await step(r.holder, 'MARK_AS_AVAILABLE');
    await step(r.holder, 'INDICATE_ACCESS_CONDITIONS', { conditions: { text: 'Cite the atlas; outputs reviewed at the node.', actions: g.actions, expiresAt } });
    await step(g.researcher, 'ACCEPT_ACCESS_CONDITIONS');
    view = await step(r.holder, 'GRANT_ACCESS_TO_RESOURCE');
    const granted = (view.resources as Json[]).find((x) => x.id === rid)!;
    if (!granted.permit?.id) throw new Error(`node ${r.node} granted no permit: ${JSON.stringify(granted)}`);
    permits.set(r.node, granted.permit.id as string);
  }
  return { request: id, permits };
}
