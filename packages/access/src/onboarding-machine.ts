/**
 * A data holder's onboarding at the hub: the holder (a representative of the node) files the checklist of its
 * path and submits; the hub's boards take the review steps in order (review-steps.ts); the last step's approval
 * approves the onboarding; any board may reject it or return it for changes, with a reason.
 *
 * Guards read from the context:
 * - `missingDocuments`: titles of required documents not filed (SUBMIT, RESUBMIT refuse naming them);
 * - `reviewSteps` (default DEFAULT_REVIEW_STEPS), `decisions` (this round's, oldest first) and optionally `step`
 *   (the step the reviewer decides): APPROVE_STEP approves the next step when it is not the last, APPROVE the
 *   last one; REJECT and RETURN are for the board whose step is next. The step's role must be the caller's.
 */
import type { GuardContext, Machine, Transition } from './machine.ts';
import { DEFAULT_REVIEW_STEPS, nextReviewStep, type ReviewStep, type StepDecision } from './review-steps.ts';

export const ONBOARDING_STATUSES = ['draft', 'submitted', 'in-review', 'approved', 'rejected', 'returned'] as const;
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];

export const ONBOARDING_EVENTS = ['SUBMIT', 'START_REVIEW', 'APPROVE_STEP', 'APPROVE', 'REJECT', 'RETURN', 'RESUBMIT'] as const;
export type OnboardingEvent = (typeof ONBOARDING_EVENTS)[number];

const BOARDS = ['committee', 'operator'] as const;

const transitions: readonly Transition<OnboardingStatus, OnboardingEvent>[] = [
  { from: 'draft', event: 'SUBMIT', to: 'submitted', roles: ['holder'], guard: 'documentsFiled' },
  { from: 'submitted', event: 'START_REVIEW', to: 'in-review', roles: BOARDS },
  { from: 'in-review', event: 'APPROVE_STEP', to: 'in-review', roles: BOARDS, guard: 'stepTurn' },
  { from: 'in-review', event: 'APPROVE', to: 'approved', roles: BOARDS, guard: 'decisionTurn' },
  { from: 'in-review', event: 'REJECT', to: 'rejected', roles: BOARDS, guard: 'boardTurn', needsReason: true },
  { from: 'in-review', event: 'RETURN', to: 'returned', roles: BOARDS, guard: 'boardTurn', needsReason: true },
  { from: 'returned', event: 'RESUBMIT', to: 'submitted', roles: ['holder'], guard: 'documentsFiled' },
];

function documentsFiled(ctx: GuardContext): string | undefined {
  const missing = Array.isArray(ctx.missingDocuments) ? ctx.missingDocuments.map(String) : [];
  return missing.length === 0 ? undefined : `required documents are missing: ${missing.join('; ')}`;
}

/** The next step, when it is the caller's to take; else why not. `last`: whether it must (not) be the final one. */
function turn(ctx: GuardContext, last: boolean | undefined): string | undefined {
  const steps = (Array.isArray(ctx.reviewSteps) ? ctx.reviewSteps : DEFAULT_REVIEW_STEPS) as readonly ReviewStep[];
  const decisions = (Array.isArray(ctx.decisions) ? ctx.decisions : []) as readonly StepDecision[];
  const next = nextReviewStep(steps, decisions);
  if (next === null) return 'every review step is already approved';
  if (typeof ctx.step === 'string' && ctx.step !== next.id) return `the next review step is "${next.title}", not ${ctx.step}`;
  if (ctx.role !== next.role) return `the next review step, "${next.title}", is taken by the ${next.role}`;
  const isLast = next.id === steps.at(-1)?.id;
  if (last === true && !isLast) return `the review step "${next.title}" comes before the decision`;
  if (last === false && isLast) return `"${next.title}" is the final decision: approve the onboarding`;
  return undefined;
}

export const ONBOARDING_MACHINE: Machine<OnboardingStatus, OnboardingEvent> = {
  name: 'onboarding',
  states: ONBOARDING_STATUSES,
  events: ONBOARDING_EVENTS,
  transitions,
  guards: {
    documentsFiled,
    stepTurn: (ctx) => turn(ctx, false),
    decisionTurn: (ctx) => turn(ctx, true),
    boardTurn: (ctx) => turn(ctx, undefined),
  },
};
