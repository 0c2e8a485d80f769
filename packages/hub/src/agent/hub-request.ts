/**
 * One HTTP call from a node to its hub (always outbound). A hub that cannot be reached, or answers 5xx or
 * something that is not our JSON, is HUB_UNREACHABLE (the agent retries); a problem the hub typed keeps its
 * code (HUB_NODE_NOT_APPROVED, HUB_CREDENTIAL_INVALID…), so the agent knows what to do next.
 */
import { ERROR_CODES, oncoError, type ErrorCode } from '@oncoatlas/core';

const DEFAULT_TIMEOUT_MS = 15_000;

export async function hubRequest<T>(hubUrl: string, method: 'GET' | 'POST', path: string, o: { readonly body?: unknown; readonly token?: string; readonly signal?: AbortSignal; readonly timeoutMs?: number } = {}): Promise<T> {
  const timeout = AbortSignal.timeout(o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`${hubUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout,
    });
  } catch (err) {
    throw oncoError('HUB_UNREACHABLE', `The hub at ${hubUrl} could not be reached.`, {}, err);
  }
  const json = await res.json().catch(() => undefined) as { code?: string; detail?: string } | undefined;
  if (res.ok && json !== undefined) return json as T;
  if (res.status < 500 && json?.code !== undefined && json.code in ERROR_CODES) throw oncoError(json.code as ErrorCode, json.detail ?? ERROR_CODES[json.code as ErrorCode], { status: res.status });
  throw oncoError('HUB_UNREACHABLE', `The hub at ${hubUrl} answered HTTP ${res.status}.`, { status: res.status });
}
