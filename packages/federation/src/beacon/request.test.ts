import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { Condition, Operation } from '../ast.ts';
import { isCondition } from '../ast.ts';
import { resolveCondition } from '../search-keys.ts';
import { beaconGetRequestBody, beaconRequestToAst } from './request.ts';

const meta = { apiVersion: 'v2.0' };
const lens = (...groups: Condition[][]): Operation => ({ operand: 'OR', children: [{ operand: 'AND', children: groups.map((children) => ({ operand: 'OR', children })) }] });
const plan = (query: object) => beaconRequestToAst({ meta, query });

test('filters of different keys are ANDed, in Lens\'s OR(AND(OR(…))) shape', () => {
  const p = plan({ filters: [{ id: 'SNOMEDCT:248152002' }, { id: 'SNOMEDCT:363358000' }, { id: 'oncoatlas:modality:CT' }], requestedGranularity: 'count' });
  assert.deepEqual(p.ast, lens(
    [{ key: 'sex', type: 'EQUALS', value: 'female' }],
    [{ key: 'condition', type: 'EQUALS', value: 'C34' }],
    [{ key: 'modality', type: 'EQUALS', value: 'CT' }],
  ));
  assert.equal(p.requestedGranularity, 'count');
  assert.deepEqual(p.filters, ['SNOMEDCT:248152002', 'SNOMEDCT:363358000', 'oncoatlas:modality:CT']);
  assert.deepEqual(p.unknownFilters, []);
});

test('filters naming values of the same key are ORed (Beacon FAQ), a value named twice counts once', () => {
  const p = plan({ filters: [{ id: 'SNOMEDCT:363358000' }, { id: 'RadLex:RID10312' }, { id: 'ICD10:C50' }, { id: 'SNOMEDCT:254837009' }] });
  assert.deepEqual(p.ast, lens(
    [{ key: 'condition', type: 'EQUALS', value: 'C34' }, { key: 'condition', type: 'EQUALS', value: 'C50' }],
    [{ key: 'modality', type: 'EQUALS', value: 'MR' }],
  ));
  assert.equal(p.requestedGranularity, 'boolean', 'the schema default');
});

test('an age range: >= and <= on one key become an inclusive BETWEEN; ISO 8601 years or plain numbers', () => {
  assert.deepEqual(plan({ filters: [{ id: 'age', operator: '>=', value: 'P50Y' }, { id: 'oncoatlas:age_at_diagnosis', operator: '<=', value: '70' }] }).ast,
    lens([{ key: 'age_at_diagnosis', type: 'BETWEEN', value: { min: 50, max: 70 } }]));
  // Alone, an inclusive bound is "greater than, or equal"; strict bounds map one to one.
  assert.deepEqual(plan({ filters: [{ id: 'SNOMEDCT:423493009', operator: '>=', value: 'P1Y6M' }, { id: 'oncoatlas:diagnosis_year', operator: '<', value: '2020' }] }).ast, lens(
    [{ key: 'age_at_diagnosis', type: 'GREATER_THAN', value: 1.5 }, { key: 'age_at_diagnosis', type: 'EQUALS', value: 1.5 }],
    [{ key: 'diagnosis_year', type: 'LOWER_THAN', value: 2020 }],
  ));
});

test('alphanumeric filters on coded keys: = and ! name a value, % asks for a substring', () => {
  assert.deepEqual(plan({ filters: [{ id: 'oncoatlas:sex', operator: '!', value: 'male' }, { id: 'oncoatlas:manufacturer', operator: '=', value: '%siem%' }] }).ast, lens(
    [{ key: 'sex', type: 'NOT_EQUALS', value: 'male' }],
    [{ key: 'manufacturer', type: 'CONTAINS', value: 'siem' }],
  ));
  assert.throws(() => plan({ filters: [{ id: 'oncoatlas:sex', operator: '>', value: 'male' }] }), (e) => isOncoAtlasError(e, 'FEDERATION_INVALID_QUERY'));
});

test('an unknown filter (or another scope) is reported and counts as FALSE on every node; the known ones still apply', () => {
  const p = plan({ filters: [{ id: 'HP:0000001' }, { id: 'SNOMEDCT:248152002', scope: 'biosamples' }, { id: 'SNOMEDCT:248153007' }] });
  assert.deepEqual(p.unknownFilters, ['HP:0000001', 'SNOMEDCT:248152002']);
  const conditions = (p.ast.children[0] as Operation).children.map((g) => (g as Operation).children[0] as Condition);
  assert.deepEqual(conditions.map((c) => resolveCondition(c).kind), ['false', 'false', 'text']);
  // An ontology id used with an operator (or a key id without one) is as unknown as a foreign term.
  assert.deepEqual(plan({ filters: [{ id: 'SNOMEDCT:248153007', operator: '=', value: 'x' }, { id: 'oncoatlas:sex' }] }).unknownFilters, ['SNOMEDCT:248153007', 'oncoatlas:sex']);
});

