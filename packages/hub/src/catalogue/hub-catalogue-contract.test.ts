/**
 * (Named .test.ts: test-only code that may use the catalogue's fixtures; it registers no test itself.)
 * What the hub's catalogue must do on every engine (SQLite: hub-catalogue.test.ts, PostgreSQL:
 * hub-catalogue.int.test.ts), harvested through the task path: two synthetic nodes' agents (stubs answering the broker's
 * signed `harvest` tasks with their DCAT-AP catalogue pages, as the node's answerHarvestTask does) are harvested;
 * the first harvest finds all, a change on one node is the only record asked for next, an unpublished dataset is
 * tombstoned, one search finds across nodes, and every card and the hub's Turtle link back to the node's record.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Parser, Store } from 'n3';
import { catalogueQuads, MAX_PAGE_SIZE, toNTriples, type DatasetFacts } from '@oncoatlas/catalogue';
// The catalogue's own synthetic records (a test fixture, not part of its public API).
import { syntheticCatalogue, syntheticDataset } from '../../../catalogue/src/fixtures/synthetic-datasets.ts';
import { signAssertion } from '../credentials.ts';
import { Hub } from '../hub.ts';
import { loadOrCreateSigningKey } from '../signing-key.ts';
import { HARVEST_TASK_TYPE, readHarvestPayload, type HarvestAnswer } from './harvest-answer.ts';
import { HubCatalogue } from './hub-catalogue.ts';

export function datasetOf(base: string, n: number, patch: Partial<DatasetFacts> = {}): DatasetFacts {
  const d = syntheticDataset(n);
  return { ...d, identifierIri: `${base}/catalogue/datasets/${d.uuid}`, ...patch };
}

function breastMr(base: string): DatasetFacts {
  const d = datasetOf(base, 3);
  const coded = (value: string, count: number, ...codings: [string, string][]) => ({ value, count, codings: codings.map(([system, code]) => ({ system, code })) });
  return {
    ...d,
    steward: { ...d.steward, title: { en: 'Breast MRI screening cohort' }, keywords: { en: ['breast cancer', 'MRI'] } },
    generated: { ...d.generated, modalities: [coded('MR', 900, ['EUCAIM', 'IMG1000022'])], conditions: [coded('C50.9', 300, ['ICD-10', 'C50.9'], ['EUCAIM', 'CLIN1000050'])] },
  };
}

/** A node as its agent answers a harvest: its catalogue pages since `modifiedSince`, and all its IRIs. */
export class StubNode {
  datasets: DatasetFacts[];
  readonly asked: (string | undefined)[] = [];
  readonly sent: string[][] = [];
  readonly base: string;
  constructor(base: string, datasets: DatasetFacts[]) {
    this.base = base;
    this.datasets = datasets;
  }

  async answer(payload: unknown): Promise<HarvestAnswer> {
    const { modifiedSince } = readHarvestPayload(payload);
    this.asked.push(modifiedSince);
    const quads = catalogueQuads({ ...syntheticCatalogue(), iri: `${this.base}/catalogue` }, this.datasets, { pageSize: MAX_PAGE_SIZE, ...(modifiedSince ? { modifiedSince } : {}) });
    const records = await toNTriples(quads);
    this.sent.push(this.datasets.filter((d) => records.includes(`<${d.identifierIri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>`)).map((d) => d.id));
    return { format: 'application/n-triples', records, datasets: this.datasets.map((d) => d.identifierIri) };
  }
}

/** The node's agent, reduced to taking its signed tasks from the broker and replying. */
async function runStubAgent(hub: Hub, nodeId: string, node: StubNode, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    for (const jws of await hub.broker.takeTasks(nodeId, 200, signal)) {
      const { task } = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString()) as { task: { id: string; type: string; payload: unknown } };
      assert.equal(task.type, HARVEST_TASK_TYPE);
      await hub.broker.reply(nodeId, task.id, { status: 'succeeded', body: await node.answer(task.payload) });
    }
  }
}

