/**
 * Governed access over the hub's HTTP API (fastify inject, SQLite): onboarding with documents, rejections with
 * reasons, expiry, review steps in order and by their boards only; searchability; an access request from draft to
 * a permit issued by a (fake) node answering the real broker's task, a decline, messages and notifications per
 * party, permits read live and revoked; and what each party may not see or do.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLE_APPLICATION, signPermit, type PermitClaims } from '@oncoatlas/access';
import { Hub, loadOrCreateSigningKey, signAssertion, type SigningKey } from '@oncoatlas/hub';
import { buildHubServer } from './build-hub-server.ts';
import { createTokenVerifier, mintLocalToken } from '../auth/token-verifier.ts';
import type { Role } from '../auth/roles.ts';

const localKey = new TextEncoder().encode('the local key of the access test hub, long enough');
const DAY = 86_400_000;
type Json = any;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

async function setup(t: { after(fn: () => unknown): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-access-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The hub's clock, moved on by the tests (expiry); it starts now because nodes join with proofs signed now.
  const clock = { now: Date.now() };
  const hub = await Hub.open({ dataDir: dir, now: () => clock.now });
  const app = await buildHubServer({ hub, verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test' });
  t.after(async () => { await app.close(); await hub.close(); });
  const tokens = new Map<string, string>();
  const as = async (subject: string, role: Role) => {
    const k = `${subject}/${role}`;
    if (!tokens.has(k)) tokens.set(k, await mintLocalToken(localKey, { subject, roles: [role], hours: 24 * 365 * 10 }));
    return tokens.get(k)!;
  };
  const call = async (who: string, method: string, url: string, body?: unknown, raw?: { type: string; bytes: Buffer }) => {
    const r = await app.inject({
      method: method as 'GET', url: `/hub/api${url}`,
      headers: { authorization: `Bearer ${who}`, ...(raw ? { 'content-type': raw.type } : body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(raw ? { payload: raw.bytes } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: r.statusCode, json: (String(r.headers['content-type'] ?? '').includes('json') ? JSON.parse(r.body) : undefined) as Json, headers: r.headers, raw: r.rawPayload };
  };
  const nodes: { id: string; key: SigningKey }[] = [];
  for (const name of ['A', 'B']) {
    const key = await loadOrCreateSigningKey(join(dir, `node-${name}.key`));
    const joined = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: `Hospital ${name}` }) });
    await hub.approve(joined.id, 'op');
    nodes.push({ id: joined.id, key });
  }
  return { dir, hub, app, clock, as, call, nodes };
}

type Setup = Awaited<ReturnType<typeof setup>>;
const pdf = (s: string) => ({ type: 'application/pdf', bytes: Buffer.from(`%PDF-1.4 SYNTHETIC ${s}`) });

/** Files every required document, submits, accepts them all, and approves every step: the node becomes searchable. */
async function onboard(h: Setup, node: string, steward: string): Promise<string> {
  const [committee, operator] = [await h.as('carla', 'committee'), await h.as('olaf', 'operator')];
  const o = await h.call(steward, 'POST', '/access/onboardings', { node, path: 'federated', organisation: `Org ${node.slice(0, 6)}`, contact: { name: 'Steward', email: `${node.slice(0, 8)}@holder.example` } });
  assert.equal(o.status, 201, JSON.stringify(o.json));
  let v = (await h.call(steward, 'GET', `/access/onboardings/${o.json.id}`)).json;
  for (const c of v.checklist.filter((x: Json) => x.kind.required)) assert.equal((await h.call(steward, 'POST', `/access/onboardings/${o.json.id}/documents?kind=${c.kind.id}&filename=${c.kind.id}.pdf&validUntil=${inDays(365)}`, undefined, pdf(c.kind.id))).status, 201);
  assert.equal((await h.call(steward, 'POST', `/access/onboardings/${o.json.id}/submit`)).status, 200);
  v = (await h.call(committee, 'GET', `/access/onboardings/${o.json.id}`)).json;
  for (const c of v.checklist) if (c.document) assert.equal((await h.call(committee, 'POST', `/access/documents/${c.document.id}/decision`, { decision: 'accept' })).status, 200);
  while (v.nextStep) v = (await h.call(v.nextStep.role === 'operator' ? operator : committee, 'POST', `/access/onboardings/${o.json.id}/reviews`, { step: v.nextStep.id, decision: 'approve' })).json;
  assert.equal(v.onboarding.status, 'approved');
  return o.json.id;
}

