/*
 * The hub (packages/federation/src/spot) and the browser (packages/web/src/hub) each hold one half of samply
 * Spot's wire format; this holds them to one format: what the page encodes, the hub decodes, and what the hub
 * streams, the page reads into Lens's result.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AstTopLayer } from '@samply/lens';
import { decodeSpotQuery, spotEvents } from '../packages/federation/src/spot/spot-codec.ts';
import { encodeSpotQuery, lensResultOf } from '../packages/web/src/hub/spot-codec.ts';
import { NO_SEARCH, collectionRows, coverageOf, withResult } from '../packages/web/src/hub/search-progress.ts';

const lensAst: AstTopLayer = {
  operand: 'OR', children: [
    { operand: 'AND', children: [
      { key: 'SNOMEDCT439401001', operand: 'OR', children: [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT363358000' }] },
      { key: 'SNOMEDCT423493009', operand: 'OR', children: [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { max: 70 } }] },
    ] },
    { operand: 'AND', children: [{ key: 'SNOMEDCT439401001', operand: 'OR', children: [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT254837009' }] }] },
  ],
};

test('what the page posts to /beam the hub decodes into a valid AST', () => {
  const q = decodeSpotQuery({ id: 'b1c2', sites: ['node-a'], query: encodeSpotQuery(lensAst, 'b1c2') });
  assert.equal(q.ast.operand, 'OR');
  assert.equal(q.ast.children.length, 2);
  assert.equal(q.queryId, 'b1c2__search__b1c2');
  assert.deepEqual(q.sites, ['node-a']);
});

test("what the hub streams the page reads into Lens's result, the collections and the coverage", async () => {
  const body = { collections: [{ id: 'd1', name: 'Lung CT', studies_count: 30, subjects_count: 10 }], total: { studies_count: 30, subjects_count: 10 }, strata: { sex: [{ value: 'female', subjects: 10, studies: 30 }] }, notes: [] };
  async function* replies() {
    yield { node: 'node-a', status: 'succeeded' as const, body };
  }
  let progress = NO_SEARCH;
  for await (const e of spotEvents({ task: 'b1c2', hub: 'hub.example', nodes: ['node-a', 'node-b'], replies: replies(), missing: async () => ['node-b'] })) {
    progress = withResult(progress, { ...e, to: [...e.to] });
  }
  assert.deepEqual(coverageOf(progress), { asked: 2, answered: ['node-a'], working: [], missing: [{ site: 'node-b', reason: 'deadline' }] });
  assert.deepEqual(collectionRows(progress).map((r) => [r.site, r.id, r.subjects]), [['node-a', 'd1', 10]]);
  const a = progress.get('node-a');
  assert.ok(a?.status === 'answered');
  assert.deepEqual(lensResultOf(a.answer), { totals: { patients: 10, studies: 30 }, stratifiers: { sex: { female: 10 } } });
});
