/**
 * What governed access needs of the hub's database on every engine (SQLite: access-store.test.ts; PostgreSQL:
 * access-store.int.test.ts): the onboarding, its documents and reviews, a request from draft to submitted with its
 * history, notifications per recipient with their read marks, all audited.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SAMPLE_APPLICATION } from '@oncoatlas/access';
import { signAssertion } from '../credentials.ts';
import { Hub } from '../hub.ts';
import { loadOrCreateSigningKey } from '../signing-key.ts';

export function accessStoreContract(engine: string, database: () => string | undefined): void {
  test(`governed access on ${engine}: onboarding, documents, reviews, a request, notifications`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-access-store-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const db = database();
    const hub = await Hub.open({ dataDir: dir, ...(db ? { database: db } : {}) });
    t.after(() => hub.close());
    const key = await loadOrCreateSigningKey(join(dir, 'node.key'));
    const node = (await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: 'A' }) })).id;
    await hub.approve(node, 'op');
    const steward = { actor: 'ana @ urn:test', roles: ['steward'] };
    const board = { actor: 'olaf @ urn:test', roles: ['committee', 'operator'] };
    const o = await hub.access.onboarding.create(steward, { node, path: 'federated', organisation: 'A', contact: { name: 'Ana', email: 'ana@a.example' } });
    for (const c of (await hub.access.onboarding.view(steward, o.id)).checklist.filter((x) => x.kind.required)) {
      await hub.access.onboarding.upload(steward, o.id, { kind: c.kind.id, filename: 'f.pdf', mediaType: 'application/pdf', bytes: Buffer.from(`%PDF synthetic ${c.kind.id}`) });
    }
    let view = await hub.access.onboarding.submit(steward, o.id);
    for (const c of view.checklist) if (c.document) await hub.access.onboarding.decideDocument(board, c.document.id, { decision: 'accept' });
    while (view.nextStep) view = await hub.access.onboarding.review(board, o.id, { step: view.nextStep.id, decision: 'approve' });
    assert.equal(view.onboarding.status, 'approved');
    assert.deepEqual(await hub.searchableNodes(), [node]);

    const rita = { actor: 'rita @ urn:test', roles: ['researcher'] };
    const id = (await hub.access.requests.create(rita, { resources: [{ node, dataset: 'u', name: 'n' }] })).request.id;
    await hub.access.requests.saveForm(rita, id, SAMPLE_APPLICATION);
    for (const kind of ['ethics-approval', 'dpia']) await hub.access.requests.upload(rita, id, { kind, filename: 'f.pdf', mediaType: 'application/pdf', bytes: Buffer.from('%PDF synthetic') });
    assert.equal((await hub.access.requests.event(rita, id, { event: 'SUBMIT' })).request.state, 'SUBMITTED');
    assert.deepEqual((await hub.access.requests.list(board)).requests.map((r) => r.id), [id]);
    const notes = await hub.access.notifications.list(board);
    assert.ok(notes.unread >= 1);
    assert.ok(await hub.access.notifications.markRead(board, notes.notifications[0]!.id));
    assert.equal((await hub.access.notifications.list(board)).unread, notes.unread - 1);
    assert.ok((await hub.store.auditHead()).size > 10);
  });
}
