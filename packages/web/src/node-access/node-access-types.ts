/**
 * The node's agreements and permits as JSON. Mirrors the node side of the issue-20 contract
 * (/tmp/access-contract.md "Node side": GET /api/agreements, GET /api/permits, packages/server access routes).
 */
import type { DocumentKind, OnboardingPath } from '../onboarding/onboarding-types.ts';

/** Mirrors packages/release access/node-agreements.ts `Agreement`. */
export interface Agreement {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly filename: string;
  readonly sha256: string;
  /** 'node': filed at this node; 'hub': accepted at the hub during onboarding and sent here. */
  readonly source: 'node' | 'hub';
  readonly state: 'accepted' | 'withdrawn';
  readonly validUntil: string | null;
  readonly filedBy: string;
  readonly filedAt: string;
  /** The one that counts for its kind now (the latest accepted). */
  readonly current?: boolean;
  /** Its state as a document now (accepted, expired past validUntil, rejected when withdrawn). */
  readonly status?: string;
}

/** Mirrors packages/release access/node-agreements.ts `AgreementStatus` (GET /api/agreements). */
export interface AgreementsView {
  readonly path: OnboardingPath;
  readonly required: readonly DocumentKind[];
  readonly agreements: readonly Agreement[];
  readonly missing: readonly DocumentKind[];
}

/** Mirrors packages/access `PermitAction`. */
export type PermitAction = 'download' | 'in-situ' | 'federated-job';

/** Mirrors packages/server access/node-permits.ts `NodePermit` (without the JWT: the researcher's credential). */
export interface NodePermit {
  readonly id: string;
  readonly node: string;
  readonly request: string;
  readonly resource: string;
  readonly researcher: string;
  readonly dataset: { readonly id: string; readonly uuid: string; readonly version: number };
  readonly purpose: string;
  readonly actions: readonly PermitAction[];
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly grantedBy: string;
  readonly status: 'active' | 'revoked' | 'expired';
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  /** Why it was revoked. */
  readonly reason: string | null;
}

/** Mirrors packages/server access/node-permits.ts `PermitUseView`: one check of the permit, from the node's audit log. */
export interface PermitUse {
  readonly at: string;
  readonly action: string;
  readonly outcome: 'allowed' | 'refused';
  readonly code: string | null;
}

export interface NodePermitDetail extends NodePermit {
  readonly uses: readonly PermitUse[];
}
