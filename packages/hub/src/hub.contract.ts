/**
 * What the hub's store must do on every engine (run on SQLite by hub.test.ts, on PostgreSQL by
 * hub.int.test.ts): register and decide nodes, single-use ids, dispatch with budget, claim and answer tasks,
 * and an audit log that proves what it holds.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { proveInclusion } from '@oncoatlas/audit';
import { isOncoAtlasError } from '@oncoatlas/core';
import { signAssertion } from './credentials.ts';
import { Hub } from './hub.ts';
import { signingKeyOf } from './signing-key.ts';

export function hubContract(engine: string, database: () => string | undefined): void {
  test(`hub store on ${engine}: nodes, tokens, dispatch, tasks, budget, audit`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-store-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = database();
    const hub = await Hub.open({ dataDir: dir, ...(db ? { database: db } : {}), budget: { total: 1 } });
    t.after(() => hub.close());
    const key = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
    const proof = await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: 'A' });
    const node = await hub.join({ publicKey: key.publicJwk, proof });
    await assert.rejects(hub.join({ publicKey: key.publicJwk, proof }), (e) => isOncoAtlasError(e, 'HUB_JOIN_INVALID'));
    await assert.rejects(hub.issueToken(await signAssertion(key, { audience: hub.identity().hubId, purpose: 'token' })), (e) => isOncoAtlasError(e, 'HUB_NODE_NOT_APPROVED'));
    assert.equal((await hub.approve(node.id, 'op')).status, 'approved');
    const { accessToken } = await hub.issueToken(await signAssertion(key, { audience: hub.identity().hubId, purpose: 'token' }));
    assert.equal(await hub.authenticateAgent(accessToken), node.id);

    const q = await hub.broker.dispatch({ type: 'count', payload: { epsilon: 0.6 }, deadlineMs: 5000, requester: 'alice' });
    const [jws] = await hub.broker.takeTasks(node.id, 0);
    assert.ok(jws);
    assert.deepEqual(await hub.broker.takeTasks(node.id, 0), [], 'a delivered task is not handed out twice within its lease');
    const taskId = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()).task.id as string;
    await hub.broker.reply(node.id, taskId, { status: 'succeeded', body: { n: 1 } });
    await assert.rejects(hub.broker.reply(node.id, taskId, { status: 'succeeded', body: {} }), (e) => isOncoAtlasError(e, 'HUB_QUERY_NOT_FOUND'));
    assert.deepEqual(await q.outcome(), { status: 'complete', results: [{ node: node.id, status: 'succeeded', body: { n: 1 } }], missing: [] });
    await assert.rejects(hub.broker.dispatch({ type: 'count', payload: { epsilon: 0.6 }, requester: 'alice' }), (e) => isOncoAtlasError(e, 'FEDERATION_BUDGET_SPENT'));
    assert.ok(Math.abs((await hub.broker.budget('alice')).remaining - 0.4) < 1e-9);

    const head = await hub.store.auditHead();
    assert.equal(head.size, 4, 'joined, approved, dispatched, result');
    assert.equal((await proveInclusion(hub.store, 3)).size, 4);

    // A system task (a catalogue harvest) releases no counts: it neither needs nor spends a budget.
    const system = await hub.broker.dispatch({ type: 'harvest', payload: {}, requester: 'alice', spendsBudget: false });
    assert.equal(system.epsilon, 0);
    assert.ok(Math.abs((await hub.broker.budget('alice')).remaining - 0.4) < 1e-9, 'nothing spent');
  });
}
