/**
 * The broker: a query becomes one signed task per node; nodes take their tasks by long-polling and post
 * replies; the query is complete when every node replied, partial at its deadline with the silent ones named.
 * State is in the hub's database (a client polls it, a restarted hub still knows it); an in-process emitter
 * only wakes the long polls that wait on it.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { oncoError } from '@oncoatlas/core';
import { appendHubAudit } from './hub-audit.ts';
import type { HubStore, TaskRow } from './hub-store.ts';
import { assertAffordable, budgetState, epsilonOf, type BudgetPolicy, type BudgetState } from './privacy-budget.ts';
import { queryState, type NodeReply, type QueryState } from './query-state.ts';
import { signTask, type Task } from './task-signing.ts';
import type { SigningKey } from './signing-key.ts';
import { waitFor } from './wait-for.ts';

export interface DispatchRequest {
  readonly type: string;
  readonly payload: unknown;
  /** Node ids to ask; default every approved node. */
  readonly nodes?: readonly string[];
  readonly deadlineMs?: number;
  /** Who asks (`subject @ issuer`): their budget pays, only they read the answer. */
  readonly requester: string;
  readonly retry?: Task['retry'];
  /**
   * Whether the answers are counts a budget must pay for (default). The hub's own system tasks (a catalogue
   * harvest: public metadata) pass false: nothing is checked or spent, and their ε is 0.
   */
  readonly spendsBudget?: boolean;
}

export interface DispatchedQuery {
  readonly id: string;
  readonly nodes: readonly string[];
  readonly epsilon: number;
  /** Each reply as it arrives, ending when the query is complete or its deadline passed. */
  replies(signal?: AbortSignal): AsyncIterable<NodeReply>;
  /** The final state: complete, or partial at the deadline with `missing`. */
  outcome(signal?: AbortSignal): Promise<QueryState>;
}

export const DEFAULT_DEADLINE_MS = 30_000;
export const MAX_DEADLINE_MS = 10 * 60_000;
const DEFAULT_RETRY = { maxTries: 3, backoffMs: 1000 } as const;
/** A task delivered and not answered this long ago is handed out again (its agent died holding it). */
export const TASK_LEASE_MS = 15_000;

export class Broker {
  readonly #store: HubStore;
  readonly #key: SigningKey;
  readonly #hubId: string;
  readonly #policy: BudgetPolicy;
  readonly #now: () => number;
  readonly #wake = new EventEmitter().setMaxListeners(0);

  constructor(o: { store: HubStore; key: SigningKey; hubId: string; policy: BudgetPolicy; now: () => number }) {
    this.#store = o.store;
    this.#key = o.key;
    this.#hubId = o.hubId;
    this.#policy = o.policy;
    this.#now = o.now;
  }

