import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { applyHubOnboarding } from './hub-onboarding.ts';
import { agreementStatus, assertAgreementsOnFile, fileAgreement, setOnboardingPath } from './node-agreements.ts';

const T0 = '2026-01-10T09:00:00.000Z';
const pdf = Buffer.from('%PDF-1.4\n% synthetic agreement, no real party\n%%EOF\n', 'latin1');

async function node(t: TestContext): Promise<{ dataDir: string; ledger: StudyLedger }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oncoatlas-agreements-'));
  const store = await openStore({ dataDir });
  t.after(async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); });
  return { dataDir, ledger: new StudyLedger(store.db) };
}

const refusal = (pattern: RegExp) => (err: unknown): boolean => isOncoAtlasError(err, 'AGREEMENT_MISSING') && pattern.test(err.message);

test('publishing needs the agreements of the node\'s path on file, each missing one named, and refuses again once one expires', async (t) => {
  const { dataDir, ledger } = await node(t);
  const at = (iso: string): Date => new Date(iso);
  await assert.rejects(assertAgreementsOnFile(ledger, 'lung', at(T0)),
    refusal(/^lung cannot be published on the federated path: Data Sharing Agreement \(dsa\) is not on file; Access conditions \(access-conditions\) is not on file\./));

  const dsa = await fileAgreement({ ledger, dataDir, kind: 'dsa', filename: '../../etc/DSA signed.pdf', bytes: pdf, validUntil: '2026-06-30', by: 'steward', now: () => T0 });
  assert.deepEqual([dsa.kind, dsa.title, dsa.filename, dsa.source, dsa.status, dsa.current], ['dsa', 'Data Sharing Agreement', 'DSA signed.pdf', 'node', 'accepted', true]);
  const kept = join(dataDir, 'agreements', dsa.sha256);
  assert.deepEqual(readFileSync(kept), pdf);
  assert.equal(statSync(kept).mode & 0o777, 0o600);
  assert.equal(statSync(join(dataDir, 'agreements')).mode & 0o777, 0o700);
  await assert.rejects(assertAgreementsOnFile(ledger, 'lung', at(T0)), refusal(/: Access conditions \(access-conditions\) is not on file\./));

  await fileAgreement({ ledger, dataDir, kind: 'access-conditions', filename: 'conditions.pdf', bytes: pdf, by: 'steward', now: () => '2026-01-11T09:00:00.000Z' });
  await assertAgreementsOnFile(ledger, 'lung', at('2026-06-30T23:59:00Z'));
  // Valid through its last day; the day after, publishing is refused again, naming the expiry.
  await assert.rejects(assertAgreementsOnFile(ledger, 'lung', at('2026-07-01T00:00:00Z')), refusal(/Data Sharing Agreement \(dsa\) expired on 2026-06-30/));
  const later = await agreementStatus(ledger, at('2026-07-01T00:00:00Z'));
  assert.deepEqual(later.missing.map((k) => k.id), ['dsa']);
  assert.equal(later.agreements.find((a) => a.kind === 'dsa')?.status, 'expired');
  // A renewed agreement supersedes it.
  await fileAgreement({ ledger, dataDir, kind: 'dsa', filename: 'renewed.pdf', bytes: Buffer.concat([pdf, Buffer.from('renewed')]), validUntil: '2027-06-30', by: 'steward', now: () => '2026-07-02T00:00:00Z' });
  await assertAgreementsOnFile(ledger, 'lung', at('2026-07-02T00:00:00Z'));
  assert.deepEqual((await agreementStatus(ledger, at('2026-07-02T00:00:00Z'))).agreements.map((a) => [a.filename, a.current]), [['renewed.pdf', true], ['conditions.pdf', true], ['DSA signed.pdf', false]]);

  // The transfer path needs the Data Transfer Agreement instead.
  await setOnboardingPath(ledger, 'transfer', T0);
  await assert.rejects(assertAgreementsOnFile(ledger, 'lung', at(T0)), refusal(/on the transfer path: Data Transfer Agreement \(dta\) is not on file\./));
  await assert.rejects(setOnboardingPath(ledger, 'elsewhere', T0), (err: unknown) => isOncoAtlasError(err, 'USAGE'));
});

