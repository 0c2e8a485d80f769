/**
 * Each dataset's stable identity in the catalogue: a random UUID (what EUCAIM's federated search returns) and an
 * HTTP IRI on the node that dereferences to its records, `<public URL>/catalogue/datasets/<uuid>`. Both are drawn
 * when the dataset is first published and stored; every later command and the server read them back instead of
 * rebuilding them from their own options, so publishing and serving cannot disagree and nothing changes them.
 *
 * The node's public URL is kept the first time it is given (`catalogue publish --public-url`, or `serve
 * --public-url`, or the address a steward's browser reached the server at); a later different one is warned
 * about and ignored, since IRIs already handed to harvesters and citations must keep working.
 */
import { randomUUID } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';
import type { StudyLedger } from '@oncoatlas/store';

/** A dataset's identity in the catalogue: its UUID and the IRI on the node built from it. */
export interface DatasetIdentity {
  readonly uuid: string;
  readonly iri: string;
}

/** Where the node serves a dataset's records (and so the path of every dataset IRI): outside /api, public. */
export const DATASET_IRI_PATH = '/catalogue/datasets/';

/**
 * Stands in for the UUID of a dataset that has none yet (`catalogue show`/`check` before its first publication):
 * the real one is drawn at random when it is published, and a preview must not suggest another.
 */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The node's public URL as the base of dataset IRIs: an absolute http(s) URL with no query, fragment or
 * credentials, without its trailing slash (`https://node.hospital.example`, or a path behind a proxy).
 */
export function publicBaseOf(url: string, option = '--public-url'): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw oncoError('USAGE', `${option} takes the node's public http(s) address as browsers and harvesters reach it (e.g. https://node.hospital.example), with no query or fragment.`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/** The dataset IRI of a UUID under the node's public URL. */
export function datasetIri(publicUrl: string, uuid: string): string {
  return `${publicBaseOf(publicUrl)}${DATASET_IRI_PATH}${uuid}`;
}

/**
 * A dataset's stored identity. Before its first publication it has none: then `urn:oncoatlas:dataset:<id>` with
 * the nil UUID stands in (distinct per dataset, plainly not an address; also what a dataset published by a
 * version of OncoAtlas that did not store identities was named, until it is published again).
 */
export async function identityOf(ledger: StudyLedger, id: string): Promise<DatasetIdentity> {
  const stored = await ledger.datasets.datasetIdentity(id);
  return stored ? { uuid: stored.uuid, iri: stored.iri } : { uuid: NIL_UUID, iri: `urn:oncoatlas:dataset:${id}` };
}

export interface PublicUrlSources {
  /** The URL the caller was configured with (`--public-url`); a different stored one wins, with a warning. */
  readonly publicUrl?: string;
  /** The origin of the request being served: used only when no URL is stored or configured, never warned about. */
  readonly requestOrigin?: string;
  readonly warn?: (message: string) => void;
}

/** What publishing a dataset assigns: its identity, and whether it (and the node's URL) must be stored. */
export interface IdentityPlan {
  readonly identity: DatasetIdentity;
  /** Set when the dataset has no identity yet: store it with the state change. */
  readonly assign?: { readonly publicUrl: string };
}

/**
 * The identity a publication of `id` gives it: the stored one, else a new random UUID under the node's public
 * URL (stored, else configured, else the request's origin). USAGE when no URL is known at all.
 */
export async function identityForPublishing(ledger: StudyLedger, id: string, o: PublicUrlSources): Promise<IdentityPlan> {
  const storedUrl = await ledger.datasets.publicUrl();
  const configured = o.publicUrl === undefined ? undefined : publicBaseOf(o.publicUrl);
  if (storedUrl !== undefined && configured !== undefined && configured !== storedUrl) {
    o.warn?.(`This node's datasets are named under ${storedUrl} (kept since it was first given); --public-url ${configured} is not used for them: their IRIs never change.`);
  }
  const stored = await ledger.datasets.datasetIdentity(id);
  if (stored) return { identity: { uuid: stored.uuid, iri: stored.iri } };
  const base = storedUrl ?? configured ?? (o.requestOrigin === undefined ? undefined : publicBaseOf(o.requestOrigin, 'The request\'s origin'));
  if (base === undefined) {
    throw oncoError('USAGE', `Publishing ${id} gives it its stable IRI on this node, which needs the node's public address: --public-url https://… (kept in the ledger for every later publication).`);
  }
  const uuid = randomUUID();
  return { identity: { uuid, iri: datasetIri(base, uuid) }, assign: { publicUrl: base } };
}

/** Stores what a plan assigns (inside the transaction of the state change); the first identity stored stays. */
export async function assignIdentity(ledger: StudyLedger, id: string, plan: IdentityPlan, at: string): Promise<DatasetIdentity> {
  if (!plan.assign) return plan.identity;
  await ledger.datasets.keepPublicUrl(plan.assign.publicUrl, at);
  const row = await ledger.datasets.assignIdentity({ dataset_id: id, uuid: plan.identity.uuid, iri: plan.identity.iri, assigned_at: at });
  return { uuid: row.uuid, iri: row.iri };
}
