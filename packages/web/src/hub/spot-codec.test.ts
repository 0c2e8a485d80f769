import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AstTopLayer } from '@samply/lens';
import { answerOf, collectionRowsOf, encodeSpotQuery, formatCount, fromBase64, lensResultOf, parseNodeAnswer, siteOf, toBase64 } from './spot-codec.ts';

// What Lens's getAst() gives for "(lung cancer AND CT) OR breast cancer": operation layers carry the key too.
const lensAst: AstTopLayer = {
  operand: 'OR', children: [
    { operand: 'AND', children: [
      { key: 'SNOMEDCT439401001', operand: 'OR', children: [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT363358000' }] },
      { key: 'RID10311', operand: 'OR', children: [{ key: 'RID10311', type: 'EQUALS', value: 'RID10321' }] },
    ] },
    { operand: 'AND', children: [{ key: 'SNOMEDCT423493009', operand: 'OR', children: [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { min: 50 } }] }] },
  ],
};

test('the query is the double base64 envelope of reference §6.2, with a Lens-style id and the AST untouched', () => {
  const outer = JSON.parse(fromBase64(encodeSpotQuery(lensAst, 'abc'))) as { lang: string; query: string };
  assert.equal(outer.lang, 'ast');
  const inner = JSON.parse(fromBase64(outer.query)) as { ast: AstTopLayer; id: string };
  assert.equal(inner.id, 'abc__search__abc');
  assert.deepEqual(inner.ast, lensAst);
  assert.equal(fromBase64(toBase64('Pulmón ε 肺')), 'Pulmón ε 肺');
});

test('a node answer becomes Lens totals and strata; suppressed counts are left out of Lens, kept for display', () => {
  const answer = parseNodeAnswer({
    collections: [{ id: 'd1', name: 'Lung CT', studies_count: 120, subjects_count: 40 }, { id: 'd2', name: 'Small', studies_count: '< 5', subjects_count: '< 5' }, { name: 'no id' }],
    total: { studies_count: 124, subjects_count: 42 },
    strata: { sex: [{ value: 'male', subjects: 30, studies: 90 }, { value: 'female', subjects: '< 5', studies: 10 }], modality: [{ value: 'CT', subjects: 42, studies: 124 }] },
    disclosure: { threshold: 5 }, notes: ['condition: unknown value(s) X ignored', 7],
  });
  assert.deepEqual(lensResultOf(answer), { totals: { patients: 42, studies: 124 }, stratifiers: { sex: { male: 30 }, modality: { CT: 42 } } });
  assert.deepEqual(answer.notes, ['condition: unknown value(s) X ignored']);
  assert.deepEqual(collectionRowsOf('node-a', answer).map((r) => [r.site, r.id, formatCount(r.subjects)]), [['node-a', 'd1', '40'], ['node-a', 'd2', '< 5']]);
  assert.equal(formatCount(12345), '12,345');
  assert.equal(formatCount(null), '–');
});

test('an EUCAIM mediator answer (no total, subject_count spelling) still fills the table', () => {
  const eucaim = { collections: [{ id: 'u1', name: 'Prostate', studies_count: 10, subject_count: 8 }, { id: 'u2', name: 'Breast', studies_count: 5, subjects_count: 5 }], provider: 'X' };
  const result = { task: 't', from: 'focus.upv.broker.eucaim.cancerimage.eu', to: [], status: 'succeeded' as const, body: toBase64(JSON.stringify(eucaim)) };
  assert.equal(siteOf(result), 'upv');
  assert.deepEqual(lensResultOf(answerOf(result)).totals, { patients: 13, studies: 15 });
  assert.deepEqual(parseNodeAnswer(null), { collections: [], total: null, strata: {}, notes: [] });
});
