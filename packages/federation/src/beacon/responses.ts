/**
 * The answers of the facade's `/individuals`: beaconBooleanResponse or beaconCountResponse, never record-level,
 * and beaconErrorResponse for a request it cannot read.
 *
 * The counts are the hub's SUM of the totals each node released through its own disclosure control (threshold,
 * rounding, noise, cache), so a Beacon answer says nothing a node did not already release. `partial` and
 * `missingNodes` say when some nodes did not answer in time: the sum then covers fewer nodes, and says so.
 */
import { normalizeError, oncoError } from '@oncoatlas/core';
import { BEACON_API_VERSION, INDIVIDUAL_SCHEMA } from './documents.ts';
import type { BeaconHubIdentity, JsonObject } from './documents.ts';
import type { BeaconGranularity, BeaconQueryPlan } from './request.ts';

export type ReturnedGranularity = 'boolean' | 'count';

export interface BeaconCounts {
  readonly exists: boolean;
  /** The sum of the nodes' disclosure-controlled totals. */
  readonly numTotalResults: number;
}

export interface IndividualsAnswer {
  readonly request: BeaconQueryPlan;
  /** What the hub lets this requester see; defaults to what was asked, `record` lowered to `count`. */
  readonly granularity?: ReturnedGranularity;
  readonly counts: BeaconCounts;
  readonly partial: boolean;
  /** Ids of the nodes whose answers the counts lack. */
  readonly missingNodes: readonly string[];
  readonly hub: BeaconHubIdentity;
}

/** The granularity answered: never more than asked or allowed, and never `record`. */
export function returnedGranularity(requested: BeaconGranularity, allowed: ReturnedGranularity = 'count'): ReturnedGranularity {
  return requested === 'boolean' || allowed === 'boolean' ? 'boolean' : 'count';
}

function receivedRequestSummary(plan: BeaconQueryPlan): JsonObject {
  return {
    apiVersion: plan.apiVersion,
    requestedSchemas: plan.requestedSchemas,
    pagination: plan.pagination,
    requestedGranularity: plan.requestedGranularity,
    filters: plan.filters,
    ...(plan.requestParameters ? { requestParameters: plan.requestParameters } : {}),
    ...(plan.testMode !== undefined ? { testMode: plan.testMode } : {}),
  };
}

function responseMeta(hub: BeaconHubIdentity, granularity: ReturnedGranularity, summary: JsonObject): JsonObject {
  return { beaconId: hub.id, apiVersion: hub.apiVersion ?? BEACON_API_VERSION, returnedGranularity: granularity, receivedRequestSummary: summary, returnedSchemas: [INDIVIDUAL_SCHEMA] };
}

/**
 * beaconBooleanResponse (granularity boolean) or beaconCountResponse (count) for `/individuals`.
 * @example beaconIndividualsResponse({ request, granularity: 'count', counts: { exists: true, numTotalResults: 40 }, partial: false, missingNodes: [], hub })
 */
export function beaconIndividualsResponse(answer: IndividualsAnswer): JsonObject {
  const { request, counts, hub } = answer;
  if (!Number.isSafeInteger(counts.numTotalResults) || counts.numTotalResults < 0) {
    throw oncoError('INTERNAL', 'A Beacon count must be a non-negative integer.', { numTotalResults: counts.numTotalResults });
  }
  const granularity = returnedGranularity(request.requestedGranularity, answer.granularity);
  const warnings: Record<string, readonly string[]> = {};
  if (request.unknownFilters.length > 0) warnings.unknownFilters = request.unknownFilters;
  const notes = [
    ...(request.requestedGranularity === 'record' ? [`record granularity is not served; answered with ${granularity}`] : []),
    ...(answer.partial ? ['partial answer: some nodes did not answer; their individuals are not counted'] : []),
  ];
  if (notes.length > 0) warnings.notes = notes;
  return {
    meta: responseMeta(hub, granularity, receivedRequestSummary(request)),
    responseSummary: granularity === 'count' ? { exists: counts.exists, numTotalResults: counts.numTotalResults } : { exists: counts.exists },
    info: {
      partial: answer.partial,
      missingNodes: answer.missingNodes,
      countsAre: 'the sum of the totals each node released through its disclosure control',
      ...(Object.keys(warnings).length > 0 ? { warnings } : {}),
    },
  };
}

/**
 * beaconErrorResponse for whatever a Beacon route threw: 400 for a request the facade cannot read, 401 for a missing
 * or wrong token, 500 otherwise, without its message (it may name a path or a value).
 */
export function beaconErrorResponse(thrown: unknown, hub: BeaconHubIdentity, plan?: BeaconQueryPlan): { status: number; body: JsonObject } {
  const err = normalizeError(thrown);
  const status = err.code === 'FEDERATION_INVALID_QUERY' ? 400 : err.code === 'FEDERATION_UNAUTHORIZED' || err.code === 'AUTH_REQUIRED' ? 401 : 500;
  const summary = plan ? receivedRequestSummary(plan) : { apiVersion: hub.apiVersion ?? BEACON_API_VERSION, requestedSchemas: [], pagination: {}, requestedGranularity: 'boolean' };
  return {
    status,
    body: {
      meta: responseMeta(hub, 'boolean', summary),
      error: { errorCode: status, errorMessage: status === 500 ? 'Internal error.' : `${err.code}: ${err.message}` },
    },
  };
}
