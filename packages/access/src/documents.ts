/**
 * The documents a data holder files to be onboarded (eucaim.md §15, EUCAIM handbook), per path: transfer to a
 * reference node (a DTA) or a federated node (a DSA, a DPIA, security evidence, access conditions, a negotiation
 * contact); and those a researcher attaches to an access request. A node's datasets are published only while the
 * agreements of its path (`requiredForPublication`) are accepted and not expired.
 */
import { oncoError } from '@oncoatlas/core';

export type OnboardingPath = 'transfer' | 'federated';
export const ONBOARDING_PATHS: readonly OnboardingPath[] = ['transfer', 'federated'];

export interface DocumentKind {
  readonly id: string;
  readonly title: string;
  readonly paths: readonly OnboardingPath[];
  /** Needed to submit the onboarding (or the request). */
  readonly required: boolean;
  /** Must be accepted and unexpired for the node to publish a dataset. */
  readonly requiredForPublication: boolean;
  /** Valid until a date (given when filed or accepted). */
  readonly expires: boolean;
  readonly hint: string;
}

const BOTH: readonly OnboardingPath[] = ['transfer', 'federated'];

export const ONBOARDING_DOCUMENTS: readonly DocumentKind[] = [
  { id: 'ethics-training', title: 'Ethics training certificate', paths: BOTH, required: true, requiredForPublication: false, expires: false,
    hint: 'Proof that the people preparing the data completed ethics training.' },
  { id: 'legal-representation', title: 'Proof of legal representation', paths: BOTH, required: true, requiredForPublication: false, expires: false,
    hint: 'Who may sign for the institution; with several data holders, the legal basis among them (e.g. a consortium agreement).' },
  { id: 'ethics-approval', title: 'Ethics approval', paths: BOTH, required: false, requiredForPublication: false, expires: true,
    hint: 'A favourable opinion of the ethics committee, where one applies to sharing these data.' },
  { id: 'dpo-report', title: 'Data Protection Officer report', paths: BOTH, required: true, requiredForPublication: false, expires: false,
    hint: 'The DPO confirms compliance with the GDPR and justifies the sharing.' },
  { id: 'national-authorisation', title: 'National authorisation', paths: BOTH, required: false, requiredForPublication: false, expires: true,
    hint: 'Only where national law requires an authority\'s permission to share health data.' },
  { id: 'data-user-restrictions', title: 'Restrictions on data users', paths: BOTH, required: true, requiredForPublication: false, expires: false,
    hint: 'What data users may not do: commercial use, IP limits, limits of the patients\' consent (or a statement that there are none).' },
  { id: 'transfer-acknowledgement', title: 'Acknowledgement of the transfer or sharing and its security measures', paths: BOTH, required: true, requiredForPublication: false, expires: false,
    hint: 'Signed by the DPO or the legal representative.' },
  { id: 'dta', title: 'Data Transfer Agreement', paths: ['transfer'], required: true, requiredForPublication: true, expires: true,
    hint: 'The signed DTA with its annexes, for depositing the data at a reference node.' },
  { id: 'dsa', title: 'Data Sharing Agreement', paths: ['federated'], required: true, requiredForPublication: true, expires: true,
    hint: 'The signed DSA, for sharing the data from the holder\'s own federated node.' },
  { id: 'dpia', title: 'Data Protection Impact Assessment', paths: ['federated'], required: true, requiredForPublication: false, expires: false,
    hint: 'The DPIA of running a federated node on these data.' },
  { id: 'security-evidence', title: 'Evidence of information security', paths: ['federated'], required: true, requiredForPublication: false, expires: true,
    hint: 'An ISO 27001 certificate or an external audit report.' },
  { id: 'access-conditions', title: 'Access conditions', paths: ['federated'], required: true, requiredForPublication: true, expires: false,
    hint: 'The conditions a data user signs before access.' },
  { id: 'negotiation-contact', title: 'Negotiation contact', paths: ['federated'], required: true, requiredForPublication: false, expires: false,
    hint: 'The person (with a Life Science Login) who represents the datasets in access negotiations.' },
];

