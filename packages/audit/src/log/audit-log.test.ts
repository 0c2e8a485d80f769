import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { canonicalJson } from '../events/canonical-json.ts';
import { setHash, type AuditEnvelope } from '../events/audit-events.ts';
import { fromHex, leafHash, toHex } from '../merkle/hashes.ts';
import { verifyConsistency, verifyInclusion } from '../merkle/verify-proofs.ts';
import { appendAuditEvents, auditTreeHead, proofHashes, proveConsistency, proveInclusion, type NewAuditEvent } from './audit-log.ts';
import type { Checkpoint } from './checkpoint.ts';
import { formatCheckpoint, parseCheckpoints } from './checkpoint.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';
import { verifyAuditLog, type AuditFinding } from './verify-audit-log.ts';

const AT = '2026-11-25T10:00:00.000Z';

function ev(i: number): NewAuditEvent {
  return { at: AT, actor: 'oncoatlas populate', event: { type: 'STUDIES_TRANSITIONED', run: 1, stage: 'select', studies: [{ study: `st-${String(i).padStart(20, '0')}`, status: 'done', contentHash: setHash([String(i)]) }] } };
}

async function logOf(n: number): Promise<MemoryAuditStore> {
  const store = new MemoryAuditStore();
  for (let i = 0; i < n; i += 3) await appendAuditEvents(store, Array.from({ length: Math.min(3, n - i) }, (_, k) => ev(i + k)));
  return store;
}

/** Rewrites an entry the way an attacker with database access would. */
function tamper(store: MemoryAuditStore, seq: number, change: (e: AuditEnvelope) => AuditEnvelope, rehash: boolean): void {
  const row = store.rows.get(seq)!;
  const event = canonicalJson(change(JSON.parse(row.event) as AuditEnvelope));
  store.rows.set(seq, { ...row, event, leaf_hash: rehash ? toHex(leafHash(event)) : row.leaf_hash });
}

const named = (fs: readonly AuditFinding[]): string[] => fs.map((f) => `${f.kind}${f.seq === undefined ? '' : ` ${f.seq}`}`);
const edit = (e: AuditEnvelope): AuditEnvelope => ({ ...e, actor: 'someone else' });

test('appended events chain to the log before them and the head matches the recomputed tree', async () => {
  const store = await logOf(10);
  const head = await auditTreeHead(store);
  assert.equal(head.size, 10);
  const first = JSON.parse(store.rows.get(0)!.event) as AuditEnvelope;
  assert.equal(first.prev, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'the first event pins the empty log');
  assert.equal(first.seq, 0);
  const v = await verifyAuditLog(store);
  assert.deepEqual(v.findings, []);
  assert.equal(v.ok, true);
  assert.equal(v.entries, 10);
  assert.equal(v.head.root, head.root);
  await assert.rejects(appendAuditEvents(store, [{ at: AT, actor: 'x', event: { type: 'RELEASE_CANDIDATE', run: 1, studies: 1, instances: 1, contentHash: 'x' } }]), (e) => isOncoAtlasError(e, 'AUDIT_EVENT_INVALID'));
  assert.equal((await auditTreeHead(store)).size, 10, 'an invalid event appends nothing');
});

test('inclusion and consistency proofs from the stored log verify against tree heads alone', async () => {
  const store = await logOf(13);
  const head = await auditTreeHead(store);
  for (let seq = 0; seq < 13; seq++) {
    const p = await proveInclusion(store, seq);
    assert.equal(p.root, head.root);
    assert.equal(p.leafHash, store.rows.get(seq)!.leaf_hash);
    assert.ok(verifyInclusion(seq, 13, fromHex(p.leafHash)!, proofHashes(p.path)!, fromHex(head.root)!));
  }
  const old = await proveInclusion(store, 0, 5);
  for (let m = 1; m <= 13; m++) {
    const c = await proveConsistency(store, m);
    assert.ok(verifyConsistency(m, 13, proofHashes(c.path)!, fromHex(c.oldRoot)!, fromHex(head.root)!), `${m} -> 13`);
  }
  assert.equal((await proveConsistency(store, 5)).oldRoot, old.root);
  await assert.rejects(proveInclusion(store, 13), (e) => isOncoAtlasError(e, 'AUDIT_RANGE'));
  await assert.rejects(proveConsistency(store, 3, 20), (e) => isOncoAtlasError(e, 'AUDIT_RANGE'));
});

