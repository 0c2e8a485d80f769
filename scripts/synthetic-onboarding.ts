/**
 * An honest onboarding of a node at a hub, over the hub's HTTP API, for demos and tests: a steward (the node's
 * representative) starts an onboarding on a path, files every required document of that path's checklist as a
 * small PDF that says on its face it is SYNTHETIC, submits; the committee and the operator accept each document
 * and approve each review step in order, each with their own token. Only then are the node's datasets searched.
 *
 * Tokens are the hub's local ones (`oncoatlas hub token new --role steward|committee|operator`).
 *
 * @example
 * await onboardSynthetic({ hubUrl, node: nodeId, tokens: { steward, committee, operator } });
 */
import { syntheticPdf } from '@oncoatlas/testkit';

export interface SyntheticOnboarding {
  readonly hubUrl: string;
  readonly node: string;
  readonly tokens: { readonly steward: string; readonly committee: string; readonly operator: string };
  readonly path?: 'federated' | 'transfer';
  readonly organisation?: string;
  /** The HTTP client (default global fetch): a test may pass one over fastify's inject. */
  readonly fetch?: typeof fetch;
}

interface Kind { readonly id: string; readonly title: string; readonly required: boolean; readonly requiredForPublication: boolean; readonly expires: boolean }
interface View {
  readonly onboarding: { readonly id: string; readonly status: string };
  readonly checklist: readonly { readonly kind: Kind; readonly document: { readonly id: string } | null }[];
  readonly nextStep: { readonly id: string; readonly role: string } | null;
}

export async function onboardSynthetic(o: SyntheticOnboarding): Promise<{ onboarding: string; documents: number }> {
  const http = o.fetch ?? fetch;
  const base = `${o.hubUrl.replace(/\/$/, '')}/hub/api/access`;
  const call = async <T>(method: string, path: string, token: string, body?: unknown, raw?: { type: string; bytes: Uint8Array }): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw) headers['content-type'] = raw.type;
    const res = await http(`${base}${path}`, { method, headers, ...(raw ? { body: raw.bytes } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    if (!res.ok) throw new Error(`onboarding ${o.node}: ${method} ${path} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const path = o.path ?? 'federated';
  const created = await call<{ id: string }>('POST', '/onboardings', o.tokens.steward, {
    node: o.node, path, organisation: o.organisation ?? 'Synthetic hospital (demo)', contact: { name: 'Synthetic data steward', email: 'steward@synthetic.invalid' },
  });
  const id = created.id;
  let view = await call<View>('GET', `/onboardings/${id}`, o.tokens.steward);
  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  let documents = 0;
  for (const { kind } of view.checklist.filter((c) => c.kind.required || c.kind.requiredForPublication)) {
    const q = new URLSearchParams({ kind: kind.id, filename: `synthetic-${kind.id}.pdf`, ...(kind.expires ? { validUntil: nextYear } : {}) });
    await call('POST', `/onboardings/${id}/documents?${q}`, o.tokens.steward, undefined, { type: 'application/pdf', bytes: syntheticPdf(`SYNTHETIC ${kind.title} - demo or test only, no real party`) });
    documents++;
  }
  await call('POST', `/onboardings/${id}/submit`, o.tokens.steward);
  view = await call<View>('GET', `/onboardings/${id}`, o.tokens.committee);
  for (const c of view.checklist) if (c.document) await call('POST', `/documents/${c.document.id}/decision`, o.tokens.committee, { decision: 'accept' });
  while (view.nextStep) {
    const token = view.nextStep.role === 'operator' ? o.tokens.operator : o.tokens.committee;
    view = await call<View>('POST', `/onboardings/${id}/reviews`, token, { step: view.nextStep.id, decision: 'approve' });
  }
  if (view.onboarding.status !== 'approved') throw new Error(`onboarding ${o.node} ended ${view.onboarding.status}, not approved`);
  return { onboarding: id, documents };
}