test('OR extension: query.requestParameters.ast is dispatched as it is, ANDed with any filters', () => {
  const ast: Operation = { operand: 'OR', children: [
    { operand: 'AND', children: [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT399068003' }] },
    { operand: 'AND', children: [{ key: 'modality', type: 'IN', value: ['MR', 'PT'] }, { key: 'sex', type: 'EQUALS', value: 'female' }] },
  ] };
  const alone = plan({ requestParameters: { ast } });
  assert.deepEqual(alone.ast, ast, 'the same AST the Focus contract would carry');
  assert.deepEqual(alone.requestParameters, { ast });
  const withFilter = plan({ filters: [{ id: 'SNOMEDCT:248152002' }], requestParameters: { ast } });
  assert.deepEqual(withFilter.ast, { operand: 'AND', children: [lens([{ key: 'sex', type: 'EQUALS', value: 'female' }]), ast] });
  assert.throws(() => plan({ requestParameters: { ast: { operand: 'XOR', children: [] } } }), (e) => isOncoAtlasError(e, 'FEDERATION_INVALID_QUERY'));
});

test('Beacon filters and the equivalent Lens AST resolve to the same conditions on the nodes', () => {
  // The Lens query of the EUCAIM reference (§6.2): male, prostate cancer, age at diagnosis 50-70.
  const fromLens = lens(
    [{ key: 'SNOMEDCT263495000', type: 'EQUALS', value: 'SNOMEDCT248153007' }],
    [{ key: 'SNOMEDCT439401001', type: 'EQUALS', value: 'SNOMEDCT399068003' }],
    [{ key: 'SNOMEDCT423493009', type: 'BETWEEN', value: { min: 50, max: 70 } }],
  );
  const fromBeacon = plan({ filters: [{ id: 'SNOMEDCT:248153007' }, { id: 'SNOMEDCT:399068003' }, { id: 'age', operator: '>=', value: 'P50Y' }, { id: 'age', operator: '<=', value: 'P70Y' }] }).ast;
  const resolved = (op: Operation): unknown => op.children.map((c) => (isCondition(c) ? resolveCondition(c) : resolved(c)));
  assert.deepEqual(resolved(fromBeacon), resolved(fromLens));
});

test('no filter asks about every individual: an AND with no condition', () => {
  assert.deepEqual(beaconRequestToAst({ meta }).ast, lens());
});

test('granularity: query wins over meta (older drafts), record is accepted as asked', () => {
  assert.equal(beaconRequestToAst({ meta: { ...meta, requestedGranularity: 'count' } }).requestedGranularity, 'count');
  assert.equal(beaconRequestToAst({ meta: { ...meta, requestedGranularity: 'count' }, query: { requestedGranularity: 'record' } }).requestedGranularity, 'record');
});

test('a body that does not conform to beaconRequestBody, or a malformed filter, is FEDERATION_INVALID_QUERY', () => {
  const invalid = (body: unknown) => assert.throws(() => beaconRequestToAst(body), (e) => isOncoAtlasError(e, 'FEDERATION_INVALID_QUERY'));
  invalid({ query: {} }); // meta is required
  invalid({ meta, query: { filters: 'SNOMEDCT:248152002' } });
  invalid({ meta, query: { filters: [{ id: 'age', operator: '>=', value: 50 }] } }); // values are strings in Beacon
  invalid({ meta, query: { filters: [{ id: 'age', operator: '>=', value: 'old' }] } });
  invalid({ meta, query: { filters: [{ id: 'age', operator: '~', value: '50' }] } });
});

test('GET: filters=a,b&requestedGranularity=count is the same request as its POST body', () => {
  const get = beaconRequestToAst(beaconGetRequestBody({ filters: 'SNOMEDCT:248152002,age:>=P50Y', requestedGranularity: 'count' }));
  const post = plan({ filters: [{ id: 'SNOMEDCT:248152002' }, { id: 'age', operator: '>=', value: 'P50Y' }], requestedGranularity: 'count' });
  assert.deepEqual(get.ast, post.ast);
  assert.equal(get.requestedGranularity, 'count');
  // Repeated parameters, a CURIE with an operator, and the OR extension as JSON.
  const ast = { operand: 'OR', children: [{ key: 'sex', type: 'EQUALS', value: 'male' }] };
  const repeated = beaconRequestToAst(beaconGetRequestBody({ filters: ['SNOMEDCT:363358000', 'SNOMEDCT:423493009:<=70'], ast: JSON.stringify(ast) }));
  assert.deepEqual(repeated.ast, { operand: 'AND', children: [lens([{ key: 'condition', type: 'EQUALS', value: 'C34' }], [{ key: 'age_at_diagnosis', type: 'LOWER_THAN', value: 70 }, { key: 'age_at_diagnosis', type: 'EQUALS', value: 70 }]), ast] });
  assert.throws(() => beaconGetRequestBody({ ast: '{not json' }), (e) => isOncoAtlasError(e, 'FEDERATION_INVALID_QUERY'));
});
