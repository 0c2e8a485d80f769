import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { assignIdentity, datasetIri, identityForPublishing, identityOf, NIL_UUID, publicBaseOf } from './dataset-identity.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function ledgerFor(t: TestContext): Promise<StudyLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'oncoatlas-identity-'));
  const store = await openStore({ dataDir: dir });
  t.after(async () => { await store.close(); await rm(dir, { recursive: true, force: true }); });
  return new StudyLedger(store.db);
}

test('the public URL is an http(s) base without its trailing slash; anything else is a USAGE error naming the option', () => {
  assert.equal(publicBaseOf('https://node.hospital.example/'), 'https://node.hospital.example');
  assert.equal(publicBaseOf('https://Node.Hospital.example:8443/oncoatlas//'), 'https://node.hospital.example:8443/oncoatlas');
  assert.equal(datasetIri('http://127.0.0.1:8080', 'abc'), 'http://127.0.0.1:8080/catalogue/datasets/abc');
  for (const bad of ['node.example', 'ftp://node.example', 'https://node.example/?a=1', 'https://node.example/#x', 'https://user:pw@node.example']) {
    assert.throws(() => publicBaseOf(bad), (err: unknown) => isOncoAtlasError(err, 'USAGE') && err.message.includes('--public-url') && !err.message.includes('pw@'), bad);
  }
});

test('a first publication draws a random v4 UUID under the given URL; the identity and the URL are kept, and reused', async (t) => {
  const ledger = await ledgerFor(t);
  assert.deepEqual(await identityOf(ledger, 'lung'), { uuid: NIL_UUID, iri: 'urn:oncoatlas:dataset:lung' }, 'before publication, a stand-in that is no address');
  const plan = await identityForPublishing(ledger, 'lung', { publicUrl: 'https://node.hospital.example/' });
  assert.match(plan.identity.uuid, UUID_V4);
  assert.equal(plan.identity.iri, `https://node.hospital.example/catalogue/datasets/${plan.identity.uuid}`);
  assert.deepEqual(await assignIdentity(ledger, 'lung', plan, T0), plan.identity);
  assert.deepEqual(await identityOf(ledger, 'lung'), plan.identity);
  assert.equal(await ledger.datasets.publicUrl(), 'https://node.hospital.example');

  const again = await identityForPublishing(ledger, 'lung', {});
  assert.deepEqual(again, { identity: plan.identity }, 'republishing keeps the identity and assigns nothing');
  const other = await identityForPublishing(ledger, 'breast', {});
  assert.ok(other.identity.iri.startsWith('https://node.hospital.example/catalogue/datasets/'), 'the kept URL names the next dataset');
  assert.notEqual(other.identity.uuid, plan.identity.uuid);
});

test('a later different URL is warned about and not used: IRIs never move', async (t) => {
  const ledger = await ledgerFor(t);
  await assignIdentity(ledger, 'lung', await identityForPublishing(ledger, 'lung', { publicUrl: 'https://node.hospital.example' }), T0);
  const warnings: string[] = [];
  const plan = await identityForPublishing(ledger, 'breast', { publicUrl: 'https://other.example', warn: (m) => warnings.push(m) });
  assert.ok(plan.identity.iri.startsWith('https://node.hospital.example/'));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /named under https:\/\/node\.hospital\.example.*--public-url https:\/\/other\.example is not used/);
  await identityForPublishing(ledger, 'breast', { publicUrl: 'https://node.hospital.example/', warn: (m) => warnings.push(m) });
  assert.equal(warnings.length, 1, 'the same URL (with a trailing slash) is no change');
});

test('without any URL a first publication is a USAGE error naming --public-url; the request\'s origin is a last resort', async (t) => {
  const ledger = await ledgerFor(t);
  await assert.rejects(identityForPublishing(ledger, 'lung', {}), (err: unknown) => isOncoAtlasError(err, 'USAGE') && err.message.includes('--public-url'));
  const warnings: string[] = [];
  const plan = await identityForPublishing(ledger, 'lung', { requestOrigin: 'http://localhost:8080', warn: (m) => warnings.push(m) });
  assert.ok(plan.identity.iri.startsWith('http://localhost:8080/catalogue/datasets/'));
  await assignIdentity(ledger, 'lung', plan, T0);
  const next = await identityForPublishing(ledger, 'breast', { requestOrigin: 'http://127.0.0.1:8080', warn: (m) => warnings.push(m) });
  assert.ok(next.identity.iri.startsWith('http://localhost:8080/'), 'the kept URL, not the next request\'s');
  assert.deepEqual(warnings, [], 'a request\'s origin is never warned about');
});

test('two plans for one dataset: the first identity stored stays', async (t) => {
  const ledger = await ledgerFor(t);
  const first = await identityForPublishing(ledger, 'lung', { publicUrl: 'https://node.hospital.example' });
  const second = await identityForPublishing(ledger, 'lung', { publicUrl: 'https://node.hospital.example' });
  await assignIdentity(ledger, 'lung', first, T0);
  assert.deepEqual(await assignIdentity(ledger, 'lung', second, T0), first.identity);
});
