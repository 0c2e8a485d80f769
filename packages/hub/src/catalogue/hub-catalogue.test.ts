/** The hub catalogue on SQLite (the contract), and what a failed harvest leaves. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { signAssertion } from '../credentials.ts';
import { Hub } from '../hub.ts';
import { loadOrCreateSigningKey } from '../signing-key.ts';
import { datasetOf, hubCatalogueContract, StubNode } from './hub-catalogue-contract.test.ts';
import { HubCatalogue } from './hub-catalogue.ts';

hubCatalogueContract('SQLite', () => undefined);

test('a node that answers a harvest with something unreadable keeps what the hub had and its watermark', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-catalogue-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The harvest itself is tested here; onboarding gates it in the access tests (requireOnboarding, docs/access.md).
  const hub = await Hub.open({ dataDir: dir, requireOnboarding: false });
  t.after(() => hub.close());
  const key = await loadOrCreateSigningKey(join(dir, 'n.key'));
  const node = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: 'N' }) });
  await hub.approve(node.id, 'operator');
  const stub = new StubNode('https://n.example', [datasetOf('https://n.example', 1)]);
  let garbage = false;
  const catalogue = await HubCatalogue.open(hub, { dataDir: dir, transport: async (_id, payload) => (garbage ? { format: 'application/n-triples', records: '<a> <b', datasets: [] } : stub.answer(payload)) });
  t.after(() => catalogue.close());
  assert.equal((await catalogue.harvest())[0]!.status, 'succeeded');
  garbage = true;
  const [failed] = await catalogue.harvest();
  assert.deepEqual([failed!.status, failed!.error, failed!.watermark], ['failed', 'HUB_HARVEST_INVALID', '2026-03-16T08:00:00Z']);
  assert.equal((await catalogue.search()).length, 1, 'nothing withdrawn on a failed harvest');
  assert.deepEqual((await catalogue.harvests()).map((h) => h.last_status), ['HUB_HARVEST_INVALID']);
  assert.deepEqual(await catalogue.unharvested(), []);
});
