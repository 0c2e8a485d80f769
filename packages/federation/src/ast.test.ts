import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { parseAst, queryFingerprint } from './ast.ts';
import type { Condition, Operation } from './ast.ts';
import { resolveCondition } from './search-keys.ts';

const firstValue = (c: Condition) => { const r = resolveCondition(c); return r.kind === 'text' ? r.values[0] : undefined; };

const lens = {
  operand: 'OR', children: [{ operand: 'AND', children: [
    { operand: 'OR', children: [{ key: 'SNOMEDCT263495000', system: '', type: 'EQUALS', value: 'SNOMEDCT248153007' }] },
    { operand: 'OR', children: [{ key: 'SNOMEDCT423493009', system: '', type: 'BETWEEN', value: { min: 50, max: 70 } }] },
  ] }],
};

test('a Lens AST parses, and reordering children or IN values keeps its fingerprint', () => {
  const ast = parseAst(lens);
  const reordered = parseAst({ operand: 'OR', children: [{ operand: 'AND', children: [...lens.children[0]!.children].reverse() }] });
  assert.equal(queryFingerprint(ast), queryFingerprint(reordered));
  const a = parseAst({ operand: 'AND', children: [{ key: 'modality', type: 'IN', value: ['CT', 'MR'] }] });
  const b = parseAst({ operand: 'AND', children: [{ key: 'modality', type: 'IN', value: ['MR', 'CT'] }] });
  assert.equal(queryFingerprint(a), queryFingerprint(b));
  assert.notEqual(queryFingerprint(a), queryFingerprint(ast));
});

test('malformed ASTs are refused with the path of the problem', () => {
  const bad = (json: unknown, path: RegExp) => assert.throws(() => parseAst(json), (e) => isOncoAtlasError(e, 'FEDERATION_INVALID_QUERY') && path.test(e.message));
  bad({ operand: 'AND', children: [{ key: 'sex', type: 'EQUALS', value: 'male' }, { key: 'sex', type: 'LIKE', value: 'x' }] }, /^ast\.children\[1\]\.type/);
  bad({ operand: 'XOR', children: [] }, /^ast\.operand/);
  bad({ operand: 'AND', children: [{ key: 'age_at_diagnosis', type: 'BETWEEN', value: 3 }] }, /ast\.children\[0\]\.value/);
  let deep: unknown = { key: 'sex', type: 'EQUALS', value: 'male' };
  for (let i = 0; i < 9; i++) deep = { operand: 'AND', children: [deep] };
  bad(deep, /deeper than 8/);
  bad({ operand: 'OR', children: Array.from({ length: 201 }, () => ({ key: 'sex', type: 'EQUALS', value: 'male' })) }, /more than 200/);
});

test('Lens aliases, SNOMED CT and EUCAIM codes resolve to our keys; unknowns become FALSE; a wrong type is an error', () => {
  assert.deepEqual(resolveCondition({ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT363358000' }), { kind: 'text', key: 'condition', level: 'patient', op: 'in', values: ['C34'], notes: [] });
  assert.equal(firstValue({ key: 'condition', type: 'EQUALS', value: 'CLIN1000065' }), 'C34');
  assert.equal(firstValue({ key: 'RID10311', type: 'EQUALS', value: 'RID10312' }), 'MR');
  assert.equal(firstValue({ key: 'C25392', type: 'EQUALS', value: 'birnlex_12833' }), 'GE');
  assert.equal(resolveCondition({ key: 'no_such_key', type: 'EQUALS', value: 'x' }).kind, 'false');
  assert.equal(resolveCondition({ key: 'sex', type: 'EQUALS', value: 'SNOMEDCT0' }).kind, 'false');
  assert.throws(() => resolveCondition({ key: 'sex', type: 'BETWEEN', value: { min: 1, max: 2 } }), (e) => isOncoAtlasError(e, 'FEDERATION_INVALID_QUERY'));
});

test('a Lens AST, whose OR groups carry a key, parses as operations', () => {
  const lens = { operand: 'OR', children: [{ operand: 'AND', children: [{ key: 'SNOMEDCT439401001', operand: 'OR', children: [{ key: 'SNOMEDCT439401001', system: '', type: 'EQUALS', value: 'SNOMEDCT363358000' }] }] }] };
  const ast = parseAst(lens);
  const group = (ast.children[0] as Operation).children[0] as Operation;
  assert.equal(group.operand, 'OR');
  assert.equal((group.children[0] as Condition).value, 'SNOMEDCT363358000');
});
