/**
 * The hub catalogue's routes: the public search finds a harvested dataset by modality and links back to its
 * node's record; /hub/catalogue serves Turtle; a harvest at once is the operator's. The node's side is
 * answerHarvestTask without a catalogue (it publishes nothing).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hub, HubCatalogue, loadOrCreateSigningKey, signAssertion } from '@oncoatlas/hub';
import type { StudyLedger } from '@oncoatlas/store';
import { createTokenVerifier } from '../auth/token-verifier.ts';
import { answerHarvestTask } from '../harvest-task.ts';
import { buildHubServer } from './build-hub-server.ts';

const RECORDS = [
  '<https://node-a.example/catalogue/datasets/u1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset> .',
  '<https://node-a.example/catalogue/datasets/u1> <http://purl.org/dc/terms/title> "Lung CT"@en .',
  '<https://node-a.example/catalogue/datasets/u1> <https://cancerimage.eu/ontology/EUCAIM#hasImageModality> <https://cancerimage.eu/ontology/EUCAIM#IMG1000026> .',
  '<https://node-a.example/catalogue/datasets/u1> <http://purl.org/dc/terms/modified> "2026-03-16T08:00:00Z" .',
].join('\n');

test('the hub\'s catalogue search and Turtle are public and link back to the node\'s record', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-catalogue-routes-'));
  // The harvest itself is tested here; onboarding gates it in the access tests (requireOnboarding, docs/access.md).
  const hub = await Hub.open({ dataDir: dir, requireOnboarding: false });
  const key = await loadOrCreateSigningKey(join(dir, 'node.key'));
  const node = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: 'Hospital A' }) });
  await hub.approve(node.id, 'operator');
  const catalogue = await HubCatalogue.open(hub, { dataDir: dir, transport: async () => ({ format: 'application/n-triples', records: RECORDS, datasets: ['https://node-a.example/catalogue/datasets/u1'] }) });
  const app = await buildHubServer({ hub, catalogue, verifier: createTokenVerifier({ issuers: [], localKey: new TextEncoder().encode('a local key for the hub catalogue routes test') }), version: 'test', publicUrl: 'https://hub.example' });
  t.after(async () => { await app.close(); await catalogue.close(); await hub.close(); rmSync(dir, { recursive: true, force: true }); });

  assert.equal((await app.inject({ method: 'POST', url: '/hub/api/catalogue/harvest' })).statusCode, 401, 'a harvest at once needs an operator');
  await catalogue.harvest();
  const r = await app.inject({ method: 'GET', url: '/hub/api/catalogue/entries?modality=CT' });
  assert.equal(r.statusCode, 200, r.body);
  const [card] = r.json() as { title: string; node: { name: string }; recordUrl: string }[];
  assert.deepEqual([card?.title, card?.node.name, card?.recordUrl], ['Lung CT', 'Hospital A', 'https://node-a.example/catalogue/datasets/u1']);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/hub/api/catalogue/entries?modality=MR' })).json(), []);
  const ttl = await app.inject({ method: 'GET', url: '/hub/catalogue' });
  assert.match(ttl.headers['content-type'] as string, /^text\/turtle/);
  assert.match(ttl.body, /<https:\/\/hub\.example\/hub\/catalogue>/);
  assert.match(ttl.body, /dcat:landingPage <https:\/\/node-a\.example\/catalogue\/datasets\/u1>/);
});

test('a node without a catalogue answers a harvest with nothing published', async () => {
  const answer = await answerHarvestTask({ ledger: {} as StudyLedger, catalogue: undefined }, { modifiedSince: '2026-01-01T00:00:00Z' });
  assert.deepEqual(answer, { format: 'application/n-triples', records: '', datasets: [] });
  await assert.rejects(answerHarvestTask({ ledger: {} as StudyLedger, catalogue: undefined }, { modifiedSince: 'yesterday' }), /modifiedSince/);
});
