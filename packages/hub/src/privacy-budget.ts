/**
 * The researcher's privacy budget at the hub: every query dispatched spends its ε, whatever the nodes then
 * answer, and the sum of what was spent over a sliding window may not pass the budget. Spending at dispatch
 * (not per node) is conservative: the nodes' noisy answers of one query compose in parallel (disjoint patients).
 */
import { oncoError } from '@oncoatlas/core';

export interface BudgetPolicy {
  /** ε a researcher may spend per window. */
  readonly total: number;
  readonly windowDays: number;
  /** ε of a query whose payload declares none (Focus's EPSILON default). */
  readonly defaultEpsilon: number;
}

export const DEFAULT_BUDGET: BudgetPolicy = { total: 10, windowDays: 30, defaultEpsilon: 0.28 };

export interface BudgetSpend { readonly epsilon: number; readonly at: number }

export interface BudgetState {
  readonly total: number;
  readonly spent: number;
  readonly remaining: number;
  readonly windowDays: number;
  /** When the oldest spend in the window stops counting (epoch ms), if any. */
  readonly nextRefillAt: number | null;
}

export function epsilonOf(payload: unknown, policy: BudgetPolicy): number {
  const declared = payload !== null && typeof payload === 'object' ? (payload as { epsilon?: unknown }).epsilon : undefined;
  if (declared === undefined) return policy.defaultEpsilon;
  if (typeof declared !== 'number' || !Number.isFinite(declared) || declared <= 0) {
    throw oncoError('USAGE', 'The query\'s epsilon must be a positive number.');
  }
  return declared;
}

export function budgetState(spends: readonly BudgetSpend[], policy: BudgetPolicy, now: number): BudgetState {
  const since = now - policy.windowDays * 86_400_000;
  const inWindow = spends.filter((s) => s.at > since);
  // Summed in a fixed order so the same spends always give the same float.
  const spent = inWindow.map((s) => s.epsilon).sort((a, b) => a - b).reduce((a, b) => a + b, 0);
  const oldest = inWindow.reduce<number | null>((m, s) => (m === null || s.at < m ? s.at : m), null);
  return {
    total: policy.total, spent, remaining: Math.max(0, policy.total - spent), windowDays: policy.windowDays,
    nextRefillAt: oldest === null ? null : oldest + policy.windowDays * 86_400_000,
  };
}

/** Throws FEDERATION_BUDGET_SPENT when `epsilon` does not fit in what is left. */
export function assertAffordable(state: BudgetState, epsilon: number): void {
  // A tiny tolerance: ten spends of 0.1 must fit a budget of 1 despite float sums.
  if (epsilon > state.remaining + 1e-9) {
    throw oncoError('FEDERATION_BUDGET_SPENT', `This query needs ε ${epsilon} and ${round(state.remaining)} of your ${state.total} for ${state.windowDays} days is left; GET /hub/api/budget says when it refills.`,
      { epsilon, remaining: round(state.remaining) });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