  async dispatch(r: DispatchRequest): Promise<DispatchedQuery> {
    const deadlineMs = r.deadlineMs ?? DEFAULT_DEADLINE_MS;
    if (!Number.isInteger(deadlineMs) || deadlineMs < 100 || deadlineMs > MAX_DEADLINE_MS) throw oncoError('USAGE', `deadlineMs must be between 100 and ${MAX_DEADLINE_MS}.`);
    const spends = r.spendsBudget !== false;
    const epsilon = spends ? epsilonOf(r.payload, this.#policy) : 0;
    const id = randomUUID();
    const now = this.#now();
    const nodes = await this.#store.transaction(async (s) => {
      // The audit head's lock serialises dispatches, so two queries cannot both spend the last of a budget.
      await s.lockAuditHead();
      const approved = (await s.nodes('approved')).map((n) => n.id);
      const targets = r.nodes ? [...new Set(r.nodes)] : approved;
      const unknown = targets.filter((n) => !approved.includes(n));
      if (unknown.length > 0) throw oncoError('HUB_NODE_NOT_APPROVED', `${unknown.length} of the nodes asked are not approved members of this hub.`, { nodes: unknown.join(',') });
      if (targets.length === 0) throw oncoError('USAGE', 'No approved node to ask: an operator approves nodes with oncoatlas hub nodes approve.');
      if (spends) assertAffordable(budgetState(await s.spendsOf(r.requester, now - this.#policy.windowDays * 86_400_000), this.#policy, now), epsilon);
      const retry = r.retry ?? DEFAULT_RETRY;
      const payload = JSON.stringify(r.payload ?? null);
      await s.insertQuery(
        { id, type: r.type, requester: r.requester, targets: JSON.stringify(targets), created_at: now, deadline_at: now + deadlineMs },
        targets.map((node): TaskRow => ({
          id: randomUUID(), query_id: id, node_id: node, type: r.type, payload, ttl_ms: deadlineMs, max_tries: retry.maxTries, backoff_ms: retry.backoffMs,
          created_at: now, status: 'pending', delivered_at: null, body: null, answered_at: null,
        })),
      );
      if (spends) await s.insertSpend({ query_id: id, researcher: r.requester, epsilon, at: now });
      await appendHubAudit(s, { at: new Date(now).toISOString(), actor: r.requester, event: { type: 'QUERY_DISPATCHED', query: id, taskType: r.type, nodes: targets, epsilon: String(epsilon) } });
      return targets;
    });
    for (const n of nodes) this.#wake.emit(`tasks:${n}`);
    // Wakes the query's waiters at its deadline, when it turns partial.
    setTimeout(() => this.#wake.emit(`replies:${id}`), deadlineMs + 5).unref();
    return this.#handle(id, nodes, epsilon);
  }

  budget(researcher: string): Promise<BudgetState> {
    const now = this.#now();
    return this.#store.spendsOf(researcher, now - this.#policy.windowDays * 86_400_000).then((s) => budgetState(s, this.#policy, now));
  }

  /** The node's live tasks, signed for it; waits up to `waitMs` for one when there is none. */
  async takeTasks(nodeId: string, waitMs: number, signal?: AbortSignal): Promise<string[]> {
    const until = this.#now() + waitMs;
    for (;;) {
      const rows = await this.#store.claimTasks(nodeId, this.#now(), TASK_LEASE_MS);
      if (rows.length > 0 || signal?.aborted || this.#now() >= until) {
        return Promise.all(rows.map((t) => signTask(this.#key, {
          id: t.id, type: t.type, payload: JSON.parse(t.payload) as unknown, ttl: t.ttl_ms, retry: { maxTries: t.max_tries, backoffMs: t.backoff_ms }, createdAt: t.created_at,
        }, { hubId: this.#hubId, nodeId })));
      }
      // Re-checked at least every few seconds: a task whose lease ran out wakes nobody.
      await waitFor(this.#wake, `tasks:${nodeId}`, Math.min(until - this.#now(), 5000), signal);
    }
  }

  async reply(nodeId: string, taskId: string, r: { readonly status: 'succeeded' | 'failed'; readonly body: unknown }): Promise<void> {
    const at = this.#now();
    const task = await this.#store.transaction(async (s) => {
      const t = await s.answerTask(taskId, nodeId, r.status, JSON.stringify(r.body ?? null), at);
      if (t) await appendHubAudit(s, { at: new Date(at).toISOString(), actor: nodeId, event: { type: 'RESULT_RECEIVED', query: t.query_id, node: nodeId, status: r.status } });
      return t;
    });
    if (!task) throw oncoError('HUB_QUERY_NOT_FOUND', 'No open task with that id for this node (answered already, or another node\'s).');
    this.#wake.emit(`replies:${task.query_id}`);
  }

  /**
   * The query's state; with `waitMs`, waits until it is no longer running (or, with `newerThan`, until it holds
   * more replies than that) or the wait ends.
   */
  async state(id: string, o: { readonly requester?: string; readonly waitMs?: number; readonly newerThan?: number; readonly signal?: AbortSignal } = {}): Promise<QueryState> {
    const query = await this.#store.query(id);
    if (!query || (o.requester !== undefined && query.requester !== o.requester)) throw oncoError('HUB_QUERY_NOT_FOUND', 'No federated query with that id for you at this hub.');
    const until = this.#now() + (o.waitMs ?? 0);
    for (;;) {
      const tasks = await this.#store.tasksOf(id);
      const replies = tasks.filter((t) => t.answered_at !== null).map((t): NodeReply => ({ node: t.node_id, status: t.status as NodeReply['status'], body: JSON.parse(t.body ?? 'null') as unknown }));
      const s = queryState({ targets: JSON.parse(query.targets) as string[], replies, deadlineAt: query.deadline_at, now: this.#now() });
      const remaining = Math.min(until, query.deadline_at + 5) - this.#now();
      if (s.status !== 'running' || remaining <= 0 || o.signal?.aborted || (o.newerThan !== undefined && s.results.length > o.newerThan)) return s;
      await waitFor(this.#wake, `replies:${id}`, remaining, o.signal);
    }
  }

  #handle(id: string, nodes: readonly string[], epsilon: number): DispatchedQuery {
    const state = (newerThan: number | undefined, signal?: AbortSignal): Promise<QueryState> =>
      this.state(id, { waitMs: MAX_DEADLINE_MS, ...(newerThan !== undefined ? { newerThan } : {}), ...(signal ? { signal } : {}) });
    return {
      id, nodes, epsilon,
      async *replies(signal?: AbortSignal) {
        let seen = 0;
        for (;;) {
          const s = await state(seen, signal);
          yield* s.results.slice(seen);
          seen = s.results.length;
          if (s.status !== 'running' || signal?.aborted) return;
        }
      },
      outcome: async (signal?: AbortSignal) => {
        for (;;) {
          const s = await state(undefined, signal);
          if (s.status !== 'running' || signal?.aborted) return s;
        }
      },
    };
  }
}