export function hubCatalogueContract(engine: string, database: () => string | undefined): void {
  test(`hub catalogue on ${engine}: two nodes harvested through signed tasks, incrementally, searched across`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-catalogue-'));
    const db = database();
    // The harvest itself is tested here; onboarding gates it in the access tests (requireOnboarding, docs/access.md).
    const hub = await Hub.open({ dataDir: dir, ...(db ? { database: db } : {}), requireOnboarding: false });
    const cleanup: (() => Promise<void> | void)[] = [() => hub.close(), () => rmSync(dir, { recursive: true, force: true })];
    // In this order: the agents stop polling before the hub's database closes.
    t.after(async () => { for (const f of cleanup) await f(); });
    const ids: string[] = [];
    for (const name of ['Hospital A', 'Hospital B']) {
      const key = await loadOrCreateSigningKey(join(dir, `${name}.key`));
      const node = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name }) });
      await hub.approve(node.id, 'operator');
      ids.push(node.id);
    }
    const [idA, idB] = ids as [string, string];
    const a = new StubNode('https://node-a.example', [datasetOf('https://node-a.example', 1), datasetOf('https://node-a.example', 2)]);
    const b = new StubNode('https://node-b.example', [breastMr('https://node-b.example')]);
    const stop = new AbortController();
    const agents = [runStubAgent(hub, idA, a, stop.signal), runStubAgent(hub, idB, b, stop.signal)];
    const catalogue = await HubCatalogue.open(hub, { dataDir: dir, ...(db ? { database: db } : {}), deadlineMs: 5000 });
    cleanup.unshift(async () => { stop.abort(); await Promise.all(agents); }, () => catalogue.close());

    const first = await catalogue.harvest();
    assert.deepEqual(first.map((h) => [h.node, h.status, h.changed]).sort(), [[idA, 'succeeded', 2], [idB, 'succeeded', 1]].sort());
    assert.deepEqual([a.asked, b.asked], [[undefined], [undefined]], 'the first harvest asks for everything');
    const all = await catalogue.search();
    assert.equal(all.length, 3);
    for (const card of all) {
      assert.match(card.recordUrl, card.node.id === idA ? /^https:\/\/node-a\.example\/catalogue\/datasets\// : /^https:\/\/node-b\.example\/catalogue\/datasets\//);
      assert.equal(card.node.name, card.node.id === idA ? 'Hospital A' : 'Hospital B');
    }
    const ct = await catalogue.search({ modality: 'ct', condition: 'C34' });
    assert.deepEqual(ct.map((c) => c.node.id), [idA, idA]);
    assert.deepEqual(ct[0]!.modalities, ['CT', 'PT']);
    assert.deepEqual(ct[0]!.primaryCondition, { code: 'CLIN1000065', name: 'Malignant tumour of lung' });
    assert.equal(ct[0]!.subjects, 812);
    assert.deepEqual((await catalogue.search({ q: 'breast mri' })).map((c) => [c.node.name, c.title, c.modalities]), [['Hospital B', 'Breast MRI screening cohort', ['MR']]]);
    assert.deepEqual((await catalogue.search({ condition: 'C50' })).map((c) => c.node.id), [idB]);

    // A steward changes one dataset of A: only its record is asked for and sent; B sends nothing.
    a.datasets[1] = { ...a.datasets[1]!, modifiedAt: '2026-04-01T09:00:00Z', steward: { ...a.datasets[1]!.steward, title: { en: 'Lung cancer CT cohort 2, revised' } } };
    const second = await catalogue.harvest();
    assert.deepEqual(a.asked[1], '2026-03-16T08:00:00Z', 'the watermark is the latest record date the node stated');
    assert.deepEqual(a.sent[1], ['lung-ct-2']);
    assert.deepEqual(b.sent[1], []);
    assert.deepEqual(second.map((h) => [h.node, h.changed, h.watermark]).sort(), [[idA, 1, '2026-04-01T09:00:00Z'], [idB, 0, '2026-03-16T08:00:00Z']].sort());
    assert.ok((await catalogue.search({ q: 'revised' })).length === 1);

    // A unpublishes dataset 1: the hub tombstones it, hidden from the search unless asked for.
    const gone = a.datasets.shift()!;
    const third = await catalogue.harvest({ nodes: [idA] });
    assert.deepEqual(third.map((h) => [h.changed, h.withdrawn]), [[0, 1]]);
    assert.equal((await catalogue.search()).length, 2);
    assert.deepEqual((await catalogue.search({ withdrawn: true })).filter((c) => c.state === 'withdrawn').map((c) => c.recordUrl), [gone.identifierIri]);

    // The hub's own DCAT-AP catalogue lists what its nodes publish, each linking back to its node's record.
    const iri = 'https://hub.example/hub/catalogue';
    const g = new Store(new Parser().parse(await catalogue.turtle({ iri, title: 'Hub' })));
    const listed = g.getObjects(iri, 'http://www.w3.org/ns/dcat#dataset', null).map((o) => o.value).sort();
    assert.deepEqual(listed, (await catalogue.search()).map((c) => c.recordUrl).sort());
    for (const d of listed) assert.equal(g.getObjects(d, 'http://www.w3.org/ns/dcat#landingPage', null)[0]?.value, d);
  });
}
