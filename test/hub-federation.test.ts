/**
 * The hub and its nodes over real loopback sockets: join → pending → approve → the agent gets a token,
 * long-polls and answers signed tasks; a node killed mid-query is named missing at the deadline; its agent
 * restarted answers the next query; revocation stops renewals; a spent budget refuses the query.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hub, joinHub, runAgent, signAssertion, type AgentLogEntry, type TaskHandler, loadOrCreateSigningKey, NODE_KEY_FILE } from '@oncoatlas/hub';
import { buildHubServer, createTokenVerifier, mintLocalToken } from '@oncoatlas/server';
import { isOncoAtlasError } from '@oncoatlas/core';
import { onboardSynthetic } from '../scripts/synthetic-onboarding.ts';

const localKey = new TextEncoder().encode('the local key of this test hub, long enough!');

async function startHub(t: { after(fn: () => unknown): void }, budget = { total: 10, windowDays: 30 }) {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hub = await Hub.open({ dataDir: dir, budget });
  const app = await buildHubServer({ hub, verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  t.after(async () => { await app.close(); await hub.close(); });
  const token = (subject: string, role: 'operator' | 'researcher') => mintLocalToken(localKey, { subject, roles: [role], hours: 1 });
  const call = async (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: await res.json().catch(() => undefined) as any };
  };
  return { dir, hub, url, token, call };
}

function startAgent(t: { after(fn: () => unknown): void }, dataDir: string, handler: TaskHandler) {
  const stop = new AbortController();
  const log: AgentLogEntry[] = [];
  const done = runAgent({ dataDir, handler, signal: stop.signal, log: (e) => log.push(e), pollSeconds: 2, backoff: { minMs: 50, maxMs: 300 } });
  t.after(async () => { stop.abort(); await done; });
  return { log, stop: async () => { stop.abort(); await done; } };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const echo: TaskHandler = async (task) => ({ echoed: task.payload });

test('join, approve, dispatch, answer; a node killed mid-query is missing at the deadline; restarted, it answers again', async (t) => {
  const h = await startHub(t);
  const [dirA, dirB] = ['a', 'b'].map((n) => { const d = mkdtempSync(join(tmpdir(), `oncoatlas-node-${n}-`)); t.after(() => rmSync(d, { recursive: true, force: true })); return d; }) as [string, string];
  const a = await joinHub({ hubUrl: h.url, dataDir: dirA, name: 'Hospital A' });
  const b = await joinHub({ hubUrl: h.url, dataDir: dirB, name: 'Hospital B' });
  assert.equal(a.status, 'pending');
  assert.equal(statSync(join(dirA, NODE_KEY_FILE)).mode & 0o777, 0o600, 'the node key is owner-only');
  // Joining again with the same key is the same node.
  assert.equal((await joinHub({ hubUrl: h.url, dataDir: dirA })).nodeId, a.nodeId);

  const agentA = startAgent(t, dirA, echo);
  await until('A told it is not approved', () => agentA.log.some((e) => e.event === 'state' && e.state === 'not-approved'));
  const op = await h.token('op', 'operator');
  const researcher = await h.token('alice', 'researcher');
  assert.equal((await h.call('POST', `/hub/api/queries`, op, { payload: {} })).status, 403, 'an operator does not query');
  for (const id of [a.nodeId, b.nodeId]) assert.equal((await h.call('POST', `/hub/api/nodes/${id}/approve`, op)).json.status, 'approved');
  await until('A connected after approval', () => agentA.log.some((e) => e.event === 'state' && e.state === 'connected'));

  let releaseB: (() => void) | undefined;
  let bGotTask = false;
  let agentB = startAgent(t, dirB, (task, signal) => {
    bGotTask = true;
    // B hangs on this task until its agent is killed.
    return new Promise((_, fail) => { releaseB = () => fail(new Error('killed')); signal.addEventListener('abort', () => fail(new Error('killed'))); });
  });

  const q1 = await h.call('POST', '/hub/api/queries', researcher, { type: 'echo', payload: { n: 1 }, deadlineMs: 1500 });
  assert.equal(q1.status, 202);
  await until('B took its task', () => bGotTask);
  await agentB.stop();
  const r1 = await h.call('GET', `/hub/api/queries/${q1.json.id}?wait=5`, researcher);
  assert.equal(r1.json.status, 'partial');
  assert.deepEqual(r1.json.missing, [b.nodeId]);
  assert.deepEqual(r1.json.results, [{ node: a.nodeId, status: 'succeeded', body: { echoed: { n: 1 } } }]);
  void releaseB;

  agentB = startAgent(t, dirB, echo);
  const q2 = await h.call('POST', '/hub/api/queries', researcher, { type: 'echo', payload: { n: 2 }, deadlineMs: 5000 });
  const r2 = await h.call('GET', `/hub/api/queries/${q2.json.id}?wait=10`, researcher);
  assert.equal(r2.json.status, 'complete');
  assert.deepEqual(r2.json.results.map((r: { node: string }) => r.node).sort(), [a.nodeId, b.nodeId].sort());
  // Another researcher does not see it.
  assert.equal((await h.call('GET', `/hub/api/queries/${q2.json.id}`, await h.token('bob', 'researcher'))).json.code, 'HUB_QUERY_NOT_FOUND');

  // The broker's own stream: replies as they come, then the outcome.
  const q3 = await h.hub.broker.dispatch({ type: 'echo', payload: { n: 3 }, deadlineMs: 5000, requester: 'carol @ test' });
  const seen: string[] = [];
  for await (const r of q3.replies()) seen.push(r.node);
  assert.deepEqual(seen.sort(), [a.nodeId, b.nodeId].sort());
  assert.equal((await q3.outcome()).status, 'complete');

  // Revoked: the next renewal is refused, and so is the poll with the token it holds.
  assert.equal((await h.call('POST', `/hub/api/nodes/${a.nodeId}/revoke`, op)).json.status, 'revoked');
  const keyA = await loadOrCreateSigningKey(join(dirA, NODE_KEY_FILE));
  await assert.rejects(h.hub.issueToken(await signAssertion(keyA, { audience: h.hub.identity().hubId, purpose: 'token' })), (e) => isOncoAtlasError(e, 'HUB_NODE_NOT_APPROVED'));
  await until('A told it is revoked', () => agentA.log.filter((e) => e.event === 'state' && e.state === 'not-approved').length >= 2);
  const nodes = await h.call('GET', '/hub/api/nodes', op);
  assert.deepEqual(nodes.json.nodes.map((n: { status: string }) => n.status).sort(), ['approved', 'revoked']);

  const head = await h.hub.store.auditHead();
  assert.ok(head.size >= 2 + 2 + 3 + 1, `the hub's audit log recorded joins, approvals, dispatches and revocation (${head.size})`);
  // Logs hold states and codes only.
  assert.ok(!JSON.stringify(agentA.log).includes(a.nodeId));
});

test('an assertion is single-use and short; a spent budget refuses the query', async (t) => {
  const h = await startHub(t, { total: 2.5, windowDays: 30 });
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-node-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const n = await joinHub({ hubUrl: h.url, dataDir: dir });
  await h.hub.approve(n.nodeId, 'test');
  // Counts go to onboarded nodes only: its data holder is onboarded with synthetic documents (docs/access.md).
  const [steward, committee] = await Promise.all((['steward', 'committee'] as const).map((r) => mintLocalToken(localKey, { subject: r, roles: [r], hours: 1 })));
  await onboardSynthetic({ hubUrl: h.url, node: n.nodeId, tokens: { steward: steward!, committee: committee!, operator: await h.token('op', 'operator') } });
  const key = await loadOrCreateSigningKey(join(dir, NODE_KEY_FILE));
  const assertion = await signAssertion(key, { audience: h.hub.identity().hubId, purpose: 'token' });
  const first = await h.call('POST', '/hub/api/agent/token', '', { assertion });
  assert.equal(first.status, 200);
  assert.ok(first.json.expiresAt - Date.now() <= 600_000);
  assert.equal((await h.call('POST', '/hub/api/agent/token', '', { assertion })).json.code, 'HUB_CREDENTIAL_INVALID', 'replayed');
  const join1 = await signAssertion(key, { audience: h.hub.identity().hubId, purpose: 'join' });
  assert.equal((await h.call('POST', '/hub/api/agent/token', '', { assertion: join1 })).json.code, 'HUB_CREDENTIAL_INVALID', 'a join proof is no token assertion');

  const researcher = await h.token('alice', 'researcher');
  for (let i = 0; i < 2; i++) { const r = await h.call("POST", "/hub/api/queries", researcher, { payload: { epsilon: 1 }, deadlineMs: 200 }); assert.equal(r.status, 202, JSON.stringify(r.json)); }
  const refused = await h.call('POST', '/hub/api/queries', researcher, { payload: { epsilon: 1 }, deadlineMs: 200 });
  assert.equal(refused.status, 429);
  assert.equal(refused.json.code, 'FEDERATION_BUDGET_SPENT');
  const budget = await h.call('GET', '/hub/api/budget', researcher);
  assert.equal(budget.json.remaining, 0.5);
  // The default ε (0.28) still fits.
  assert.equal((await h.call('POST', '/hub/api/queries', researcher, { payload: {}, deadlineMs: 200 })).status, 202);
});