test('a document is refused when its kind is unknown, it is empty, or its date is no date', async (t) => {
  const { dataDir, ledger } = await node(t);
  const file = (o: { kind?: string; bytes?: Buffer; validUntil?: string; filename?: string }) => fileAgreement({ ledger, dataDir, kind: o.kind ?? 'dsa', filename: o.filename ?? 'a.pdf', bytes: o.bytes ?? pdf, by: 's', now: () => T0, ...(o.validUntil ? { validUntil: o.validUntil } : {}) });
  await assert.rejects(file({ kind: 'contract' }), (err: unknown) => isOncoAtlasError(err, 'ACCESS_DOCUMENT_INVALID') && /dsa/.test(err.message));
  await assert.rejects(file({ bytes: Buffer.alloc(0) }), (err: unknown) => isOncoAtlasError(err, 'ACCESS_DOCUMENT_INVALID'));
  await assert.rejects(file({ filename: '..' }), (err: unknown) => isOncoAtlasError(err, 'ACCESS_DOCUMENT_INVALID'));
  for (const bad of ['2026-02-30', '31/12/2026', '2026-1-1']) await assert.rejects(file({ validUntil: bad }), (err: unknown) => isOncoAtlasError(err, 'USAGE'), bad);
  assert.equal(existsSync(join(dataDir, 'agreements')), false, 'nothing was kept of a refused document');
  assert.deepEqual(await ledger.access.agreements(), []);
});

test('the hub\'s onboarding statement: its accepted agreements count, and one it no longer accepts is withdrawn', async (t) => {
  const { ledger } = await node(t);
  const doc = (kind: string, state: string, sha: string, validUntil: string | null = null) => ({ kind, title: kind, sha256: state === 'missing' ? null : sha.repeat(64), state, validUntil, decidedAt: T0 });
  const statement = (documents: unknown[], path = 'federated') => ({ onboarding: { id: 'onb-1', path, status: 'approved', organisation: 'Hospital Sintètic', decidedAt: T0 }, documents });
  const accepted = statement([doc('dsa', 'accepted', 'a', '2027-01-01'), doc('access-conditions', 'accepted', 'b'), doc('dpia', 'submitted', 'c'), doc('negotiation-contact', 'missing', '')]);
  assert.deepEqual(await applyHubOnboarding(ledger, accepted, () => T0), { stored: 2 });
  assert.deepEqual(await applyHubOnboarding(ledger, accepted, () => T0), { stored: 2 }, 'told again, nothing is filed twice');
  const status = await agreementStatus(ledger, new Date(T0));
  assert.deepEqual(status.missing, []);
  assert.deepEqual(status.agreements.map((a) => [a.kind, a.source, a.filedBy, a.validUntil]), [['access-conditions', 'hub', 'hub', null], ['dsa', 'hub', 'hub', '2027-01-01']]);
  assert.equal(JSON.parse((await ledger.access.setting('hub_onboarding'))!).onboarding.id, 'onb-1');

  await applyHubOnboarding(ledger, statement([doc('dsa', 'rejected', 'a'), doc('access-conditions', 'accepted', 'b')]), () => T0);
  await assert.rejects(assertAgreementsOnFile(ledger, 'lung', new Date(T0)), refusal(/Data Sharing Agreement \(dsa\) is not on file/));
  assert.deepEqual((await agreementStatus(ledger, new Date(T0))).agreements.map((a) => [a.kind, a.state]), [['access-conditions', 'accepted'], ['dsa', 'withdrawn']]);

  await assert.rejects(applyHubOnboarding(ledger, { onboarding: { id: 'x', path: 'sideways', status: 'approved' }, documents: [] }, () => T0), (err: unknown) => isOncoAtlasError(err, 'USAGE'));
  await assert.rejects(applyHubOnboarding(ledger, statement([{ kind: 'dsa', state: 'accepted', sha256: 'nope' }]), () => T0), (err: unknown) => isOncoAtlasError(err, 'USAGE'));
});
