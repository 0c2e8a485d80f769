/**
 * The permit every DICOMweb and download request carries as its bearer token (never a session cookie: these
 * routes are for a researcher's viewer or pipeline, on any origin). One check per request, recorded with what
 * was asked (checkPermit writes the USE_DATASETS entry and the permit_uses row); the permit must name the
 * dataset (by id or catalogue UUID in the path) and the version. An unknown dataset is checked as "another
 * dataset" so that a permit's holder learns nothing of datasets it does not cover.
 */
import type { FastifyRequest } from 'fastify';
import type { PermitAction, PermitClaims } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { StudyLedger } from '@oncoatlas/store';
import { checkPermit } from '../access/permit-check.ts';

export interface GuardOptions {
  readonly ledger: StudyLedger;
  readonly dataDir: () => string;
  /** The node's software version, recorded with each check. */
  readonly version: string;
}

export interface VersionParams {
  readonly dataset: string;
  readonly version: string;
}

/** Viewing (QIDO, metadata, rendered images) is allowed by either action; bulk reads by download only. */
export const VIEW: readonly PermitAction[] = ['in-situ', 'download'];
export const DOWNLOAD: readonly PermitAction[] = ['download'];

export interface Permitted {
  readonly claims: PermitClaims;
  /** The dataset id and version the permit names (and the path asked). */
  readonly dataset: string;
  readonly version: number;
}

function bearer(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) throw oncoError('PERMIT_REQUIRED', 'Send the access permit the hub gave you as Authorization: Bearer <permit>.');
  return match[1]!;
}

export async function permitFor(o: GuardOptions, request: FastifyRequest<{ Params: VersionParams }>, action: readonly PermitAction[], resource: string): Promise<Permitted> {
  const permit = bearer(request);
  const { dataset, version } = request.params;
  const identity = await o.ledger.datasets.datasetIdentity(dataset) ?? await o.ledger.datasets.datasetIdentityByUuid(dataset);
  const number = /^[1-9]\d{0,8}$/.test(version) ? Number(version) : 0;
  const { claims } = await checkPermit({ ledger: o.ledger, dataDir: o.dataDir(), now: () => new Date().toISOString(), version: o.version }, {
    permit, action, dataset: identity?.uuid ?? dataset, version: number, resource,
  });
  return { claims, dataset: claims.dataset.id, version: claims.dataset.version };
}
