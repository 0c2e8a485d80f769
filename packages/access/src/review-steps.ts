/**
 * The boards an onboarding walks (eucaim.md §15: Access Committee → Technical Board → Ethical and Legal Board →
 * decision by the Management Board / Steering Committee), as configurable steps: a hub may merge or add boards
 * without code. The last step is the decision: approving it approves the onboarding.
 */
import { oncoError } from '@oncoatlas/core';
import type { MachineRole } from './machine.ts';

export interface ReviewStep {
  readonly id: string;
  readonly title: string;
  readonly role: MachineRole;
}

export const DEFAULT_REVIEW_STEPS: readonly ReviewStep[] = [
  { id: 'access-committee', title: 'Access Committee', role: 'committee' },
  { id: 'technical-board', title: 'Technical Board (infrastructure, anonymisation, risk analysis, quality control)', role: 'operator' },
  { id: 'ethical-legal-board', title: 'Ethical and Legal Board (documents)', role: 'committee' },
  { id: 'decision', title: 'Decision (Management Board / Steering Committee)', role: 'operator' },
];

/** The roles that may hold a review step: the hub's own bodies, never a party to the onboarding. */
const REVIEWER_ROLES: readonly MachineRole[] = ['committee', 'operator'];

/**
 * Review steps from a configuration value: an array of `{ id, title, role }` or `{ steps: [...] }`.
 * Throws CONFIG_INVALID naming the first problem.
 * @example
 * parseReviewSteps([{ id: 'board', title: 'Board', role: 'committee' }, { id: 'decision', title: 'Decision', role: 'operator' }]);
 */
export function parseReviewSteps(raw: unknown): ReviewStep[] {
  const list = Array.isArray(raw) ? raw : isRecord(raw) && Array.isArray(raw.steps) ? raw.steps : undefined;
  const bad = (why: string) => oncoError('CONFIG_INVALID', `Review steps: ${why}.`);
  if (list === undefined) throw bad('expected a list of { id, title, role } (or { steps: [...] })');
  if (list.length === 0) throw bad('at least one step is needed (the last one is the decision)');
  const seen = new Set<string>();
  return list.map((item, i) => {
    if (!isRecord(item)) throw bad(`step ${i + 1} is not an object`);
    const { id, title, role } = item;
    const extra = Object.keys(item).filter((k) => !['id', 'title', 'role'].includes(k));
    if (extra.length > 0) throw bad(`step ${i + 1} has unknown keys: ${extra.join(', ')}`);
    if (typeof id !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(id)) throw bad(`step ${i + 1} needs an id of lower-case letters, digits and dashes`);
    if (seen.has(id)) throw bad(`the id ${id} is used twice`);
    seen.add(id);
    if (typeof title !== 'string' || title.trim() === '' || title.length > 200) throw bad(`step ${id} needs a title (at most 200 characters)`);
    if (!REVIEWER_ROLES.includes(role as MachineRole)) throw bad(`step ${id} has role ${String(role)}; a step is taken by ${REVIEWER_ROLES.join(' or ')}`);
    return { id, title: title.trim(), role: role as MachineRole };
  });
}

export type ReviewDecision = 'approve' | 'reject' | 'return';

/** A recorded decision on a step. Give the decisions of the current review round (since the last (re)submission),
 * oldest first: a later decision on the same step replaces an earlier one. */
export interface StepDecision {
  readonly step: string;
  readonly decision: ReviewDecision;
}

/** The first step not yet approved, or null when every step is. */
export function nextReviewStep(steps: readonly ReviewStep[], decisions: readonly StepDecision[]): ReviewStep | null {
  const latest = new Map<string, ReviewDecision>();
  for (const d of decisions) latest.set(d.step, d.decision);
  return steps.find((s) => latest.get(s.id) !== 'approve') ?? null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
