import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { Operation } from '../ast.ts';
import { decodeSpotQuery, encodeSpotQuery, fromBase64, siteOfAddress, spotAddress, spotEvents, sseEvent, toBase64, type NodeReplyLike, type SpotResult } from './spot-codec.ts';

// Lens's shape: OR(AND(OR(cond)…)…) — lung cancer AND CT, OR breast cancer.
const ast: Operation = {
  operand: 'OR', children: [
    { operand: 'AND', children: [
      { operand: 'OR', children: [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT363358000' }] },
      { operand: 'OR', children: [{ key: 'RID10311', type: 'EQUALS', value: 'RID10321' }] },
    ] },
    { operand: 'AND', children: [{ operand: 'OR', children: [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT254837009' }] }] },
  ],
};

const rejects = (body: unknown, pattern: RegExp) => assert.throws(() => decodeSpotQuery(body), (e: unknown) => isOncoAtlasError(e) && e.code === 'FEDERATION_INVALID_QUERY' && pattern.test(e.message));

test('a query round-trips through the double base64 envelope of reference §6.2', () => {
  const query = encodeSpotQuery(ast, 'q-1__search__q-1');
  const outer = JSON.parse(atob(query)) as { lang: string; query: string };
  assert.equal(outer.lang, 'ast');
  assert.deepEqual(JSON.parse(atob(outer.query)), { ast, id: 'q-1__search__q-1' });
  const decoded = decodeSpotQuery({ id: '0b6f7e5c-1d2a-4c3b-9e8f-a1b2c3d4e5f6', sites: ['node-a', 'node-b', 'node-a'], query });
  assert.deepEqual(decoded.ast, ast);
  assert.deepEqual(decoded.sites, ['node-a', 'node-b'], 'sites once each');
  assert.equal(decoded.queryId, 'q-1__search__q-1');
  assert.equal(decodeSpotQuery({ id: 'x', query }).sites, undefined, 'no sites: the hub asks every approved node');
});

test('base64 is UTF-8 safe, and reads the Latin-1 that btoa(decodeURI(json)) produces', () => {
  for (const s of ['Pulmón', 'ε ≤ 0.28', '肺癌', '🫁']) assert.equal(fromBase64(toBase64(s)), s);
  assert.equal(fromBase64(btoa('Pulm\u00f3n')), 'Pulmón', 'a Latin-1 byte is not valid UTF-8 and is read as Latin-1');
  const withName = { operand: 'OR' as const, children: [{ key: 'x', type: 'CONTAINS' as const, value: 'Pulmón' }] };
  assert.deepEqual(decodeSpotQuery({ id: 'x', query: encodeSpotQuery(withName, 'x') }).ast, withName);
});

test('malformed requests are FEDERATION_INVALID_QUERY with the reason', () => {
  const query = encodeSpotQuery(ast, 'i');
  rejects(null, /not a JSON object/);
  rejects({ id: 'a.b', query }, /id must be/);
  rejects({ id: 'x', sites: ['focus.a.broker'], query }, /sites/);
  rejects({ id: 'x', query: '%%%' }, /not base64/);
  rejects({ id: 'x', query: btoa('{') }, /envelope is not JSON/);
  rejects({ id: 'x', query: btoa(JSON.stringify({ lang: 'cql', query: '' })) }, /"cql" is not supported/);
  rejects({ id: 'x', query: btoa(JSON.stringify({ lang: 'ast', query: btoa(JSON.stringify({ ast: { operand: 'XOR', children: [] }, id: 'i' })) })) }, /operand/);
  rejects({ id: 'x', query: 'A'.repeat(300_000) }, /at most/);
  const payload = btoa(JSON.stringify({ lang: 'ast', payload: btoa(JSON.stringify({ ast, id: 'i' })) }));
  assert.deepEqual(decodeSpotQuery({ id: 'x', query: payload }).ast, ast, 'the envelope field may be named payload');
});

test('addresses put the node id where Lens looks for the site', () => {
  assert.equal(spotAddress('node-0123abcd', 'hub.example.org'), 'focus.node-0123abcd.broker.hub.example.org');
  assert.equal(siteOfAddress(spotAddress('node-0123abcd', 'hub.example.org')), 'node-0123abcd');
  assert.throws(() => spotAddress('a.b', 'hub'));
});

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

test('the event stream: claimed for all, replies as they come, tempfailed for the silent at the deadline', async () => {
  const answer = { collections: [{ id: 'd1', name: 'Lung CT', studies_count: 40, subjects_count: 20 }], total: { studies_count: 40, subjects_count: 20 } };
  const replies: NodeReplyLike[] = [{ node: 'node-a', status: 'succeeded', body: answer }, { node: 'node-b', status: 'failed', body: { code: 'INTERNAL' } }];
  const events: SpotResult[] = [];
  for await (const e of spotEvents({ task: 'task-1', hub: 'hub', nodes: ['node-a', 'node-b', 'node-c'], replies: from(replies), missing: async () => ['node-c'] })) events.push(e);
  assert.deepEqual(events.map((e) => [siteOfAddress(e.from), e.status]), [
    ['node-a', 'claimed'], ['node-b', 'claimed'], ['node-c', 'claimed'],
    ['node-a', 'succeeded'], ['node-b', 'permafailed'], ['node-c', 'tempfailed'],
  ]);
  assert.ok(events.every((e) => e.task === 'task-1'));
  assert.deepEqual(JSON.parse(fromBase64(events[3]!.body)), answer);
  assert.deepEqual(JSON.parse(fromBase64(events[5]!.body)), { reason: 'deadline' });
  const sse = sseEvent(events[3]!);
  assert.match(sse, /^event: new_result\ndata: \{.*\}\n\n$/s);
  assert.equal(sse.split('\n').length, 4, 'one data line');
});

test("Lens's getAst() quirks are read: keys on operation layers, one-sided ranges", () => {
  const lens = {
    operand: 'OR', children: [{ operand: 'AND', children: [
      { key: 'SNOMEDCT423493009', operand: 'OR', children: [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { min: 50 } }] },
      { key: 'SNOMEDCT432213005', operand: 'OR', children: [{ key: 'SNOMEDCT432213005', type: 'BETWEEN', value: { max: 2020 } }] },
    ] }],
  };
  const query = btoa(JSON.stringify({ lang: 'ast', query: btoa(JSON.stringify({ ast: lens, id: 'i' })) }));
  const and = decodeSpotQuery({ id: 'x', query }).ast.children[0] as Operation;
  assert.deepEqual(and.children, [
    { operand: 'OR', children: [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { min: 50, max: Number.MAX_SAFE_INTEGER } }] },
    { operand: 'OR', children: [{ key: 'SNOMEDCT432213005', type: 'BETWEEN', value: { min: -Number.MAX_SAFE_INTEGER, max: 2020 } }] },
  ]);
});
