import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readPermit, signPermit, type PermitClaims } from '@oncoatlas/access';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { Task } from '@oncoatlas/hub';
import { buildServer, createTokenVerifier, mintLocalToken, nodePermitKey } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { accessTaskHandler } from './access-task-handler.ts';
import { main } from './main.ts';

const DAY = 86_400_000;
const LUNG = '6f1c2e7a-4d4c-4b1e-8e8f-00000000000a';
const CT = '6f1c2e7a-4d4c-4b1e-8e8f-00000000000b';

const task = (type: string, payload: unknown): Task => ({ id: `task-${type}`, type, payload, ttl: 60_000, retry: { maxTries: 1, backoffMs: 0 }, createdAt: Date.now() });

/** Two published datasets and a released but unpublished one, written as publishing leaves them. */
async function publishedDatasets(ledger: StudyLedger): Promise<void> {
  const at = new Date().toISOString();
  for (const [id, uuid, state] of [['lung', LUNG, 'published'], ['ct', CT, 'published'], ['draft', '6f1c2e7a-4d4c-4b1e-8e8f-00000000000c', 'released']] as const) {
    await ledger.datasets.createDataset({ id, title: id, description: null, created_at: at, created_by: 'steward' });
    for (const version of [1, 2]) {
      await ledger.datasets.addVersion({ datasetId: id, version, createdAt: at, createdBy: 'steward', manifestSha256: 'a'.repeat(64), summary: {}, studyKeys: [] });
      await ledger.datasets.release(id, version, { at, by: 'dpo', override: null });
    }
    await ledger.datasets.putCatalogueEntry({ dataset_id: id, state, steward: null, updated_at: at, updated_by: 'steward' });
    await ledger.datasets.assignIdentity({ dataset_id: id, uuid, iri: `https://node.example/catalogue/datasets/${uuid}`, assigned_at: at });
  }
}

