/**
 * The hub's access API (/hub/api/access) as TanStack Query hooks and write calls, with the keys writes
 * refresh. Reads and JSON posts go through api/client.ts; the form's PUT and the raw-body document uploads
 * are here, with the same problem handling.
 */
import { useQuery } from '@tanstack/react-query';
import { ApiError, getJson, noRetryOnClientError, postJson, problemOf, seg } from '../api/client.ts';
import { uploadFile, uploadUrl } from '../onboarding/upload.ts';
import type {
  AccessConditions, Checklists, HubDocument, Message, NotificationList, PermitDetail, PermitRow, RequestSummary, RequestView,
} from './access-types.ts';

export const ACCESS_API = '/hub/api/access';

export const accessKeys = {
  all: ['access'] as const,
  formSchema: ['access', 'form-schema'] as const,
  checklists: ['access', 'checklists'] as const,
  requests: ['access', 'requests'] as const,
  request: (id: string) => ['access', 'requests', id] as const,
  messages: (id: string) => ['access', 'requests', id, 'messages'] as const,
  notifications: ['access', 'notifications'] as const,
  permits: ['access', 'permits'] as const,
  permit: (id: string) => ['access', 'permits', id] as const,
};

const networkError = (): ApiError =>
  new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK', detail: 'The hub could not be reached; check the connection and try again.' });

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

export function useFormSchema() {
  return useQuery({ queryKey: accessKeys.formSchema, queryFn: ({ signal }) => getJson<unknown>(`${ACCESS_API}/form-schema`, signal), staleTime: Infinity, retry: noRetryOnClientError });
}

export function useChecklists() {
  return useQuery({ queryKey: accessKeys.checklists, queryFn: ({ signal }) => getJson<Checklists>(`${ACCESS_API}/checklists`, signal), staleTime: Infinity, retry: noRetryOnClientError });
}

export function useRequests() {
  return useQuery({ queryKey: accessKeys.requests, queryFn: ({ signal }) => getJson<{ requests: RequestSummary[] }>(`${ACCESS_API}/requests`, signal), retry: noRetryOnClientError });
}

export const fetchRequest = (id: string, signal?: AbortSignal): Promise<RequestView> => getJson<RequestView>(`${ACCESS_API}/requests/${seg(id)}`, signal);

export function useRequest(id: string) {
  return useQuery({ queryKey: accessKeys.request(id), queryFn: ({ signal }) => fetchRequest(id, signal), retry: noRetryOnClientError });
}

export function useMessages(id: string) {
  return useQuery({
    queryKey: accessKeys.messages(id),
    queryFn: ({ signal }) => getJson<{ messages: Message[] }>(`${ACCESS_API}/requests/${seg(id)}/messages`, signal),
    retry: noRetryOnClientError, refetchInterval: 30_000,
  });
}

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: accessKeys.notifications,
    queryFn: ({ signal }) => getJson<NotificationList>(`${ACCESS_API}/notifications`, signal),
    enabled, retry: noRetryOnClientError, refetchInterval: 30_000,
  });
}

export function usePermits() {
  return useQuery({ queryKey: accessKeys.permits, queryFn: ({ signal }) => getJson<{ permits: PermitRow[] }>(`${ACCESS_API}/permits`, signal), retry: noRetryOnClientError });
}

/** A permit with what its node says now (the hub asks the node, up to 10 s): only fetched when shown. */
export function usePermit(id: string, enabled: boolean) {
  return useQuery({ queryKey: accessKeys.permit(id), queryFn: ({ signal }) => getJson<PermitDetail>(`${ACCESS_API}/permits/${seg(id)}`, signal), enabled, retry: noRetryOnClientError });
}

export const createRequest = (body: { title: string; resources: { node: string; dataset: string; name: string }[] }): Promise<RequestView> =>
  postJson<RequestView>(`${ACCESS_API}/requests`, body);

export const saveForm = (id: string, form: Record<string, unknown>): Promise<RequestView> =>
  send<RequestView>(`${ACCESS_API}/requests/${seg(id)}/form`, { method: 'PUT', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(form) });

export const requestEvent = (id: string, event: string, reason?: string): Promise<RequestView> =>
  postJson<RequestView>(`${ACCESS_API}/requests/${seg(id)}/events`, { event, ...(reason ? { reason } : {}) });

export const resourceEvent = (id: string, rid: string, event: string, reason?: string, conditions?: AccessConditions): Promise<RequestView> =>
  postJson<RequestView>(`${ACCESS_API}/requests/${seg(id)}/resources/${seg(rid)}/events`, { event, ...(reason ? { reason } : {}), ...(conditions ? { conditions } : {}) });

export const uploadRequestDocument = (id: string, kind: string, file: File): Promise<HubDocument> =>
  uploadFile<HubDocument>(uploadUrl(`${ACCESS_API}/requests/${seg(id)}/documents`, { kind, filename: file.name }), file);

export const documentUrl = (documentId: string): string => `${ACCESS_API}/documents/${seg(documentId)}/content`;

export const postMessage = (id: string, text: string, audience: string): Promise<{ messages: Message[] }> =>
  postJson<{ messages: Message[] }>(`${ACCESS_API}/requests/${seg(id)}/messages`, { text, audience });

export const markNotificationRead = (id: string): Promise<unknown> => postJson<unknown>(`${ACCESS_API}/notifications/${seg(id)}/read`);

/** The signed permit (for the researcher it names), saved as a file: their credential at the node's permit check. */
export async function downloadPermit(id: string): Promise<void> {
  const { permit } = await getJson<{ permit: string }>(`${ACCESS_API}/permits/${seg(id)}/token`);
  const url = URL.createObjectURL(new Blob([permit], { type: 'application/jwt' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `permit-${id}.jwt` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const revokePermit = (id: string, reason: string): Promise<PermitRow> => postJson<PermitRow>(`${ACCESS_API}/permits/${seg(id)}/revoke`, { reason });
