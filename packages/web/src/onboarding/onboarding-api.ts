/**
 * The hub's onboarding routes as TanStack Query hooks and writes, with the keys the writes refresh.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, noRetryOnClientError, postJson, seg } from '../api/client.ts';
import { uploadFile, uploadUrl } from './upload.ts';
import { ACCESS_API } from '../access/access-api.ts';
import type { HubDocument, NewOnboarding, Onboarding, OnboardingView, ReviewDecision } from './onboarding-types.ts';

export { useChecklists } from '../access/access-api.ts';

export const onboardingKeys = {
  all: ['hub', 'onboarding'] as const,
  list: ['hub', 'onboarding', 'list'] as const,
  view: (id: string) => ['hub', 'onboarding', 'view', id] as const,
};

export function useOnboardings() {
  return useQuery({
    queryKey: onboardingKeys.list,
    queryFn: async ({ signal }) => (await getJson<{ onboardings: Onboarding[] }>(`${ACCESS_API}/onboardings`, signal)).onboardings,
    retry: noRetryOnClientError,
  });
}

export function useOnboarding(id: string) {
  return useQuery({
    queryKey: onboardingKeys.view(id),
    queryFn: ({ signal }) => getJson<OnboardingView>(`${ACCESS_API}/onboardings/${seg(id)}`, signal),
    retry: noRetryOnClientError,
  });
}

export function useStartOnboarding() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewOnboarding) => postJson<Onboarding>(`${ACCESS_API}/onboardings`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: onboardingKeys.list }),
  });
}

/** Every write on one onboarding refreshes its view and the list (its status may change). */
function useOnboardingWrite<V>(id: string, write: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (r) => {
      if (r && typeof r === 'object' && 'onboarding' in r) client.setQueryData(onboardingKeys.view(id), r);
      void client.invalidateQueries({ queryKey: onboardingKeys.all });
    },
  });
}

export interface UploadVars { readonly kind: string; readonly file: File; readonly validUntil: string | null }

export const useUploadDocument = (id: string) => useOnboardingWrite(id, (v: UploadVars) =>
  uploadFile<HubDocument>(uploadUrl(`${ACCESS_API}/onboardings/${seg(id)}/documents`, { kind: v.kind, filename: v.file.name, validUntil: v.validUntil }), v.file));

export const useSubmitOnboarding = (id: string) => useOnboardingWrite(id, () => postJson<OnboardingView>(`${ACCESS_API}/onboardings/${seg(id)}/submit`));

export interface DocumentDecision { readonly document: string; readonly decision: 'accept' | 'reject'; readonly reason?: string; readonly validUntil?: string }

export const useDecideDocument = (id: string) => useOnboardingWrite(id, ({ document, ...body }: DocumentDecision) =>
  postJson<HubDocument>(`${ACCESS_API}/documents/${seg(document)}/decision`, body));

export interface StepDecision { readonly step: string; readonly decision: ReviewDecision; readonly reason?: string }

export const useDecideStep = (id: string) => useOnboardingWrite(id, (body: StepDecision) =>
  postJson<OnboardingView>(`${ACCESS_API}/onboardings/${seg(id)}/reviews`, body));

export const documentContentUrl = (documentId: string): string => `${ACCESS_API}/documents/${seg(documentId)}/content`;
