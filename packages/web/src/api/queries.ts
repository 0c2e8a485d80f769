/**
 * Every read of the node as a TanStack Query hook, with the keys writes invalidate. Kept together so the keys
 * a mutation must refresh are next to the queries that own them.
 */
import { useQuery } from '@tanstack/react-query';
import { ApiError, getJson, noRetryOnClientError, seg } from './client.ts';
import type {
  CatalogueEntry, CatalogueRecordEntry, DatasetListItem, DatasetVersion, Funnel, Inventory, Population, QcReport,
  ReviewDetail, ReviewItem, Session,
} from './types.ts';

export const keys = {
  session: ['session'] as const,
  population: ['population'] as const,
  funnel: ['funnel'] as const,
  inventory: ['inventory'] as const,
  qc: ['qc'] as const,
  review: ['review'] as const,
  reviewList: (status: string) => ['review', 'list', status] as const,
  reviewItem: (id: string) => ['review', 'item', id] as const,
  datasets: ['datasets'] as const,
  dataset: (id: string, version?: number) => ['datasets', id, version ?? 'latest'] as const,
  catalogueEntries: ['catalogue', 'entries'] as const,
  catalogueRecord: (id: string) => ['catalogue', 'record', id] as const,
};

/** What the header and the guards need: who is signed in, or why nobody can be. */
export type SessionState =
  | { readonly kind: 'signed-in'; readonly session: Session }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'not-configured' };

export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async ({ signal }): Promise<SessionState> => {
      try {
        return { kind: 'signed-in', session: await getJson<Session>('/auth/session', signal) };
      } catch (err) {
        // 401: nobody signed in here; 404: this node has no browser sign-in at all.
        if (err instanceof ApiError && err.status === 401) return { kind: 'signed-out' };
        if (err instanceof ApiError && err.status === 404) return { kind: 'not-configured' };
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export const STEWARD_ROLES: readonly string[] = ['steward', 'admin'];

export function isSteward(state: SessionState | undefined): boolean {
  return state?.kind === 'signed-in' && state.session.roles.some((r) => STEWARD_ROLES.includes(r));
}

export function usePopulation(enabled = true) {
  return useQuery({
    queryKey: keys.population,
    queryFn: ({ signal }) => getJson<Population>('/api/population', signal),
    enabled,
    // A run in progress is followed closely; otherwise a slow poll notices runs started elsewhere.
    refetchInterval: (query) => (query.state.data?.current?.status === 'running' ? 1000 : 10_000),
  });
}

/** A 404 REPORT_NOT_FOUND / DATASET_NOT_FOUND means "nothing yet", which pages show as an empty state. */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

export function useFunnel(enabled = true) {
  return useQuery({ queryKey: keys.funnel, queryFn: ({ signal }) => getJson<Funnel>('/api/funnel', signal), enabled, retry: noRetryOnClientError });
}

export function useInventory(enabled = true) {
  return useQuery({ queryKey: keys.inventory, queryFn: ({ signal }) => getJson<Inventory>('/api/inventory', signal), enabled, retry: noRetryOnClientError });
}

export function useQc(enabled = true) {
  return useQuery({ queryKey: keys.qc, queryFn: ({ signal }) => getJson<QcReport>('/api/qc', signal), enabled, retry: noRetryOnClientError });
}

export function useReviewList(status: 'pending' | 'decided', enabled = true) {
  return useQuery({
    queryKey: keys.reviewList(status),
    queryFn: ({ signal }) => getJson<ReviewItem[]>(`/api/review?status=${status}`, signal),
    enabled, retry: noRetryOnClientError,
  });
}

export function useReviewItem(id: string, enabled = true) {
  return useQuery({
    queryKey: keys.reviewItem(id),
    queryFn: ({ signal }) => getJson<ReviewDetail>(`/api/review/${seg(id)}`, signal),
    enabled, retry: noRetryOnClientError,
  });
}

export function useDatasets(enabled = true) {
  return useQuery({ queryKey: keys.datasets, queryFn: ({ signal }) => getJson<DatasetListItem[]>('/api/datasets', signal), enabled, retry: noRetryOnClientError });
}

export const datasetQuery = (id: string, version?: number) => ({
  queryKey: keys.dataset(id, version),
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    getJson<DatasetVersion>(`/api/datasets/${seg(id)}${version === undefined ? '' : `?version=${version}`}`, signal),
  retry: noRetryOnClientError,
});

export function useDataset(id: string, version?: number, enabled = true) {
  return useQuery({ ...datasetQuery(id, version), enabled });
}

export function useCatalogueEntries() {
  return useQuery({ queryKey: keys.catalogueEntries, queryFn: ({ signal }) => getJson<CatalogueEntry[]>('/api/catalogue/entries', signal), retry: noRetryOnClientError });
}

export function useCatalogueRecord(id: string, enabled = true) {
  return useQuery({
    queryKey: keys.catalogueRecord(id),
    queryFn: ({ signal }) => getJson<CatalogueRecordEntry>(`/api/catalogue/datasets/${seg(id)}/entry`, signal),
    enabled, retry: noRetryOnClientError,
  });
}
