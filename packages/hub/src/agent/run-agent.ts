/**
 * The node's agent: it never listens on a port. It long-polls its hub for tasks, verifies each against the
 * hub key pinned at join time before running anything, runs it through the injected handler (retrying as the
 * task says), posts the result, and after any failure (hub down or restarting, network cut, 5xx, not yet
 * approved) waits with exponential backoff and tries again, until `signal` aborts. Log entries carry states
 * and error codes, never a node, task or patient identifier.
 */
import { isOncoAtlasError, normalizeError, oncoError } from '@oncoatlas/core';
import { verifyTask, type Task } from '../task-signing.ts';
import { sleep } from '../wait-for.ts';
import { HubSession } from './hub-session.ts';
import { nodeKey, readMembership } from './node-membership.ts';

export type AgentState = 'connected' | 'disconnected' | 'not-approved';

export type AgentLogEntry =
  | { readonly event: 'state'; readonly state: AgentState; readonly code?: string; readonly retryInMs?: number }
  | { readonly event: 'task-refused'; readonly code: string }
  | { readonly event: 'task-failed'; readonly code: string }
  | { readonly event: 'stopped' };

export type TaskHandler = (task: Task, signal: AbortSignal) => Promise<unknown>;

export interface AgentOptions {
  /** The node's data directory, holding its membership (oncoatlas node join). */
  readonly dataDir: string;
  /** Default: the URL the node joined. */
  readonly hubUrl?: string;
  readonly handler: TaskHandler;
  readonly signal: AbortSignal;
  readonly log?: (entry: AgentLogEntry) => void;
  /** How long each long poll waits at the hub (s); default 25. */
  readonly pollSeconds?: number;
  /** Reconnection backoff bounds (ms); default 500 to 30 000. */
  readonly backoff?: { readonly minMs: number; readonly maxMs: number };
}

/**
 * Runs until `signal` aborts; resolves then (waiting for tasks already running to post their result).
 *
 * @example
 * const stop = new AbortController();
 * void runAgent({ dataDir, handler: async (task) => answerCountQuery(deps, task.payload), signal: stop.signal, log: (e) => logger.info(e) });
 */
export async function runAgent(o: AgentOptions): Promise<void> {
  const membership = readMembership(o.dataDir);
  if (!membership) throw oncoError('HUB_NOT_JOINED', 'This data directory has not joined a hub: run oncoatlas node join --hub URL first.');
  const session = new HubSession(membership, await nodeKey(o.dataDir), o.hubUrl);
  const log = o.log ?? (() => {});
  const { minMs, maxMs } = o.backoff ?? { minMs: 500, maxMs: 30_000 };
  const pollSeconds = o.pollSeconds ?? 25;
  const running = new Set<Promise<void>>();
  let state: AgentState | undefined;
  let backoff = minMs;
  const enter = (next: AgentState, extra: { code?: string; retryInMs?: number } = {}): void => {
    if (next !== state) log({ event: 'state', state: next, ...extra });
    state = next;
  };

  const runTask = async (jws: string): Promise<void> => {
    let task: Task;
    try {
      task = await verifyTask(jws, { hubPublicJwk: membership.hubPublicKey, hubId: membership.hubId, nodeId: membership.nodeId });
    } catch (err) {
      // Nothing of a refused task is trusted, not even its id: it is not answered.
      log({ event: 'task-refused', code: normalizeError(err).code });
      return;
    }
    const result = await attempt(task, o.handler, o.signal);
    if (result.status === 'failed') log({ event: 'task-failed', code: String((result.body as { code: string }).code) });
    // The result is posted until it is taken or the task expires: a hub restarting meanwhile does not lose it.
    for (let wait = minMs; Date.now() < task.createdAt + task.ttl && !o.signal.aborted; wait = Math.min(wait * 2, maxMs)) {
      try {
        await session.call('POST', `/hub/api/agent/tasks/${encodeURIComponent(task.id)}/result`, { body: result });
        return;
      } catch (err) {
        if (!isOncoAtlasError(err, 'HUB_UNREACHABLE')) return;
        await sleep(wait, o.signal);
      }
    }
  };

  while (!o.signal.aborted) {
    try {
      const { tasks } = await session.call<{ tasks: string[] }>('GET', `/hub/api/agent/tasks?wait=${pollSeconds}`, { signal: o.signal, timeoutMs: (pollSeconds + 15) * 1000 });
      enter('connected');
      backoff = minMs;
      for (const jws of tasks) {
        const p = runTask(jws).finally(() => running.delete(p));
        running.add(p);
      }
    } catch (err) {
      if (o.signal.aborted) break;
      const code = normalizeError(err).code;
      enter(code === 'HUB_NODE_NOT_APPROVED' ? 'not-approved' : 'disconnected', { code, retryInMs: backoff });
      await sleep(backoff, o.signal);
      backoff = Math.min(backoff * 2, maxMs);
    }
  }
  await Promise.allSettled([...running]);
  log({ event: 'stopped' });
}

/** Runs the handler up to the task's maxTries, with its backoff doubling, within its time to live. */
async function attempt(task: Task, handler: TaskHandler, signal: AbortSignal): Promise<{ status: 'succeeded' | 'failed'; body: unknown }> {
  const tries = Math.max(1, Math.min(task.retry.maxTries, 10));
  let last: unknown;
  for (let i = 0; i < tries && !signal.aborted; i++) {
    if (i > 0) await sleep(task.retry.backoffMs * 2 ** (i - 1), signal);
    if (Date.now() >= task.createdAt + task.ttl) break;
    try {
      return { status: 'succeeded', body: await handler(task, signal) };
    } catch (err) {
      last = err;
    }
  }
  // Only the code crosses to the hub: a handler's message could quote local data.
  const code = last === undefined ? 'INTERRUPTED' : normalizeError(last).code;
  return { status: 'failed', body: { code } };
}
