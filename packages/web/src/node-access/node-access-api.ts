/** The node's agreement and permit routes as TanStack Query hooks and writes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, noRetryOnClientError, postJson, seg } from '../api/client.ts';
import { uploadFile, uploadUrl } from '../onboarding/upload.ts';
import type { Agreement, AgreementsView, NodePermit, NodePermitDetail } from './node-access-types.ts';

export const nodeAccessKeys = {
  agreements: ['node-access', 'agreements'] as const,
  permits: ['node-access', 'permits'] as const,
  permit: (id: string) => ['node-access', 'permits', id] as const,
};

export function useAgreements() {
  return useQuery({ queryKey: nodeAccessKeys.agreements, queryFn: ({ signal }) => getJson<AgreementsView>('/api/agreements', signal), retry: noRetryOnClientError });
}

export interface FileAgreement { readonly kind: string; readonly file: File; readonly validUntil: string | null }

export function useFileAgreement() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: FileAgreement) => uploadFile<Agreement>(uploadUrl('/api/agreements', { kind: v.kind, filename: v.file.name, validUntil: v.validUntil }), v.file),
    // The catalogue's publish button depends on the agreements too.
    onSuccess: () => { void client.invalidateQueries({ queryKey: nodeAccessKeys.agreements }); void client.invalidateQueries({ queryKey: ['catalogue'] }); },
  });
}

export function usePermits() {
  return useQuery({
    queryKey: nodeAccessKeys.permits,
    queryFn: async ({ signal }) => (await getJson<{ permits: NodePermit[] }>('/api/permits', signal)).permits,
    retry: noRetryOnClientError,
  });
}

export function usePermit(id: string, enabled: boolean) {
  return useQuery({
    queryKey: nodeAccessKeys.permit(id),
    queryFn: ({ signal }) => getJson<NodePermitDetail>(`/api/permits/${seg(id)}`, signal),
    retry: noRetryOnClientError, enabled,
  });
}

export function useRevokePermit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { readonly id: string; readonly reason: string }) => postJson<NodePermit>(`/api/permits/${seg(id)}/revoke`, { reason }),
    onSuccess: () => void client.invalidateQueries({ queryKey: nodeAccessKeys.permits }),
  });
}
