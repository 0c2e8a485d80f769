import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { beaconRequestToAst } from './request.ts';
import { beaconErrorResponse, beaconIndividualsResponse, returnedGranularity } from './responses.ts';
import { validateBeaconDocument } from './schemas.ts';
import { HUB } from './test-fixtures.ts';

const request = (query: object = {}) => beaconRequestToAst({ meta: { apiVersion: 'v2.0' }, query: { filters: [{ id: 'SNOMEDCT:248152002' }], ...query } });
const counts = { exists: true, numTotalResults: 40 };
type Doc = { meta: { returnedGranularity: string; receivedRequestSummary: { filters: string[] } }; responseSummary: Record<string, unknown>; info: Record<string, unknown> };

test('count granularity: a beaconCountResponse carrying the summed total', () => {
  const doc = beaconIndividualsResponse({ request: request({ requestedGranularity: 'count' }), counts, partial: false, missingNodes: [], hub: HUB }) as Doc;
  assert.deepEqual(validateBeaconDocument('beaconCountResponse', doc), []);
  assert.deepEqual(doc.responseSummary, counts);
  assert.equal(doc.meta.returnedGranularity, 'count');
  assert.deepEqual(doc.meta.receivedRequestSummary.filters, ['SNOMEDCT:248152002']);
  assert.equal(doc.info.warnings, undefined);
});

test('boolean granularity (the default): a beaconBooleanResponse without the number', () => {
  const doc = beaconIndividualsResponse({ request: request(), counts, partial: false, missingNodes: [], hub: HUB }) as Doc;
  assert.deepEqual(validateBeaconDocument('beaconBooleanResponse', doc), []);
  assert.deepEqual(doc.responseSummary, { exists: true });
  assert.equal(doc.meta.returnedGranularity, 'boolean');
});

test('the hub may allow less than asked, and record is never served', () => {
  const capped = beaconIndividualsResponse({ request: request({ requestedGranularity: 'count' }), granularity: 'boolean', counts, partial: false, missingNodes: [], hub: HUB }) as Doc;
  assert.deepEqual(capped.responseSummary, { exists: true });
  const record = beaconIndividualsResponse({ request: request({ requestedGranularity: 'record' }), counts, partial: false, missingNodes: [], hub: HUB }) as Doc;
  assert.deepEqual(validateBeaconDocument('beaconCountResponse', record), []);
  assert.equal(record.meta.returnedGranularity, 'count');
  assert.match(JSON.stringify(record.info.warnings), /record granularity is not served/);
  assert.equal(returnedGranularity('record', 'boolean'), 'boolean');
  assert.equal(returnedGranularity('boolean', 'count'), 'boolean');
});

test('a partial answer names the missing nodes; unknown filters and the OR extension are echoed', () => {
  const ast = { operand: 'OR', children: [{ key: 'sex', type: 'EQUALS', value: 'male' }] };
  const plan = beaconRequestToAst({ meta: { apiVersion: 'v2.0' }, query: { filters: [{ id: 'HP:0000001' }], requestParameters: { ast }, requestedGranularity: 'count' } });
  const doc = beaconIndividualsResponse({ request: plan, counts: { exists: false, numTotalResults: 0 }, partial: true, missingNodes: ['node-b'], hub: HUB }) as Doc;
  assert.deepEqual(validateBeaconDocument('beaconCountResponse', doc), []);
  assert.deepEqual(doc.info.missingNodes, ['node-b']);
  assert.equal(doc.info.partial, true);
  assert.deepEqual((doc.info.warnings as { unknownFilters: string[] }).unknownFilters, ['HP:0000001']);
  assert.deepEqual((doc.meta.receivedRequestSummary as unknown as { requestParameters: unknown }).requestParameters, { ast });
});

test('a count that is not a non-negative integer is a bug, not an answer', () => {
  assert.throws(() => beaconIndividualsResponse({ request: request(), counts: { exists: true, numTotalResults: 2.5 }, partial: false, missingNodes: [], hub: HUB }), (e) => isOncoAtlasError(e, 'INTERNAL'));
});

test('errors: 400 for an unreadable request, 500 without detail otherwise; both are beaconErrorResponse', () => {
  let invalid: unknown;
  try {
    beaconRequestToAst({ query: {} });
  } catch (e) {
    invalid = e;
  }
  assert.ok(isOncoAtlasError(invalid, 'FEDERATION_INVALID_QUERY'));
  const bad = beaconErrorResponse(invalid, HUB);
  assert.equal(bad.status, 400);
  assert.deepEqual(validateBeaconDocument('beaconErrorResponse', bad.body), []);
  assert.match(JSON.stringify(bad.body), /FEDERATION_INVALID_QUERY/);
  const internal = beaconErrorResponse(oncoError('INTERNAL', 'disk full at /srv/x'), HUB, request());
  assert.equal(internal.status, 500);
  assert.deepEqual(validateBeaconDocument('beaconErrorResponse', internal.body), []);
  assert.doesNotMatch(JSON.stringify(internal.body), /disk full/);
});