/** Documents a researcher attaches to an access request (the paths do not apply). */
export const REQUEST_DOCUMENTS: readonly DocumentKind[] = [
  { id: 'ethics-approval', title: 'Ethics approval of the research project', paths: [], required: true, requiredForPublication: false, expires: true,
    hint: 'The favourable opinion of an ethics committee, or the application for it.' },
  { id: 'dpia', title: 'Data Protection Impact Assessment of the project', paths: [], required: true, requiredForPublication: false, expires: false,
    hint: 'The DPIA of the processing the project plans.' },
  { id: 'other', title: 'Other document', paths: [], required: false, requiredForPublication: false, expires: false,
    hint: 'Anything else the committee or a data holder asked for.' },
];

/** The checklist of a path, in the order above. */
export function checklistFor(path: OnboardingPath): DocumentKind[] {
  return ONBOARDING_DOCUMENTS.filter((d) => d.paths.includes(path));
}

export type DocumentState = 'missing' | 'submitted' | 'accepted' | 'rejected' | 'expired';

export interface FiledDocument {
  readonly kind: string;
  readonly state: 'submitted' | 'accepted' | 'rejected';
  /** ISO date (the last day it is valid) or date-time; null when it does not expire. */
  readonly validUntil: string | null;
  readonly reason?: string | null;
}

const DAY = 86_400_000;

/** When a document stops being valid: the day after a date-only validUntil (it holds through that day, UTC). */
export function validityEnd(validUntil: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(validUntil) ? Date.parse(`${validUntil}T00:00:00Z`) + DAY : Date.parse(validUntil);
}

/**
 * @example
 * documentState({ kind: 'dsa', state: 'accepted', validUntil: '2025-12-31' }, new Date('2026-01-01')); // 'expired'
 */
export function documentState(doc: FiledDocument | undefined, now: Date): DocumentState {
  if (doc === undefined) return 'missing';
  if (doc.state !== 'accepted') return doc.state;
  return doc.validUntil !== null && validityEnd(doc.validUntil) <= now.getTime() ? 'expired' : 'accepted';
}

/** The agreements of `path` that keep a node from publishing: not filed, not accepted, or expired. A kind is
 * satisfied when any of its documents given is accepted and unexpired. */
export function missingForPublication(path: OnboardingPath, docs: readonly FiledDocument[], now: Date): DocumentKind[] {
  return checklistFor(path).filter((k) => k.requiredForPublication
    && !docs.some((d) => d.kind === k.id && documentState(d, now) === 'accepted'));
}

/** "Data Sharing Agreement (dsa) is not on file" — the wording AGREEMENT_MISSING messages use. */
export function missingAgreementMessage(kinds: readonly DocumentKind[]): string {
  return kinds.map((k) => `${k.title} (${k.id}) is not on file`).join('; ');
}

/** What an uploaded document may be, at the hub and at a node: documents people read, nothing a browser would run. */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'text/plain', 'image/png', 'image/jpeg', 'application/octet-stream'] as const;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** ACCESS_DOCUMENT_INVALID for an empty document or one over MAX_DOCUMENT_BYTES. */
export function checkDocumentSize(size: number): void {
  if (size === 0) throw oncoError('ACCESS_DOCUMENT_INVALID', 'The document is empty.');
  if (size > MAX_DOCUMENT_BYTES) throw oncoError('ACCESS_DOCUMENT_INVALID', `A document is at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB.`);
}

/** An upload's media type without parameters, lower case; ACCESS_DOCUMENT_INVALID when not one of DOCUMENT_MEDIA_TYPES. */
export function documentMediaType(contentType: string): (typeof DOCUMENT_MEDIA_TYPES)[number] {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!(DOCUMENT_MEDIA_TYPES as readonly string[]).includes(type)) throw oncoError('ACCESS_DOCUMENT_INVALID', `Documents are ${DOCUMENT_MEDIA_TYPES.join(', ')}; not ${type || 'untyped'}.`);
  return type as (typeof DOCUMENT_MEDIA_TYPES)[number];
}
