/**
 * Federated search end to end, every part its own process on loopback: a hub and two nodes (`oncoatlas serve`
 * joined with `node join`, approved with `hub nodes approve`). One AST asked through the hub's Spot API (SSE, what
 * Lens uses), its Beacon v2 facade and each node's Focus route gets consistent numbers: the Beacon total is the sum
 * of the nodes' disclosed totals, each node discloses the same number through every door, and that number is
 * what disclosure control makes of the node's TRUE count (recomputed from its own database and noise key) for the
 * one fingerprint its audit log recorded at each door. A node killed mid-query is named missing within the
 * deadline; restarted, it reconnects by itself and answers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  countQuery, DEFAULT_DISCLOSURE_POLICY, discloseCount, encodeSpotQuery, fromBase64, parseAst, queryFingerprint, validateBeaconDocument, type SpotResult,
} from '@oncoatlas/federation';
import type { AuditEnvelope } from '@oncoatlas/audit';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { FOCUS_TOKEN, startCluster, type Cluster } from './support/federation-cluster.ts';

const DEADLINE_S = 4;
// Lens's shape and EUCAIM keys: (lung cancer AND CT) OR breast cancer.
const LENS_AST = {
  operand: 'OR', children: [
    { operand: 'AND', children: [
      { operand: 'OR', children: [{ key: 'SNOMEDCT439401001', system: 'urn:snomed-org/sct', type: 'EQUALS', value: 'SNOMEDCT363358000' }] },
      { operand: 'OR', children: [{ key: 'RID10311', system: '', type: 'EQUALS', value: 'RID10321' }] },
    ] },
    { operand: 'AND', children: [{ operand: 'OR', children: [{ key: 'SNOMEDCT439401001', system: 'urn:snomed-org/sct', type: 'EQUALS', value: 'SNOMEDCT254837009' }] }] },
  ],
};

interface NodeTotal { studies_count: number; subjects_count: number }

async function spotSearch(c: Cluster, bearer: string, id: string): Promise<{ events: SpotResult[]; ms: number }> {
  const started = Date.now();
  const post = await fetch(`${c.hubUrl}/hub/beam`, {
    method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, query: encodeSpotQuery(parseAst(LENS_AST), `${id}__search__${id}`) }),
  });
  assert.equal(post.status, 201, await post.clone().text());
  const res = await fetch(`${c.hubUrl}/hub/beam/${id}?wait_count=${c.nodes.length}`, { headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' } });
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const text = await res.text();
  const events = text.split('\n\n').filter((f) => f.startsWith('event: new_result\ndata: ')).map((f) => JSON.parse(f.slice('event: new_result\ndata: '.length)) as SpotResult);
  return { events, ms: Date.now() - started };
}

const siteOf = (e: SpotResult): string => e.from.split('.')[1]!;
const bodyOf = (e: SpotResult): { total: NodeTotal; collections: unknown[]; strata: Record<string, unknown> } => JSON.parse(fromBase64(e.body));
const final = (events: readonly SpotResult[]): Map<string, SpotResult> => new Map(events.filter((e) => e.status !== 'claimed').map((e) => [siteOf(e), e]));

test('one AST through Spot, Beacon and Focus: consistent counts; a killed node is missing by the deadline and answers once restarted', { timeout: 180_000 }, async (t) => {
  const c = await startCluster(t, { hospitals: [{ seed: 'north', studies: 60 }, { seed: 'south', studies: 70 }], deadlineSeconds: DEADLINE_S });
  const researcher = await c.token('alice', 'researcher');

  // The Lens door: every node claimed at once, then answered with our strata for the charts.
  const spot = await spotSearch(c, researcher, 'e2e-1');
  assert.deepEqual(spot.events.filter((e) => e.status === 'claimed').map(siteOf).sort(), c.nodes.map((n) => n.id).sort());
  const answers = final(spot.events);
  const disclosed = new Map<string, NodeTotal>();
  for (const n of c.nodes) {
    const e = answers.get(n.id);
    assert.equal(e?.status, 'succeeded', `${n.id} answered`);
    const body = bodyOf(e!);
    assert.deepEqual(Object.keys(body.strata).sort(), ['body_part', 'condition', 'modality', 'sex']);
    assert.ok(body.collections.length > 0, 'the published datasets that match are named');
    disclosed.set(n.id, body.total);
  }

  // The Beacon door: the sum of the nodes' disclosed totals, valid against the framework schemas.
  const beacon = await fetch(`${c.hubUrl}/beacon/v2/individuals`, {
    method: 'POST', headers: { authorization: `Bearer ${researcher}`, 'content-type': 'application/json' },
    body: JSON.stringify({ meta: { apiVersion: 'v2.1.1' }, query: { requestedGranularity: 'count', requestParameters: { ast: LENS_AST } } }),
  });
  const counted = await beacon.json() as { responseSummary: { numTotalResults: number; exists: boolean }; info: { partial: boolean; missingNodes: string[] } };
  assert.equal(beacon.status, 200, JSON.stringify(counted));
  assert.deepEqual(validateBeaconDocument('beaconCountResponse', counted), []);
  assert.equal(counted.responseSummary.numTotalResults, [...disclosed.values()].reduce((s, x) => s + x.subjects_count, 0));
  assert.deepEqual([counted.info.partial, counted.info.missingNodes], [false, []]);
  const info = await (await fetch(`${c.hubUrl}/beacon/v2/info`)).json();
  assert.deepEqual(validateBeaconDocument('beaconInfoResponse', info), [], 'public');
  const refused = await fetch(`${c.hubUrl}/beacon/v2/individuals?filters=SNOMEDCT:363358000`);
  assert.equal(refused.status, 401);
  assert.deepEqual(validateBeaconDocument('beaconErrorResponse', await refused.json()), [], 'even a refusal is Beacon');

  // The Focus door of each node: the same disclosed total; no token, no answer.
  for (const n of c.nodes) {
    const focus = await fetch(`${n.url}/api/federation/focus`, { method: 'POST', headers: { authorization: `Bearer ${FOCUS_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ ast: LENS_AST, id: 'focus-1' }) });
    assert.equal(focus.status, 200);
    assert.deepEqual(((await focus.json()) as { total: NodeTotal }).total, disclosed.get(n.id));
    const stranger = await fetch(`${n.url}/api/federation/focus`, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{"ast":{}}' });
    assert.equal(((await stranger.json()) as { code: string }).code, 'FEDERATION_UNAUTHORIZED');
  }

  // The hub's catalogue, harvested through the nodes' agents (the hub never dials a node): one search across
  // nodes, each card linking back to its node's record.
  const operator = await c.token('olga', 'operator');
  const harvest = await fetch(`${c.hubUrl}/hub/api/catalogue/harvest`, { method: 'POST', headers: { authorization: `Bearer ${operator}` } });
  const outcomes = (await harvest.json()) as { harvests: { status: string }[] };
  assert.equal(harvest.status, 200, JSON.stringify(outcomes));
  assert.deepEqual(outcomes.harvests.map((h) => h.status), c.nodes.map(() => 'succeeded'), JSON.stringify(outcomes));
  const cards = (await (await fetch(`${c.hubUrl}/hub/api/catalogue/entries`)).json()) as { node: { id: string }; recordUrl: string }[];
  assert.deepEqual([...new Set(cards.map((card) => card.node.id))].sort(), c.nodes.map((n) => n.id).sort(), 'datasets of both nodes');
  assert.equal(cards.length, 2 * c.nodes.length, 'two published datasets per node');
  for (const card of cards) assert.match(card.recordUrl, /^http:\/\/(north|south)\.test\/catalogue\/datasets\//, 'links back to the node\'s record');

  // One node killed mid-query: the stream names it missing by the deadline, and the answer is partial.
  const [alive, killed] = c.nodes as [Cluster['nodes'][0], Cluster['nodes'][0]];
  await killed.serve.stop('SIGKILL');
  const partial = await spotSearch(c, researcher, 'e2e-2');
  assert.ok(partial.ms < DEADLINE_S * 1000 + 2500, `answered within the deadline (${partial.ms} ms)`);
  const got = final(partial.events);
  assert.equal(got.get(alive.id)?.status, 'succeeded');
  assert.equal(got.get(killed.id)?.status, 'tempfailed');
  assert.deepEqual(JSON.parse(fromBase64(got.get(killed.id)!.body)), { reason: 'deadline' });

  // Restarted, it reconnects by itself and answers the next query.
  await killed.start();
  const again = final((await spotSearch(c, researcher, 'e2e-3')).events);
  assert.deepEqual(c.nodes.map((n) => again.get(n.id)?.status), ['succeeded', 'succeeded']);
  assert.deepEqual(bodyOf(again.get(killed.id)!).total, disclosed.get(killed.id), 'the same question, the same cached noise');

  // Each node's TRUE count, from its own database: through every door the node audited the one fingerprint, and
  // disclosed what its policy and noise key make of that true count.
  const ast = parseAst(LENS_AST);
  for (const n of c.nodes) await n.serve.stop();
  for (const n of c.nodes) {
    const store = await openStore({ dataDir: n.dataDir });
    try {
      const ledger = new StudyLedger(store.db);
      const truth = (await countQuery(store.db, ast)).total.subjects;
      assert.ok(truth > 0, 'the query matches patients at every node');
      const noiseKey = readFileSync(join(n.dataDir, 'federation-noise.key'), 'utf8').trim();
      const expected = discloseCount(truth, DEFAULT_DISCLOSURE_POLICY, { noiseKey: Buffer.from(noiseKey), fingerprint: queryFingerprint(ast), stratum: 'total/subjects', sensitivity: 1 }).value;
      assert.equal(disclosed.get(n.id)!.subjects_count, expected);
      const head = await ledger.auditHead();
      const events = (await ledger.readAudit(0, head.size)).map((e) => JSON.parse(e.event) as AuditEnvelope).filter((e) => e.event.type === 'FEDERATED_COUNT');
      const doors = new Set(events.map((e) => (e.event as { requester: string }).requester.split(':')[0]));
      assert.deepEqual([...doors].sort(), ['focus', 'hub']);
      assert.deepEqual([...new Set(events.map((e) => (e.event as { queryFingerprint: string }).queryFingerprint))], [queryFingerprint(ast)]);
    } finally {
      await store.close();
    }
  }
});
