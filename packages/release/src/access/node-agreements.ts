/**
 * The agreements a node has on file, and whether they allow it to publish. The onboarding path (federated by
 * default, or transfer to a reference node) says which documents a publication needs (`requiredForPublication`
 * of @oncoatlas/access's checklist: the DSA and the access conditions on the federated path, the DTA on the
 * transfer path). A steward files a document here (its bytes kept owner-only under `<dataDir>/agreements/`,
 * named by their SHA-256), or the hub tells the node it accepted one at onboarding (hub-onboarding.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { checkDocumentSize, checklistFor, documentState, missingAgreementMessage, missingForPublication, ONBOARDING_DOCUMENTS, ONBOARDING_PATHS, type DocumentKind, type DocumentState, type FiledDocument, type OnboardingPath } from '@oncoatlas/access';
import { oncoError, privateDir, writePrivateFile } from '@oncoatlas/core';
import type { AgreementRow, StudyLedger } from '@oncoatlas/store';

/** node_access_settings keys. */
export const ONBOARDING_PATH_SETTING = 'onboarding_path';
export const HUB_ONBOARDING_SETTING = 'hub_onboarding';

export const AGREEMENTS_DIR = 'agreements';

/** An agreement as the API and the CLI show it. */
export interface Agreement {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly filename: string;
  readonly sha256: string;
  readonly source: 'node' | 'hub';
  readonly state: 'accepted' | 'withdrawn';
  readonly validUntil: string | null;
  readonly filedBy: string;
  readonly filedAt: string;
  /** The one that counts for its kind now (the latest accepted). */
  readonly current: boolean;
  /** Its state as a document now: accepted, or expired past its validUntil (withdrawn: rejected). */
  readonly status: DocumentState;
}

export interface AgreementStatus {
  readonly path: OnboardingPath;
  /** The documents a publication needs on this path. */
  readonly required: DocumentKind[];
  /** Every agreement filed, newest first. */
  readonly agreements: Agreement[];
  /** Those of `required` not on file, or expired. */
  readonly missing: DocumentKind[];
}

export async function onboardingPath(ledger: StudyLedger): Promise<OnboardingPath> {
  const v = await ledger.access.setting(ONBOARDING_PATH_SETTING);
  return v === 'transfer' ? 'transfer' : 'federated';
}

export async function setOnboardingPath(ledger: StudyLedger, path: string, at: string): Promise<OnboardingPath> {
  if (!(ONBOARDING_PATHS as readonly string[]).includes(path)) throw oncoError('USAGE', `The onboarding path is federated or transfer, not "${path}".`);
  await ledger.access.putSetting(ONBOARDING_PATH_SETTING, path, at);
  return path as OnboardingPath;
}

function filedOf(a: AgreementRow): FiledDocument {
  return { kind: a.kind, state: a.state === 'accepted' ? 'accepted' : 'rejected', validUntil: a.valid_until };
}

export async function agreementStatus(ledger: StudyLedger, now: Date): Promise<AgreementStatus> {
  const path = await onboardingPath(ledger);
  const current = await ledger.access.currentAgreements();
  const currentIds = new Set(current.map((a) => a.id));
  // Newest first; those filed together (a hub statement) by kind.
  const order = (a: AgreementRow, b: AgreementRow): number => (a.filed_at === b.filed_at ? (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) : a.filed_at < b.filed_at ? 1 : -1);
  const agreements = (await ledger.access.agreements()).sort(order).map((a): Agreement => ({
    id: a.id, kind: a.kind, title: a.title, filename: a.filename, sha256: a.sha256, source: a.source, state: a.state,
    validUntil: a.valid_until, filedBy: a.filed_by, filedAt: a.filed_at, current: currentIds.has(a.id), status: documentState(filedOf(a), now),
  }));
  return {
    path, required: checklistFor(path).filter((k) => k.requiredForPublication), agreements,
    missing: missingForPublication(path, current.map(filedOf), now),
  };
}

/**
 * Refuses a publication while a document the node's path requires is not on file or has expired, naming each
 * one (its title and kind) and how to file it.
 */
export async function assertAgreementsOnFile(ledger: StudyLedger, datasetId: string, now: Date): Promise<void> {
  const status = await agreementStatus(ledger, now);
  if (status.missing.length === 0) return;
  const byKind = new Map(status.agreements.filter((a) => a.current).map((a) => [a.kind, a]));
  const reasons = status.missing.map((k) => {
    const expired = byKind.get(k.id);
    return expired?.status === 'expired' ? `${k.title} (${k.id}) expired on ${expired.validUntil}` : missingAgreementMessage([k]);
  });
  throw oncoError('AGREEMENT_MISSING',
    `${datasetId} cannot be published on the ${status.path} path: ${reasons.join('; ')}. File ${status.missing.length === 1 ? 'it' : 'them'} with oncoatlas agreements file --kind KIND or the node's Agreements page (docs/access.md).`,
    { missing: status.missing.map((k) => k.id).join(',') });
}

export interface FileAgreement {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly kind: string;
  readonly filename: string;
  readonly bytes: Uint8Array;
  /** YYYY-MM-DD after which it no longer counts. */
  readonly validUntil?: string | undefined;
  readonly by: string;
  readonly now: () => string;
}

export function knownKind(kind: string): DocumentKind | undefined {
  return ONBOARDING_DOCUMENTS.find((k) => k.id === kind);
}

export function agreementKind(kind: string): DocumentKind {
  const found = knownKind(kind);
  if (!found) throw oncoError('ACCESS_DOCUMENT_INVALID', `There is no document kind "${kind}"; the kinds are ${ONBOARDING_DOCUMENTS.map((k) => k.id).join(', ')}.`);
  return found;
}

/** A YYYY-MM-DD that is a real date, else USAGE. */
export function isoDate(value: string, what: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw oncoError('USAGE', `${what} takes a date as YYYY-MM-DD, not "${value}".`);
  }
  return value;
}

/** Files an agreement the node's steward holds: its bytes kept by their SHA-256, a row saying what it is. */
export async function fileAgreement(o: FileAgreement): Promise<Agreement> {
  const kind = agreementKind(o.kind);
  checkDocumentSize(o.bytes.length);
  const filename = basename(o.filename.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  if (filename === '' || filename === '.' || filename === '..') throw oncoError('ACCESS_DOCUMENT_INVALID', 'The document needs a file name.');
  const validUntil = o.validUntil === undefined ? null : isoDate(o.validUntil, 'validUntil');
  const sha256 = createHash('sha256').update(o.bytes).digest('hex');
  const dir = privateDir(join(resolve(o.dataDir), AGREEMENTS_DIR));
  writePrivateFile(join(dir, sha256), o.bytes, { flush: true });
  const row: AgreementRow = {
    id: randomUUID(), kind: kind.id, title: kind.title, filename, sha256, source: 'node', state: 'accepted',
    valid_until: validUntil, filed_by: o.by, filed_at: o.now(),
  };
  await o.ledger.access.fileAgreement(row);
  return (await agreementStatus(o.ledger, new Date(row.filed_at))).agreements.find((a) => a.id === row.id)!;
}
