/**
 * The node's job routes as TanStack Query hooks and writes, the live log as a hook that follows it, and an
 * output's preview for the reviewer (text, or a PNG as an object URL).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, getJson, noRetryOnClientError, postJson, problemOf, seg } from '../api/client.ts';
import { isLive, outputUrl } from './jobs.ts';
import type { Job, JobLogChunk, SubmitJob, Tool } from './jobs-types.ts';

export const jobKeys = {
  tools: ['jobs', 'tools'] as const,
  list: ['jobs', 'list'] as const,
  job: (id: string) => ['jobs', 'job', id] as const,
};

export function useTools() {
  return useQuery({ queryKey: jobKeys.tools, queryFn: async ({ signal }) => (await getJson<{ tools: Tool[] }>('/api/tools', signal)).tools, retry: noRetryOnClientError, staleTime: 60_000 });
}

export function useJobs() {
  return useQuery({
    queryKey: jobKeys.list,
    queryFn: async ({ signal }) => (await getJson<{ jobs: Job[] }>('/api/jobs', signal)).jobs,
    retry: noRetryOnClientError,
    // Jobs under way are followed; otherwise a slow poll notices those submitted elsewhere (CLI, hub).
    refetchInterval: (query) => (query.state.data?.some((j) => isLive(j.state)) ? 2000 : 15_000),
  });
}

export function useJob(id: string) {
  return useQuery({
    queryKey: jobKeys.job(id),
    queryFn: ({ signal }) => getJson<Job>(`/api/jobs/${seg(id)}`, signal),
    retry: noRetryOnClientError,
    refetchInterval: (query) => (query.state.data && isLive(query.state.data.state) ? 1000 : false),
  });
}

export function useSubmitJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (s: SubmitJob) => postJson<Job>('/api/jobs', s),
    onSuccess: (job) => { client.setQueryData(jobKeys.job(job.id), job); void client.invalidateQueries({ queryKey: jobKeys.list }); },
  });
}

export function useReviewJob(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (r: { readonly decision: 'release' | 'refuse'; readonly note: string }) => postJson<Job>(`/api/jobs/${seg(id)}/review`, r),
    onSuccess: (job) => { client.setQueryData(jobKeys.job(id), job); void client.invalidateQueries({ queryKey: jobKeys.list }); },
    // Reviewed meanwhile (another steward, the CLI): show the job as it is now.
    onError: () => void client.invalidateQueries({ queryKey: jobKeys.job(id) }),
  });
}

/** The most of a log the page keeps: the end of a long log is what a steward following it reads. */
const MAX_LOG_CHARS = 200_000;

/**
 * The job's log, followed every second until the job has ended (the node says `done`). Only the newly written
 * part is fetched each time (`from`).
 */
export function useJobLog(id: string, enabled: boolean): { readonly text: string; readonly done: boolean; readonly error: unknown } {
  const [state, setState] = useState<{ text: string; done: boolean; error: unknown }>({ text: '', done: false, error: null });
  useEffect(() => {
    if (!enabled) return undefined;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let from = 0;
    let text = '';
    const poll = async (): Promise<void> => {
      try {
        const chunk = await getJson<JobLogChunk>(`/api/jobs/${seg(id)}/log?from=${from}`, abort.signal);
        from = chunk.next;
        text = (text + chunk.text).slice(-MAX_LOG_CHARS);
        setState({ text, done: chunk.done, error: null });
        if (!chunk.done) timer = setTimeout(() => void poll(), 1000);
      } catch (err) {
        if (abort.signal.aborted) return;
        setState((s) => ({ ...s, error: err }));
        // A passing fault is retried more slowly; a refusal (4xx) is final.
        if (!(err instanceof ApiError && err.status >= 400 && err.status < 500)) timer = setTimeout(() => void poll(), 5000);
      }
    };
    void poll();
    return () => { abort.abort(); if (timer) clearTimeout(timer); };
  }, [id, enabled]);
  return state;
}

export type OutputPreview = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'image'; readonly url: string } | { readonly kind: 'binary' };

/** Fetches one output for the reviewer; the node says how it reads (text/plain for any text). */
export function useOutputPreview(jobId: string, path: string, enabled: boolean) {
  const query = useQuery({
    queryKey: ['jobs', 'job', jobId, 'output', path] as const,
    // Not kept once the preview closes: an image's object URL is revoked then.
    enabled, retry: noRetryOnClientError, staleTime: Infinity, gcTime: 0,
    queryFn: async ({ signal }): Promise<OutputPreview> => {
      const response = await fetch(outputUrl(jobId, path), { credentials: 'same-origin', signal });
      if (!response.ok) throw await problemOf(response);
      const type = response.headers.get('content-type') ?? '';
      if (type.startsWith('text/')) return { kind: 'text', text: await response.text() };
      if (type.startsWith('image/png')) return { kind: 'image', url: URL.createObjectURL(await response.blob()) };
      return { kind: 'binary' };
    },
  });
  const url = query.data?.kind === 'image' ? query.data.url : undefined;
  useEffect(() => () => { if (url) URL.revokeObjectURL(url); }, [url]);
  return query;
}