/** Answers the node's tasks from the real broker as its agent would, until the test ends. */
function fakeNode(t: { after(fn: () => unknown): void }, h: Setup, node: { id: string; key: SigningKey }, answer: (type: string, payload: Json) => Promise<unknown>) {
  const stop = new AbortController();
  const seen: string[] = [];
  // node:test runs after-hooks in order: the hub closes first, so a poll then ends the loop rather than failing it.
  const loop = (async () => {
    while (!stop.signal.aborted) {
      const tasks = await h.hub.broker.takeTasks(node.id, 200, stop.signal).catch(() => (stop.abort(), []));
      for (const jws of tasks) {
        const task = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).task as { id: string; type: string; payload: Json };
        seen.push(task.type);
        const body = await answer(task.type, task.payload).then((b) => ({ status: 'succeeded' as const, body: b }), (e: Error) => ({ status: 'failed' as const, body: { code: (e as { code?: string }).code ?? 'INTERNAL' } }));
        await h.hub.broker.reply(node.id, task.id, body);
      }
    }
  })();
  t.after(async () => { stop.abort(); await loop; });
  return seen;
}

test('onboarding: checklist, uploads, a rejected document, review steps in order by their boards, expiry, and searchability', async (t) => {
  const h = await setup(t);
  const [a, b] = h.nodes as [typeof h.nodes[0], typeof h.nodes[0]];
  const ana = await h.as('ana', 'steward');
  const bo = await h.as('bo', 'steward');
  const committee = await h.as('carla', 'committee');
  const operator = await h.as('olaf', 'operator');
  const rita = await h.as('rita', 'researcher');

  const lists = (await h.call(rita, 'GET', '/access/checklists')).json;
  assert.ok(lists.paths.federated.some((k: Json) => k.id === 'dsa') && lists.paths.transfer.some((k: Json) => k.id === 'dta'));
  assert.deepEqual(lists.reviewSteps.map((s: Json) => s.id), ['access-committee', 'technical-board', 'ethical-legal-board', 'decision']);
  assert.equal((await h.call(rita, 'GET', '/access/form-schema')).json.$id, 'https://oncoatlas.eu/schemas/access-application-1.json');
  assert.equal((await h.call(rita, 'POST', '/access/onboardings', { node: a.id, path: 'federated', organisation: 'X', contact: { name: 'X', email: 'x@x.example' } })).status, 403, 'a researcher onboards nothing');

  const created = await h.call(ana, 'POST', '/access/onboardings', { node: a.id, path: 'federated', organisation: 'Hospital A', contact: { name: 'Ana', email: 'ana@a.example' } });
  assert.equal(created.status, 201);
  const id = created.json.id as string;
  assert.equal(created.json.status, 'draft');
  assert.equal((await h.call(bo, 'POST', '/access/onboardings', { node: a.id, path: 'transfer', organisation: 'Not A', contact: { name: 'Bo', email: 'bo@b.example' } })).json.code, 'AUTH_FORBIDDEN', 'another steward cannot take over a represented node');
  assert.equal((await h.call(bo, 'GET', `/access/onboardings/${id}`)).status, 404, 'another steward does not see it');
  assert.deepEqual((await h.call(bo, 'GET', '/access/onboardings')).json.onboardings, []);

  const early = await h.call(ana, 'POST', `/access/onboardings/${id}/submit`);
  assert.equal(early.json.code, 'ACCESS_TRANSITION_REFUSED');
  assert.match(early.json.detail, /Data Sharing Agreement|dsa/);
  assert.equal((await h.call(ana, 'POST', `/access/onboardings/${id}/documents?kind=dta&filename=x.pdf`, undefined, pdf('x'))).json.code, 'ACCESS_DOCUMENT_INVALID', 'the DTA is the transfer path\'s');
  assert.equal((await h.call(ana, 'POST', `/access/onboardings/${id}/documents?kind=dsa&filename=x.pdf`, undefined, { type: 'application/pdf', bytes: Buffer.alloc(0) })).status, 400, 'empty');

  let view = (await h.call(ana, 'GET', `/access/onboardings/${id}`)).json;
  assert.ok(view.actions.includes('upload') && view.actions.includes('submit'));
  for (const c of view.checklist.filter((x: Json) => x.kind.required)) {
    const up = await h.call(ana, 'POST', `/access/onboardings/${id}/documents?kind=${c.kind.id}&filename=${c.kind.id}.pdf${c.kind.expires ? `&validUntil=${inDays(30)}` : ''}`, undefined, pdf(c.kind.id));
    assert.equal(up.status, 201, JSON.stringify(up.json));
    assert.equal(up.json.uploadedBy, 'ana @ urn:oncoatlas:node');
    assert.equal(statSync(join(h.dir, 'documents', up.json.sha256)).mode & 0o777, 0o600, 'document bytes are owner-only');
  }
  view = (await h.call(ana, 'POST', `/access/onboardings/${id}/submit`)).json;
  assert.equal(view.onboarding.status, 'submitted');
  assert.ok(view.checklist.filter((c: Json) => c.kind.required).every((c: Json) => c.state === 'submitted'));

  // The committee rejects one document with a reason; the holder files it again.
  const dsa = view.checklist.find((c: Json) => c.kind.id === 'dsa').document;
  assert.equal((await h.call(committee, 'POST', `/access/documents/${dsa.id}/decision`, { decision: 'reject' })).json.code, 'ACCESS_TRANSITION_REFUSED', 'no reason');
  assert.equal((await h.call(ana, 'POST', `/access/documents/${dsa.id}/decision`, { decision: 'accept' })).status, 403, 'the holder decides nothing');
  assert.equal((await h.call(committee, 'POST', `/access/documents/${dsa.id}/decision`, { decision: 'reject', reason: 'Unsigned' })).json.state, 'rejected');
  view = (await h.call(ana, 'GET', `/access/onboardings/${id}`)).json;
  assert.deepEqual([view.checklist.find((c: Json) => c.kind.id === 'dsa').state, view.checklist.find((c: Json) => c.kind.id === 'dsa').document.reason], ['rejected', 'Unsigned']);
  assert.ok((await h.call(ana, 'GET', '/access/notifications')).json.notifications.some((n: Json) => /rejected/.test(n.text)));
  assert.equal((await h.call(ana, 'POST', `/access/onboardings/${id}/documents?kind=dsa&filename=dsa-signed.pdf`, undefined, pdf('dsa signed'))).status, 201);

  // The document's bytes: the parties only.
  const content = await h.call(committee, 'GET', `/access/documents/${dsa.id}/content`);
  assert.equal(content.status, 200);
  assert.match(String(content.headers['content-disposition']), /^attachment/);
  assert.equal((await h.call(bo, 'GET', `/access/documents/${dsa.id}/content`)).status, 404);
  assert.equal((await h.call(rita, 'GET', `/access/documents/${dsa.id}/content`)).status, 404);

  // Steps in order, each by its board; the decision needs every document accepted.
  assert.equal((await h.call(operator, 'POST', `/access/onboardings/${id}/reviews`, { step: 'access-committee', decision: 'approve' })).json.code, 'ACCESS_TRANSITION_REFUSED', 'not the operator\'s step');
  assert.equal((await h.call(committee, 'POST', `/access/onboardings/${id}/reviews`, { step: 'technical-board', decision: 'approve' })).json.code, 'ACCESS_TRANSITION_REFUSED', 'not the next step');
  assert.equal((await h.call(ana, 'POST', `/access/onboardings/${id}/reviews`, { step: 'access-committee', decision: 'approve' })).status, 403);
  view = (await h.call(committee, 'POST', `/access/onboardings/${id}/reviews`, { step: 'access-committee', decision: 'approve' })).json;
  assert.deepEqual([view.onboarding.status, view.nextStep.id], ['in-review', 'technical-board']);
  view = (await h.call(operator, 'POST', `/access/onboardings/${id}/reviews`, { step: 'technical-board', decision: 'approve' })).json;
  view = (await h.call(committee, 'POST', `/access/onboardings/${id}/reviews`, { step: 'ethical-legal-board', decision: 'approve' })).json;
  assert.equal(view.nextStep.id, 'decision');
  assert.match((await h.call(operator, 'POST', `/access/onboardings/${id}/reviews`, { step: 'decision', decision: 'approve' })).json.detail, /accepted/);

  // Not yet searchable: a count goes to no node of this hub.
  assert.equal((await h.call(rita, 'POST', '/queries', { payload: {} })).json.code, 'ONBOARDING_NOT_APPROVED');
  for (const c of view.checklist) if (c.document && c.state !== 'accepted') assert.equal((await h.call(committee, 'POST', `/access/documents/${c.document.id}/decision`, { decision: 'accept' })).json.state, 'accepted');
  view = (await h.call(operator, 'POST', `/access/onboardings/${id}/reviews`, { step: 'decision', decision: 'approve' })).json;
  assert.equal(view.onboarding.status, 'approved');
  assert.equal(view.nextStep, null);

  // Searchable now: a count dispatch skips node B, whose onboarding is not approved.
  const q = await h.call(rita, 'POST', '/queries', { payload: {}, deadlineMs: 200 });
  assert.deepEqual(q.json.nodes, [a.id]);
  assert.equal((await h.call(rita, 'POST', '/queries', { payload: {}, nodes: [b.id], deadlineMs: 200 })).json.code, 'ONBOARDING_NOT_APPROVED');
  assert.equal((await h.call(rita, 'POST', '/queries', { type: 'permit-issue', payload: {}, nodes: [a.id] })).status, 403, 'the hub\'s own tasks are not a researcher\'s to send');
  assert.equal((await h.call(rita, 'POST', '/access/requests', { resources: [{ node: b.id, dataset: 'ds-b', name: 'B' }] })).json.code, 'ONBOARDING_NOT_APPROVED');

  // Expiry: an accepted document past its date is expired.
  h.clock.now += 40 * DAY;
  view = (await h.call(ana, 'GET', `/access/onboardings/${id}`)).json;
  assert.ok(view.checklist.some((c: Json) => c.kind.expires && c.state === 'expired'), JSON.stringify(view.checklist.map((c: Json) => [c.kind.id, c.state])));

  // Node B: a board rejects with a reason (none: refused).
  const ob = (await h.call(bo, 'POST', '/access/onboardings', { node: b.id, path: 'transfer', organisation: 'Hospital B', contact: { name: 'Bo', email: 'bo@b.example' } })).json;
  for (const c of (await h.call(bo, 'GET', `/access/onboardings/${ob.id}`)).json.checklist.filter((x: Json) => x.kind.required)) await h.call(bo, 'POST', `/access/onboardings/${ob.id}/documents?kind=${c.kind.id}&filename=f.pdf`, undefined, pdf(c.kind.id));
  assert.equal((await h.call(bo, 'POST', `/access/onboardings/${ob.id}/submit`)).json.onboarding.status, 'submitted');
  assert.equal((await h.call(committee, 'POST', `/access/onboardings/${ob.id}/reviews`, { step: 'access-committee', decision: 'reject' })).json.code, 'ACCESS_TRANSITION_REFUSED');
  const rejected = (await h.call(committee, 'POST', `/access/onboardings/${ob.id}/reviews`, { step: 'access-committee', decision: 'reject', reason: 'No DPO report' })).json;
  assert.equal(rejected.onboarding.status, 'rejected');
  assert.equal(rejected.reviews[0].reason, 'No DPO report');
  assert.ok((await h.call(bo, 'GET', '/access/notifications')).json.notifications.some((n: Json) => /rejected \(No DPO report\)/.test(n.text)));
  assert.ok((await h.hub.store.auditHead()).size > 20, 'every change is in the hub\'s audit log');
});