test('the node issues, revokes and reports permits for the hub, checks them over HTTP and the CLI, and audits every check', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oncoatlas-permits-'));
  const otherDir = mkdtempSync(join(tmpdir(), 'oncoatlas-permits-other-'));
  const store = await openStore({ dataDir });
  t.after(async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); rmSync(otherDir, { recursive: true, force: true }); });
  const ledger = new StudyLedger(store.db);
  await publishedDatasets(ledger);
  const handler = accessTaskHandler({ ledger, dataDir });
  const ask = { request: 'req-1', resource: 'res-1', researcher: 'alice @ https://login.example', dataset: LUNG, purpose: 'Lung nodule detection: training a model', actions: ['download', 'in-situ'], expiresAt: new Date(Date.now() + 30 * DAY).toISOString(), grantedBy: 'holder @ hub' };

  // Issued for the dataset's latest released version, signed with the node's key (made at this first permit).
  const issued = await handler(task('permit-issue', ask)) as { permit: string; claims: PermitClaims };
  const { nodeId, key } = await nodePermitKey(dataDir);
  const read = await readPermit(issued.permit, key.publicJwk, { node: nodeId });
  assert.deepEqual(read, issued.claims);
  assert.deepEqual([read.node, read.dataset, read.actions, read.researcher, read.request, read.resource], [nodeId, { uuid: LUNG, id: 'lung', version: 2 }, ['download', 'in-situ'], ask.researcher, 'req-1', 'res-1']);
  assert.deepEqual(await handler(task('permit-issue', ask)), issued, 'a retried task gets the same permit back');
  await assert.rejects(handler(task('permit-issue', { ...ask, resource: 'res-9', dataset: '6f1c2e7a-4d4c-4b1e-8e8f-00000000000c' })), (e: unknown) => isOncoAtlasError(e, 'DATASET_NOT_FOUND'), 'only a published dataset');
  await assert.rejects(handler(task('permit-issue', { ...ask, resource: 'res-9', actions: ['delete'] })), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
  await assert.rejects(handler(task('permit-issue', { ...ask, resource: 'res-9', expiresAt: new Date(Date.now() - DAY).toISOString() })), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
  const revokedPermit = await handler(task('permit-issue', { ...ask, resource: 'res-2' })) as { permit: string; claims: PermitClaims };
  // Issued three days ago for two days: expired now.
  const past = accessTaskHandler({ ledger, dataDir, now: () => new Date(Date.now() - 3 * DAY).toISOString() });
  const expired = await past(task('permit-issue', { ...ask, resource: 'res-3', expiresAt: new Date(Date.now() - DAY).toISOString() })) as { permit: string };
  // Signed by another node's key: not this node's permit.
  const other = await nodePermitKey(otherDir);
  const foreign = await signPermit(other.key.privateKey, { ...issued.claims, id: '0b5c3e2a-1111-4c4c-8e8e-00000000000f', node: other.nodeId });

  const revocation = await handler(task('permit-revoke', { permit: revokedPermit.claims.id, by: 'committee @ hub', reason: 'The project ended early' })) as { status: string; revokedAt: string };
  assert.equal(revocation.status, 'revoked');
  assert.deepEqual(await handler(task('permit-revoke', { permit: revokedPermit.claims.id, by: 'someone else', reason: 'again' })), revocation, 'revoked once');
  await assert.rejects(handler(task('permit-revoke', { permit: revokedPermit.claims.id, by: 'x', reason: '' })), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
  await assert.rejects(handler(task('permit-status', { permit: 'no-such-permit' })), (e: unknown) => isOncoAtlasError(e, 'ACCESS_NOT_FOUND'));

  const localKey = new TextEncoder().encode('the local key of the permit test node, long enough');
  const app = await buildServer({ ledger, verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test-version', dataDir });
  t.after(() => app.close());
  const check = async (permit: string, action: string, dataset?: string): Promise<[number, string]> => {
    const r = await app.inject({ method: 'POST', url: '/api/permits/check', payload: { permit, action, ...(dataset ? { dataset } : {}) } });
    return [r.statusCode, r.statusCode === 200 ? String((r.json() as { valid: boolean }).valid) : (r.json() as { code: string }).code];
  };
  const size = (await ledger.auditHead()).size;
  assert.deepEqual(await check(issued.permit, 'download', LUNG), [200, 'true'], 'valid');
  assert.deepEqual(await check(issued.permit, 'in-situ'), [200, 'true'], 'no dataset asked: the permit\'s own');
  assert.deepEqual(await check(issued.permit, 'download', CT), [403, 'PERMIT_NOT_APPLICABLE'], 'another dataset');
  assert.deepEqual(await check(issued.permit, 'federated-job', LUNG), [403, 'PERMIT_NOT_APPLICABLE'], 'an action it does not allow');
  assert.deepEqual(await check(revokedPermit.permit, 'download', LUNG), [403, 'PERMIT_REVOKED'], 'revoked');
  assert.deepEqual(await check(expired.permit, 'download', LUNG), [403, 'PERMIT_EXPIRED'], 'expired');
  assert.deepEqual(await check(foreign, 'download', LUNG), [403, 'PERMIT_INVALID'], 'another node\'s permit');
  assert.deepEqual(await check('not a permit', 'download'), [403, 'PERMIT_INVALID'], 'no permit at all');
  assert.equal((await app.inject({ method: 'POST', url: '/api/permits/check', payload: { permit: issued.permit, action: 'delete' } })).statusCode, 400);

  // Each check of a permit that names itself is a USE_DATASETS (the unreadable token names none).
  const events = (await ledger.readAudit(size, (await ledger.auditHead()).size)).map((e) => JSON.parse(e.event) as { actor: string; event: { type: string; userId: string; datasetsIds: string[]; toolName: string; toolVersion: string; permit: { id: string; outcome: string; code?: string } } });
  assert.deepEqual(events.map((e) => [e.event.type, e.event.permit.outcome, e.event.permit.code ?? null]), [
    ['USE_DATASETS', 'allowed', null], ['USE_DATASETS', 'allowed', null], ['USE_DATASETS', 'refused', 'PERMIT_NOT_APPLICABLE'], ['USE_DATASETS', 'refused', 'PERMIT_NOT_APPLICABLE'],
    ['USE_DATASETS', 'refused', 'PERMIT_REVOKED'], ['USE_DATASETS', 'refused', 'PERMIT_EXPIRED'],
  ]);
  assert.deepEqual([events[0]!.actor, events[0]!.event.userId, events[0]!.event.datasetsIds, events[0]!.event.toolName, events[0]!.event.toolVersion], [ask.researcher, ask.researcher, ['lung/v2'], 'oncoatlas-permit-check', 'test-version']);
  // A forgery carrying the id of a permit this node issued is recorded against that permit.
  const forged = await signPermit(other.key.privateKey, { ...issued.claims, node: other.nodeId });
  assert.deepEqual(await check(forged, 'download', LUNG), [403, 'PERMIT_INVALID'], 'a forgery of an issued permit');
  const last = JSON.parse((await ledger.readAudit((await ledger.auditHead()).size - 1, (await ledger.auditHead()).size))[0]!.event) as { event: { userId: string; permit: { id: string; outcome: string; code: string } } };
  assert.deepEqual([last.event.userId, last.event.permit.id, last.event.permit.outcome, last.event.permit.code], [ask.researcher, issued.claims.id, 'refused', 'PERMIT_INVALID']);

  // The hub's status of a permit, and the steward's view, list its uses from the audit log.
  const status = await handler(task('permit-status', { permit: issued.claims.id })) as { claims: PermitClaims; status: string; uses: { action: string; outcome: string; code: string | null }[] };
  assert.deepEqual([status.claims, status.status], [issued.claims, 'active']);
  assert.deepEqual(status.uses.map((u) => [u.action, u.outcome, u.code]), [['download', 'allowed', null], ['in-situ', 'allowed', null], ['download', 'refused', 'PERMIT_NOT_APPLICABLE'], ['federated-job', 'refused', 'PERMIT_NOT_APPLICABLE'], ['download', 'refused', 'PERMIT_INVALID']], 'the forgery is among the permit\'s uses');
  assert.deepEqual(await handler(task('permit-status', { permit: revokedPermit.claims.id })).then((s) => { const x = s as { status: string; reason: string; uses: unknown[] }; return [x.status, x.reason, x.uses.length]; }), ['revoked', 'The project ended early', 1]);
  const steward = { authorization: `Bearer ${await mintLocalToken(localKey, { subject: 'a-steward', roles: ['steward'], hours: 1 })}` };
  const researcher = { authorization: `Bearer ${await mintLocalToken(localKey, { subject: 'a-researcher', roles: ['researcher'], hours: 1 })}` };
  assert.equal((await app.inject({ method: 'GET', url: '/api/permits', headers: researcher })).statusCode, 403);
  const list = (await app.inject({ method: 'GET', url: '/api/permits', headers: steward })).json() as { permits: { id: string; status: string }[] };
  assert.deepEqual(list.permits.map((p) => p.status).sort(), ['active', 'expired', 'revoked']);
  assert.ok(!JSON.stringify(list).includes(issued.permit), 'the list does not hand out the permits themselves');
  const one = (await app.inject({ method: 'GET', url: `/api/permits/${issued.claims.id}`, headers: steward })).json() as { status: string; uses: unknown[] };
  assert.deepEqual([one.status, one.uses.length], ['active', 5]);
  const revokedHere = await app.inject({ method: 'POST', url: `/api/permits/${issued.claims.id}/revoke`, headers: steward, payload: { reason: 'Holder withdrew the data' } });
  assert.deepEqual([revokedHere.statusCode, (revokedHere.json() as { status: string; revokedBy: string }).status, (revokedHere.json() as { revokedBy: string }).revokedBy], [200, 'revoked', 'a-steward @ urn:oncoatlas:node']);
  assert.deepEqual(await check(issued.permit, 'download', LUNG), [403, 'PERMIT_REVOKED'], 'refused at its next check');

  // The CLI checks the same way (exit 1 on a refusal), and the log still verifies.
  const permitFile = join(dataDir, 'permit.jwt');
  writeFileSync(permitFile, issued.permit);
  assert.equal(await main(['node', 'oncoatlas', 'permits', 'check', '--data-dir', dataDir, '--permit-file', permitFile, '--action', 'download']), 1);
  writeFileSync(permitFile, (await handler(task('permit-issue', { ...ask, resource: 'res-4' })) as { permit: string }).permit);
  assert.equal(await main(['node', 'oncoatlas', 'permits', 'check', '--data-dir', dataDir, '--permit-file', permitFile, '--action', 'in-situ', '--dataset', LUNG]), 0);
  assert.equal(await main(['node', 'oncoatlas', 'audit', 'verify', '--data-dir', dataDir]), 0);
});

test('the hub\'s onboarding statement reaches the node through the access-onboarding task', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oncoatlas-onboarding-task-'));
  const store = await openStore({ dataDir });
  t.after(async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); });
  const ledger = new StudyLedger(store.db);
  const decidedAt = new Date().toISOString();
  const documents = ['dsa', 'access-conditions'].map((kind, i) => ({ kind, title: kind, sha256: String(i).repeat(64), state: 'accepted', validUntil: null, decidedAt }));
  const answer = await accessTaskHandler({ ledger, dataDir })(task('access-onboarding', { onboarding: { id: 'onb-1', path: 'federated', status: 'approved', organisation: 'Hospital', decidedAt }, documents }));
  assert.deepEqual(answer, { stored: 2 });
  assert.deepEqual((await ledger.access.currentAgreements()).map((a) => [a.kind, a.source]), [['access-conditions', 'hub'], ['dsa', 'hub']]);
  await assert.rejects(accessTaskHandler({ ledger, dataDir })(task('delete-everything', {})), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
});
