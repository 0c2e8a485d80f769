/**
 * The onboarding pages' decisions that need no React: how a document's state reads, which review step is the
 * current one, which controls the hub allows, and what the start form still lacks. Kept pure so node --test covers them.
 */
import type { DocumentState, HubDocument, OnboardingPath, OnboardingStatus, OnboardingView } from './onboarding-types.ts';

/** Badge colours of document and onboarding states; the word is always shown beside the colour. */
export const STATE_COLORS: Readonly<Record<DocumentState | OnboardingStatus, string>> = {
  missing: 'gray', submitted: 'blue', accepted: 'green', rejected: 'red', expired: 'orange',
  draft: 'gray', 'in-review': 'yellow', approved: 'green', returned: 'orange',
};

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '');

/**
 * A document's state in words, with what it depends on: the reason of a rejection, the date an accepted
 * document expired or will expire.
 */
export function documentStateText(state: DocumentState, doc: Pick<HubDocument, 'reason' | 'validUntil'> | null): string {
  switch (state) {
    case 'missing': return 'Not uploaded yet';
    case 'submitted': return 'Waiting for the committee';
    case 'accepted': return doc?.validUntil ? `Accepted, valid until ${day(doc.validUntil)}` : 'Accepted';
    case 'rejected': return doc?.reason ? `Rejected: ${doc.reason}` : 'Rejected';
    case 'expired': return doc?.validUntil ? `Expired on ${day(doc.validUntil)}` : 'Expired';
  }
}

/**
 * The stepper's active index: the number of steps decided "approve" in order; past the last one once the
 * onboarding is approved. A step returned or rejected stays the active one, marked by its decision.
 */
export function activeStepIndex(view: Pick<OnboardingView, 'reviews' | 'nextStep'> & { readonly onboarding: { readonly status: OnboardingStatus } }): number {
  if (view.onboarding.status === 'approved') return view.reviews.length;
  if (view.nextStep) {
    const at = view.reviews.findIndex((r) => r.step.id === view.nextStep!.id);
    if (at >= 0) return at;
  }
  const firstOpen = view.reviews.findIndex((r) => r.decision !== 'approve');
  return firstOpen < 0 ? view.reviews.length : firstOpen;
}

/** Decisions that need a reason (the hub refuses them without one). */
export const needsReason = (decision: 'approve' | 'reject' | 'return'): boolean => decision !== 'approve';

export interface StartForm {
  readonly node: string;
  readonly path: OnboardingPath | '';
  readonly organisation: string;
  readonly contactName: string;
  readonly contactEmail: string;
}

export type StartProblems = Partial<Record<keyof StartForm, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the start form lacks, by field: an empty object when it can be sent. */
export function startProblems(f: StartForm): StartProblems {
  const p: StartProblems = {};
  if (f.node.trim() === '') p.node = 'Give the id of the node (as `oncoatlas node join` printed it).';
  if (f.path === '') p.path = 'Choose a path.';
  if (f.organisation.trim() === '') p.organisation = 'Give the data holder\'s organisation.';
  if (f.contactName.trim() === '') p.contactName = 'Give the contact person\'s name.';
  if (!EMAIL.test(f.contactEmail.trim())) p.contactEmail = 'Give an e-mail address, e.g. name@hospital.example.';
  return p;
}

/**
 * What the hub lets the caller do now (its view's `actions`: 'upload', 'submit', 'decide-documents',
 * 'review:<step id>'): the page offers exactly those controls, so no button leads to a refusal.
 */
export function mayDo(view: Pick<OnboardingView, 'actions' | 'nextStep'>) {
  return {
    upload: view.actions.includes('upload'),
    submit: view.actions.includes('submit'),
    decideDocuments: view.actions.includes('decide-documents'),
    review: view.nextStep !== null && view.actions.includes(`review:${view.nextStep.id}`),
  };
}

/** The required documents still missing, rejected or expired: what "Submit for review" would be refused for. */
export function openRequired(view: Pick<OnboardingView, 'checklist'>): string[] {
  return view.checklist.filter((c) => c.kind.required && (c.state === 'missing' || c.state === 'rejected' || c.state === 'expired')).map((c) => c.kind.title);
}