test('an access request: draft, form, documents, submit, approve, resource steps, a permit issued by the node; a decline; messages, notifications, permits', async (t) => {
  const h = await setup(t);
  const [a, b] = h.nodes as [typeof h.nodes[0], typeof h.nodes[0]];
  const [ana, bo] = [await h.as('ana', 'steward'), await h.as('bo', 'steward')];
  const [committee, operator] = [await h.as('carla', 'committee'), await h.as('olaf', 'operator')];
  const [rita, rob] = [await h.as('rita', 'researcher'), await h.as('rob', 'researcher')];
  await onboard(h, a.id, ana);
  await onboard(h, b.id, bo);
  let revoked = false;
  const issued = new Map<string, PermitClaims>();
  const seenA = fakeNode(t, h, a, async (type, p) => {
    if (type === 'permit-issue') {
      const claims: PermitClaims = { id: `permit-${issued.size + 1}`, node: a.id, researcher: p.researcher, dataset: { uuid: p.dataset, id: 'ct', version: 1 }, purpose: p.purpose, actions: p.actions, issuedAt: new Date(h.clock.now).toISOString(), expiresAt: p.expiresAt, request: p.request, resource: p.resource, grantedBy: p.grantedBy };
      issued.set(claims.id, claims);
      return { permit: await signPermit(a.key.privateKey, claims), claims };
    }
    if (type === 'permit-status') return { claims: issued.get(p.permit), status: revoked ? 'revoked' : 'active', revokedAt: null, reason: null, uses: [{ at: new Date().toISOString(), action: 'download', outcome: 'allowed', code: null }] };
    if (type === 'permit-revoke') { revoked = true; return { status: 'revoked', revokedAt: new Date().toISOString() }; }
    return { stored: 1 };
  });

  const created = await h.call(rita, 'POST', '/access/requests', { resources: [{ node: a.id, dataset: 'uuid-a', name: 'A: CT' }, { node: b.id, dataset: 'uuid-b', name: 'B: lung' }] });
  assert.equal(created.status, 201);
  const id = created.json.request.id as string;
  assert.equal(created.json.request.state, 'DRAFT');
  assert.deepEqual(created.json.allowedEvents.sort(), ['ABANDON', 'SUBMIT']);
  for (const who of [rob, ana, committee]) assert.equal((await h.call(who, 'GET', `/access/requests/${id}`)).status, 404, 'a draft is its researcher\'s alone');
  assert.deepEqual((await h.call(rob, 'GET', '/access/requests')).json.requests, []);

  assert.equal((await h.call(rita, 'PUT', `/access/requests/${id}/form`, { contact: { email: 'not an address' } })).json.code, 'ACCESS_FORM_INVALID');
  assert.equal((await h.call(rita, 'PUT', `/access/requests/${id}/form`, { summary: { title: 'Partial' } })).status, 200);
  const incomplete = await h.call(rita, 'POST', `/access/requests/${id}/events`, { event: 'SUBMIT' });
  assert.equal(incomplete.json.code, 'ACCESS_FORM_INVALID');
  assert.match(incomplete.json.detail, /\/contact/);
  assert.equal((await h.call(rita, 'PUT', `/access/requests/${id}/form`, SAMPLE_APPLICATION)).json.request.title, SAMPLE_APPLICATION.summary.title);
  assert.match((await h.call(rita, 'POST', `/access/requests/${id}/events`, { event: 'SUBMIT' })).json.detail, /ethics-approval/);
  for (const kind of ['ethics-approval', 'dpia']) assert.equal((await h.call(rita, 'POST', `/access/requests/${id}/documents?kind=${kind}&filename=${kind}.pdf`, undefined, pdf(kind))).status, 201);
  assert.equal((await h.call(rob, 'POST', `/access/requests/${id}/documents?kind=other&filename=x.pdf`, undefined, pdf('x'))).status, 404);
  let view = (await h.call(rita, 'POST', `/access/requests/${id}/events`, { event: 'SUBMIT' })).json;
  assert.equal(view.request.state, 'SUBMITTED');
  assert.equal((await h.call(rita, 'PUT', `/access/requests/${id}/form`, SAMPLE_APPLICATION)).json.code, 'ACCESS_TRANSITION_REFUSED', 'the form is fixed once submitted');

  assert.equal((await h.call(rita, 'POST', `/access/requests/${id}/events`, { event: 'APPROVE' })).json.code, 'ACCESS_TRANSITION_REFUSED', 'a researcher approves nothing');
  assert.deepEqual((await h.call(committee, 'GET', '/access/requests')).json.requests.map((r: Json) => r.id), [id], 'in the committee\'s queue');
  view = (await h.call(committee, 'POST', `/access/requests/${id}/events`, { event: 'APPROVE' })).json;
  assert.equal(view.request.state, 'IN_PROGRESS');
  assert.deepEqual(view.resources.map((r: Json) => r.state), ['REPRESENTATIVE_CONTACTED', 'REPRESENTATIVE_CONTACTED']);
  const ra = view.resources.find((r: Json) => r.node === a.id);
  const rb = view.resources.find((r: Json) => r.node === b.id);

  // A steward of node B cannot act on node A's resource, and sees only what concerns B.
  const asBo = (await h.call(bo, 'GET', `/access/requests/${id}`)).json;
  assert.deepEqual(asBo.resources.find((r: Json) => r.id === ra.id).allowedEvents, []);
  assert.ok(asBo.resources.find((r: Json) => r.id === rb.id).allowedEvents.includes('MARK_AS_CHECKING_AVAILABILITY'));
  assert.equal((await h.call(bo, 'POST', `/access/requests/${id}/resources/${ra.id}/events`, { event: 'MARK_AS_CHECKING_AVAILABILITY' })).json.code, 'ACCESS_TRANSITION_REFUSED');
  assert.equal((await h.call(rob, 'POST', `/access/requests/${id}/resources/${ra.id}/events`, { event: 'MARK_AS_CHECKING_AVAILABILITY' })).status, 404);

  const stepA = async (who: string, event: string, extra: object = {}) => h.call(who, 'POST', `/access/requests/${id}/resources/${ra.id}/events`, { event, ...extra });
  assert.equal((await stepA(ana, 'MARK_AS_CHECKING_AVAILABILITY')).status, 200);
  assert.equal((await stepA(ana, 'MARK_AS_AVAILABLE')).status, 200);
  assert.equal((await stepA(ana, 'INDICATE_ACCESS_CONDITIONS')).json.code, 'ACCESS_TRANSITION_REFUSED', 'conditions needed');
  const expiresAt = new Date(h.clock.now + 90 * DAY).toISOString();
  assert.equal((await stepA(ana, 'INDICATE_ACCESS_CONDITIONS', { conditions: { text: 'Cite the atlas.', actions: ['download', 'in-situ'], expiresAt } })).status, 200);
  assert.equal((await stepA(ana, 'ACCEPT_ACCESS_CONDITIONS')).json.code, 'ACCESS_TRANSITION_REFUSED', 'the researcher accepts, not the holder');
  assert.equal((await stepA(rita, 'ACCEPT_ACCESS_CONDITIONS')).status, 200);
  const granted = await stepA(ana, 'GRANT_ACCESS_TO_RESOURCE');
  assert.equal(granted.status, 200, JSON.stringify(granted.json));
  const grantedA = granted.json.resources.find((r: Json) => r.id === ra.id);
  assert.equal(grantedA.state, 'RESOURCE_MADE_AVAILABLE');
  assert.deepEqual([grantedA.permit.id, grantedA.permit.status, grantedA.permit.actions], ['permit-1', 'active', ['download', 'in-situ']]);
  assert.ok(seenA.includes('permit-issue'));
  assert.ok(seenA.includes('access-onboarding'), 'the node heard its onboarding\'s statement');
  const claims = issued.get('permit-1')!;
  assert.equal(claims.researcher, 'rita @ urn:oncoatlas:node');
  assert.match(claims.purpose, /Lesion detection in prostate MRI/);

  // Node B declines: unavailable, with a reason the researcher reads.
  const stepB = async (event: string, extra: object = {}) => h.call(bo, 'POST', `/access/requests/${id}/resources/${rb.id}/events`, { event, ...extra });
  await stepB('MARK_AS_CHECKING_AVAILABILITY');
  assert.equal((await stepB('MARK_AS_UNAVAILABLE')).json.code, 'ACCESS_TRANSITION_REFUSED', 'a reason is needed');
  assert.equal((await stepB('MARK_AS_UNAVAILABLE', { reason: 'Consent does not cover AI training' })).json.resources.find((r: Json) => r.id === rb.id).state, 'RESOURCE_UNAVAILABLE');

  // Messages: each party reads what was addressed to them.
  await h.call(rita, 'POST', `/access/requests/${id}/messages`, { text: 'Hello all' });
  await h.call(ana, 'POST', `/access/requests/${id}/messages`, { text: 'Only for A and the researcher', audience: a.id });
  await h.call(committee, 'POST', `/access/requests/${id}/messages`, { text: 'Board note', audience: 'committee' });
  const texts = async (who: string) => (await h.call(who, 'GET', `/access/requests/${id}/messages`)).json.messages.map((m: Json) => m.text).sort();
  assert.deepEqual(await texts(rita), ['Hello all', 'Only for A and the researcher']);
  assert.deepEqual(await texts(bo), ['Hello all']);
  assert.deepEqual(await texts(operator), ['Board note', 'Hello all', 'Only for A and the researcher']);
  assert.equal((await h.call(rob, 'GET', `/access/requests/${id}/messages`)).status, 404);
  assert.equal((await h.call(bo, 'POST', `/access/requests/${id}/messages`, { text: 'x', audience: a.id })).status, 403, 'not into another node\'s thread');

  // Notifications per recipient.
  const notes = async (who: string) => (await h.call(who, 'GET', '/access/notifications')).json;
  const ritas = await notes(rita);
  assert.ok(ritas.notifications.some((n: Json) => /approved by the access committee/.test(n.text)));
  assert.ok(ritas.notifications.some((n: Json) => /made available/.test(n.text)));
  assert.ok(ritas.notifications.some((n: Json) => /Consent does not cover AI training/.test(n.text)));
  assert.ok(!ritas.notifications.some((n: Json) => /Hello all|Board note/.test(n.text)), 'no message text in a notification');
  assert.ok((await notes(committee)).notifications.some((n: Json) => /waits for the access committee/.test(n.text)));
  assert.deepEqual((await notes(rob)).notifications, []);
  assert.equal((await h.call(rob, 'POST', `/access/notifications/${ritas.notifications[0].id}/read`)).status, 404);
  assert.equal((await h.call(rita, 'POST', `/access/notifications/${ritas.notifications[0].id}/read`)).status, 204);
  assert.equal((await notes(rita)).unread, ritas.unread - 1);

  // Permits: the researcher's own, node A's steward's; live from the node; revoked by the committee.
  assert.deepEqual((await h.call(rita, 'GET', '/access/permits')).json.permits.map((p: Json) => p.id), ['permit-1']);
  assert.deepEqual((await h.call(ana, 'GET', '/access/permits')).json.permits.map((p: Json) => p.id), ['permit-1']);
  assert.deepEqual((await h.call(bo, 'GET', '/access/permits')).json.permits, []);
  assert.deepEqual((await h.call(rob, 'GET', '/access/permits')).json.permits, []);
  assert.equal((await h.call(rob, 'GET', '/access/permits/permit-1')).status, 404);
  const live = (await h.call(rita, 'GET', '/access/permits/permit-1')).json;
  assert.deepEqual([live.live.status, live.live.uses.length], ['active', 1]);
  assert.equal((await h.call(rita, 'POST', '/access/permits/permit-1/revoke', { reason: 'x' })).status, 403);
  // The signed permit is the researcher's credential: theirs to download, nobody else's (not even the committee's).
  const token = (await h.call(rita, 'GET', '/access/permits/permit-1/token')).json;
  assert.equal(token.claims.id, 'permit-1');
  assert.match(token.permit, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal((await h.call(rob, 'GET', '/access/permits/permit-1/token')).status, 404);
  assert.equal((await h.call(committee, 'GET', '/access/permits/permit-1/token')).status, 403);
  assert.equal((await h.call(committee, 'POST', '/access/permits/permit-1/revoke', { reason: 'Misuse reported' })).json.status, 'revoked');
  assert.equal((await h.call(rita, 'GET', '/access/permits/permit-1')).json.live.status, 'revoked');

  // Conclude; a second request is declined with a reason the researcher reads.
  assert.equal((await h.call(rita, 'POST', `/access/requests/${id}/events`, { event: 'CONCLUDE' })).json.request.state, 'CONCLUDED');
  const second = (await h.call(rob, 'POST', '/access/requests', { resources: [{ node: a.id, dataset: 'uuid-a', name: 'A: CT' }] })).json.request.id as string;
  await h.call(rob, 'PUT', `/access/requests/${second}/form`, SAMPLE_APPLICATION);
  for (const kind of ['ethics-approval', 'dpia']) await h.call(rob, 'POST', `/access/requests/${second}/documents?kind=${kind}&filename=f.pdf`, undefined, pdf(kind));
  await h.call(rob, 'POST', `/access/requests/${second}/events`, { event: 'SUBMIT' });
  assert.equal((await h.call(committee, 'POST', `/access/requests/${second}/events`, { event: 'DECLINE' })).json.code, 'ACCESS_TRANSITION_REFUSED', 'a decline needs a reason');
  const declined = (await h.call(committee, 'POST', `/access/requests/${second}/events`, { event: 'DECLINE', reason: 'Out of the atlas\'s scope' })).json;
  assert.equal(declined.request.state, 'DECLINED');
  assert.equal(declined.history.find((e: Json) => e.event === 'DECLINE').reason, 'Out of the atlas\'s scope');
  assert.ok((await notes(rob)).notifications.some((n: Json) => /Out of the atlas's scope/.test(n.text)));
  assert.equal((await h.call(rita, 'GET', `/access/requests/${second}`)).status, 404, 'a researcher cannot read another\'s request');
});
