/** The hub's federated jobs routes (/hub/api/jobs) as TanStack Query hooks, the submission, and result downloads. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, noRetryOnClientError, postJson, seg } from '../api/client.ts';
import { downloadName, fileBytes } from './hub-jobs.ts';
import type { CombinedFile, HubJobSummary, HubJobView, HubTool } from './hub-jobs-types.ts';

export const HUB_JOBS_API = '/hub/api/jobs';

export const hubJobKeys = {
  tools: ['hub-jobs', 'tools'] as const,
  list: ['hub-jobs', 'list'] as const,
  job: (id: string) => ['hub-jobs', 'job', id] as const,
};

export function useHubTools() {
  return useQuery({ queryKey: hubJobKeys.tools, queryFn: async ({ signal }) => (await getJson<{ tools: HubTool[] }>(`${HUB_JOBS_API}/tools`, signal)).tools, retry: noRetryOnClientError, staleTime: 5 * 60_000 });
}

export function useHubJobs() {
  return useQuery({
    queryKey: hubJobKeys.list,
    queryFn: async ({ signal }) => (await getJson<{ jobs: HubJobSummary[] }>(HUB_JOBS_API, signal)).jobs,
    retry: noRetryOnClientError,
    refetchInterval: (query) => (query.state.data?.some((j) => j.status === 'active') ? 5000 : false),
  });
}

/** Followed every 3 s while a node's part is not final (the hub asks the nodes of a job someone watches sooner). */
export function useHubJob(id: string) {
  return useQuery({
    queryKey: hubJobKeys.job(id),
    queryFn: ({ signal }) => getJson<HubJobView>(`${HUB_JOBS_API}/${seg(id)}`, signal),
    retry: noRetryOnClientError,
    refetchInterval: (query) => (query.state.data?.job.status === 'active' ? 3000 : false),
  });
}

export function useSubmitHubJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: { readonly tool: string; readonly args: readonly string[]; readonly permits: readonly string[] }) => postJson<HubJobView>(HUB_JOBS_API, s),
    onSuccess: (v) => { client.setQueryData(hubJobKeys.job(v.job.id), v); void client.invalidateQueries({ queryKey: hubJobKeys.list }); },
  });
}

export const fetchCombinedResult = (id: string): Promise<{ files: CombinedFile[] }> => getJson<{ files: CombinedFile[] }>(`${HUB_JOBS_API}/${seg(id)}/result`);

function save(bytes: Uint8Array | string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveCombinedFile(f: CombinedFile): void {
  save(fileBytes(f), f.contentType, downloadName(f));
}

/** The whole combined result as one JSON file ({files: [...]}, as the API gives it). */
export function saveCombinedResult(jobId: string, result: { files: readonly CombinedFile[] }): void {
  save(`${JSON.stringify(result, null, 2)}\n`, 'application/json', `federated-job-${jobId.slice(0, 8)}-result.json`);
}