test('verify names an event edited in place, with or without its hash recomputed, at any position', async () => {
  for (const seq of [0, 4, 9]) {
    const naive = await logOf(10);
    tamper(naive, seq, edit, false);
    assert.ok(named((await verifyAuditLog(naive)).findings).includes(`edited ${seq}`), `naive edit of ${seq}`);
    const careful = await logOf(10);
    tamper(careful, seq, edit, true);
    const v = await verifyAuditLog(careful);
    assert.equal(v.ok, false);
    assert.deepEqual(named(v.findings), [`edited ${seq}`], `edit of ${seq} with its hash recomputed`);
  }
});

test('verify names a deleted event, a deleted event whose followers were renumbered, and a cut-off tail', async () => {
  const gap = await logOf(10);
  gap.rows.delete(6);
  assert.deepEqual(named((await verifyAuditLog(gap)).findings), ['missing 6']);

  const renumbered = await logOf(10);
  for (let s = 6; s < 9; s++) renumbered.rows.set(s, { ...renumbered.rows.get(s + 1)!, seq: s });
  renumbered.rows.delete(9);
  assert.deepEqual(named((await verifyAuditLog(renumbered)).findings), ['missing 6']);

  const tail = await logOf(10);
  tail.rows.delete(9);
  tail.rows.delete(8);
  assert.deepEqual(named((await verifyAuditLog(tail)).findings), ['missing 8', 'missing 9']);
});

test('verify names reordered events and a duplicated one', async () => {
  const swapped = await logOf(10);
  const a = swapped.rows.get(3)!, b = swapped.rows.get(4)!;
  swapped.rows.set(3, { ...b, seq: 3 });
  swapped.rows.set(4, { ...a, seq: 4 });
  const v = await verifyAuditLog(swapped);
  assert.deepEqual(named(v.findings), ['reordered 3']);
  assert.match(v.findings[0]!.message, /Events 3 and 4 are out of order/);

  const copied = await logOf(10);
  copied.rows.set(10, { ...copied.rows.get(2)!, seq: 10 });
  assert.deepEqual(named((await verifyAuditLog(copied)).findings), ['inserted 2', 'reordered 2']);
});

test('checkpoints kept outside the database catch a rewrite of the whole chain and a truncation with a new head', async () => {
  const store = await logOf(6);
  const cp6: Checkpoint = { origin: 'node-a', at: AT, ...(await auditTreeHead(store)) };
  for (let i = 6; i < 12; i += 3) await appendAuditEvents(store, [ev(i), ev(i + 1), ev(i + 2)]);
  const cp12: Checkpoint = { origin: 'node-a', at: '2026-11-26T10:00:00.000Z', ...(await auditTreeHead(store)) };
  const parsed = parseCheckpoints(`${formatCheckpoint(cp6)}\nnot json\n${formatCheckpoint(cp12)}\n`);
  assert.deepEqual(parsed.badLines, [2]);
  assert.deepEqual((await verifyAuditLog(store, parsed.checkpoints)).findings, []);

  // The attacker rebuilds the log from event 8 on with every hash, prev and the head recomputed.
  const rebuilt = new MemoryAuditStore();
  for (let s = 0; s < 8; s++) await appendAuditEvents(rebuilt, [{ at: AT, actor: 'oncoatlas populate', event: (JSON.parse(store.rows.get(s)!.event) as AuditEnvelope).event }]);
  for (let s = 8; s < 12; s++) await appendAuditEvents(rebuilt, [{ at: AT, actor: 'forger', event: (JSON.parse(store.rows.get(s)!.event) as AuditEnvelope).event }]);
  assert.deepEqual((await verifyAuditLog(rebuilt)).findings, [], 'without checkpoints a full rewrite is consistent');
  const v = await verifyAuditLog(rebuilt, [cp6, cp12]);
  assert.equal(v.ok, false);
  assert.match(v.findings[0]!.message, /no longer matches the checkpoint of .* \(12 events\): an event from 6 to 11 was changed/);

  const truncated = new MemoryAuditStore();
  for (let s = 0; s < 9; s++) await appendAuditEvents(truncated, [{ at: AT, actor: 'oncoatlas populate', event: (JSON.parse(store.rows.get(s)!.event) as AuditEnvelope).event }]);
  const t = await verifyAuditLog(truncated, [cp6, cp12]);
  assert.match(t.findings[0]!.message, /covers 12 events, the log holds 9: events 9 to 11 were deleted from its end/);
});

test('a damaged head is reported and refuses appends', async () => {
  const store = await logOf(4);
  store.head = { size: 5, nodes: store.head.nodes };
  assert.deepEqual(named((await verifyAuditLog(store)).findings), ['head', 'missing 4']);
  await assert.rejects(appendAuditEvents(store, [ev(9)]), (e) => isOncoAtlasError(e, 'AUDIT_TAMPERED'));
});
