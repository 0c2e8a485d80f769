/**
 * The hub's reads the explorer makes besides Lens's own `/beam` traffic: the privacy budget left and the Lens
 * catalogue the hub builds from its search-key registry. Spot's endpoint lives under the hub's prefix.
 */
import { useQuery } from '@tanstack/react-query';
import { getJson, noRetryOnClientError, problemOf } from '../api/client.ts';
import type { Catalogue } from '@samply/lens';

/** Lens's `spotUrl`: it posts to `${HUB_SPOT_URL}/beam` and listens on `${HUB_SPOT_URL}/beam/<id>`. */
export const HUB_SPOT_URL = '/hub';

/** Mirrors packages/hub privacy-budget.ts `BudgetState`. */
export interface BudgetState {
  readonly total: number;
  readonly spent: number;
  readonly remaining: number;
  readonly windowDays: number;
  readonly nextRefillAt: number | null;
}

export const hubKeys = {
  budget: ['hub', 'budget'] as const,
  lensCatalogue: ['hub', 'lens-catalogue'] as const,
};

export function useBudget() {
  return useQuery({ queryKey: hubKeys.budget, queryFn: ({ signal }) => getJson<BudgetState>('/hub/api/budget', signal), retry: noRetryOnClientError });
}

export function useLensCatalogue() {
  return useQuery({
    queryKey: hubKeys.lensCatalogue,
    queryFn: ({ signal }) => getJson<Catalogue>('/hub/api/lens/catalogue', signal),
    retry: noRetryOnClientError, staleTime: Infinity,
  });
}

/**
 * Lens's querySpot throws `Failed to send query: <response text>`; the hub's text is a problem+json (e.g.
 * FEDERATION_BUDGET_SPENT), read back into an ApiError so the page shows its code like any other failure.
 */
export async function searchFailure(err: unknown): Promise<unknown> {
  const text = err instanceof Error ? err.message.replace(/^Failed to send query: /, '') : '';
  if (!text.startsWith('{')) return err;
  return problemOf(new Response(text, { status: 400 }));
}
