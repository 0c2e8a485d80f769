/**
 * The hub's onboarding API as JSON (prefix /hub/api/access). Mirrors the shapes of the issue-20 contract
 * (/tmp/access-contract.md "Hub side") and packages/hub access/access-views.ts, which packages/server
 * hub/hub-access-routes.ts answers with; the UI talks HTTP only, so it keeps its own copy rather than importing
 * the access package. The shapes the request pages share (document kinds, documents, review steps, the
 * checklists) are theirs (access/access-types.ts).
 */
import type { DocumentKind, HubDocument, ReviewStep } from '../access/access-types.ts';

export type { Checklists, DocumentKind, HubDocument, ReviewStep } from '../access/access-types.ts';

/** Mirrors packages/access `OnboardingPath`. */
export type OnboardingPath = 'transfer' | 'federated';

/** Mirrors packages/access `DocumentState`. */
export type DocumentState = 'missing' | 'submitted' | 'accepted' | 'rejected' | 'expired';

/** Mirrors packages/access `OnboardingStatus`. */
export type OnboardingStatus = 'draft' | 'submitted' | 'in-review' | 'approved' | 'rejected' | 'returned';

/** Mirrors packages/hub access/access-views.ts `Onboarding` (GET /hub/api/access/onboardings). */
export interface Onboarding {
  readonly id: string;
  readonly node: string;
  readonly nodeName: string;
  readonly path: OnboardingPath;
  readonly organisation: string;
  readonly contact: { readonly name: string; readonly email: string };
  readonly status: OnboardingStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly decidedAt: string | null;
}

export type ReviewDecision = 'approve' | 'reject' | 'return';

/** Mirrors packages/hub access/access-views.ts `OnboardingView` (GET /hub/api/access/onboardings/:id). */
export interface OnboardingView {
  readonly onboarding: Onboarding;
  readonly checklist: readonly { readonly kind: DocumentKind; readonly state: DocumentState; readonly document: HubDocument | null }[];
  readonly reviews: readonly {
    readonly step: ReviewStep;
    readonly decision: ReviewDecision | null;
    readonly reason: string | null;
    readonly by: string | null;
    readonly at: string | null;
  }[];
  readonly nextStep: ReviewStep | null;
  /** What the caller may do now (e.g. 'upload', 'submit', 'decide-documents', 'review'). */
  readonly actions: readonly string[];
}

/** The body of POST /hub/api/access/onboardings. */
export interface NewOnboarding {
  readonly node: string;
  readonly path: OnboardingPath;
  readonly organisation: string;
  readonly contact: { readonly name: string; readonly email: string };
}
