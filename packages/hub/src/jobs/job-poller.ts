/**
 * The hub's side of a federated job after its submission: for each target (one permit at one node) it sends the
 * node `job-submit`, then `job-status` until the node's job is final, then `job-result` once the node's steward
 * released outputs. Each task is one broker query whose id the target keeps, so an answer is applied once, by
 * the query's own watcher or by the next tick (after a hub restart too). Polls slow down while nothing changes:
 * every `pollMs` for two minutes, then four times, after half an hour twelve times as long; a researcher
 * watching the job makes its targets due again.
 */
import { createHash } from 'node:crypto';
import { normalizeError, oncoError } from '@oncoatlas/core';
import { AccessStore } from '../access/access-store.ts';
import type { Broker } from '../broker.ts';
import { appendHubAudit } from '../hub-audit.ts';
import type { HubStore } from '../hub-store.ts';
import type { NodeReply } from '../query-state.ts';
import type { PendingTask } from './job-schema.ts';
import { HubJobStore, type JobTargetRow } from './job-store.ts';
import {
  JOB_RESULT_MAX_BASE64, JOB_RESULT_TASK, JOB_STATUS_TASK, JOB_SUBMIT_TASK, readJobResultReply, readJobStatusReply, readJobSubmitReply, type JobSubmitPayload,
} from './job-tasks.ts';

export const DEFAULT_JOB_POLL_MS = 5000;
/** An offline node takes its submission when it is back, within this; else the hub sends it again. */
const DEADLINES: Readonly<Record<PendingTask, number>> = { submit: 10 * 60_000, status: 30_000, result: 60_000 };
const TASK_TYPES: Readonly<Record<PendingTask, string>> = { submit: JOB_SUBMIT_TASK, status: JOB_STATUS_TASK, result: JOB_RESULT_TASK };

/** What a researcher reads when a node refused a task, by the code the node answered. */
export function refusalReason(code: string): string {
  if (code === 'PERMIT_REVOKED') return 'The node refused the job: the permit was revoked.';
  if (code === 'PERMIT_EXPIRED') return 'The node refused the job: the permit has expired.';
  if (code.startsWith('PERMIT_')) return 'The node refused the job: the permit does not allow it (another researcher, dataset or action).';
  if (code === 'JOB_TOOL_NOT_ALLOWED') return 'The node refused the job: the tool is not on its allow-list, or its files no longer match their hash.';
  if (code === 'SANDBOX_UNAVAILABLE') return 'The node cannot run jobs now: its sandbox is not available.';
  if (code === 'JOB_NOT_FOUND') return 'The node no longer knows this job.';
  if (code === 'JOB_OUTPUT_BLOCKED') return `The released outputs are too large for the hub (over ${JOB_RESULT_MAX_BASE64 / 1024} KiB in all): ask the node's steward for them.`;
  if (code === 'USAGE') return 'The node\'s answer, or the hub\'s task, was malformed.';
  return `The node answered with an error (${code}).`;
}

export function pollInterval(baseMs: number, unchangedMs: number): number {
  return unchangedMs < 2 * 60_000 ? baseMs : unchangedMs < 30 * 60_000 ? 4 * baseMs : 12 * baseMs;
}

export class JobPoller {
  readonly #store: HubStore;
  readonly #broker: Broker;
  readonly #now: () => number;
  readonly #baseMs: number;
  readonly #stop = new AbortController();
  #ticking: Promise<unknown> | undefined;

  constructor(o: { store: HubStore; broker: Broker; now: () => number; pollMs: number }) {
    this.#store = o.store;
    this.#broker = o.broker;
    this.#now = o.now;
    this.#baseMs = o.pollMs;
  }

  /** Advances every target whose poll is due; a target that fails is tried again at its next poll. */
  async tick(): Promise<{ advanced: number }> {
    const due = await new HubJobStore(this.#store).due(this.#now());
    let advanced = 0;
    for (const t of due) {
      if (this.#stop.signal.aborted) break;
      try {
        await this.#advance(t);
        advanced++;
      } catch {
        // A database hiccup or a node not approved any more: the next due poll tries again.
        await new HubJobStore(this.#store).updateTarget(t.job_id, t.permit_id, t.pending_query, { next_poll_at: this.#now() + 4 * this.#baseMs }).catch(() => false);
      }
    }
    return { advanced };
  }

  /** A tick now, unless one is running (a new submission, a researcher watching a job). */
  kick(): void {
    if (this.#ticking || this.#stop.signal.aborted) return;
    this.#ticking = this.tick().catch(() => undefined).finally(() => { this.#ticking = undefined; });
  }

  /** Ticks every `pollMs` until the returned function is called (which also ends the watchers of sent tasks). */
  start(onError?: (err: unknown) => void): () => void {
    const timer = setInterval(() => {
      if (this.#ticking) return;
      this.#ticking = this.tick().catch((err: unknown) => onError?.(err)).finally(() => { this.#ticking = undefined; });
    }, this.#baseMs);
    timer.unref();
    return () => { clearInterval(timer); this.#stop.abort(); };
  }

  async #advance(t: JobTargetRow): Promise<void> {
    const jobs = new HubJobStore(this.#store);
    if (t.pending_query !== null) {
      const s = await this.#broker.state(t.pending_query);
      if (s.status === 'running') {
        await jobs.updateTarget(t.job_id, t.permit_id, t.pending_query, { next_poll_at: this.#now() + this.#baseMs });
        return;
      }
      await this.#apply(t, s.results[0]);
      return;
    }
    const kind: PendingTask = t.node_job === null ? 'submit' : t.state === 'released' ? 'result' : 'status';
    const job = await jobs.job(t.job_id);
    if (!job) return;
    let payload: JobSubmitPayload | { job: string };
    if (kind === 'submit') {
      const permit = (await new AccessStore(this.#store).resourceByPermit(t.permit_id))?.permit_jwt;
      if (!permit) {
        await this.#settle(t, null, { state: 'failed', reason: 'The hub no longer holds this permit.', code: 'ACCESS_NOT_FOUND', final: 1 });
        return;
      }
      payload = { hubJob: job.id, permit, tool: job.tool, args: JSON.parse(job.args) as string[], researcher: job.researcher };
    } else {
      payload = { job: t.node_job! };
    }
    const deadlineMs = DEADLINES[kind];
    const q = await this.#broker.dispatch({
      type: TASK_TYPES[kind], payload, nodes: [t.node_id], requester: job.researcher, deadlineMs, spendsBudget: false,
      retry: kind === 'submit' ? { maxTries: 1, backoffMs: 1000 } : { maxTries: 2, backoffMs: 1000 },
    });
    const now = this.#now();
    if (!(await jobs.updateTarget(t.job_id, t.permit_id, null, { pending_query: q.id, pending_task: kind, next_poll_at: now + deadlineMs + 1000, updated_at: now }))) return;
    const sent = { ...t, pending_query: q.id, pending_task: kind };
    q.outcome(this.#stop.signal)
      .then((s) => (s.status === 'running' ? undefined : this.#apply(sent, s.results[0])))
      .catch(() => undefined);
  }

  /** Applies a node's answer (undefined: none by the deadline) to the target that sent the task. */
  async #apply(t: JobTargetRow, reply: NodeReply | undefined): Promise<void> {
    const now = this.#now();
    const kind = t.pending_task ?? 'status';
    if (!reply) {
      // Not taken in time (the node is offline or busy): sent again at the next poll.
      await this.#settle(t, t.pending_query, { next_poll_at: now + (kind === 'submit' ? this.#baseMs : 4 * this.#baseMs) });
      return;
    }
    if (reply.status === 'failed') {
      const code = String((reply.body as { code?: unknown } | null)?.code ?? 'INTERNAL').slice(0, 64);
      await this.#refused(t, kind, code, now);
      return;
    }
    try {
      if (kind === 'submit') {
        const r = readJobSubmitReply(reply.body);
        await this.#settle(t, t.pending_query, { node_job: r.job, state: r.state, reason: null, code: null, changed_at: now, next_poll_at: now + this.#baseMs });
      } else if (kind === 'status') {
        const r = readJobStatusReply(reply.body);
        const outputs = JSON.stringify(r.outputs);
        const changed = r.state !== t.state || r.reason !== t.reason || outputs !== t.outputs;
        const changedAt = changed ? now : Number(t.changed_at);
        const final = r.state === 'refused' || r.state === 'failed' ? 1 : 0;
        const next = r.state === 'released' ? now : now + pollInterval(this.#baseMs, now - changedAt);
        await this.#settle(t, t.pending_query, { state: r.state, reason: r.reason, code: null, outputs, final, changed_at: changedAt, next_poll_at: next });
        // Released: its files are fetched at once.
        if (r.state === 'released') this.kick();
      } else {
        const r = readJobResultReply(reply.body);
        for (const f of r.files) {
          if (createHash('sha256').update(Buffer.from(f.base64, 'base64')).digest('hex') !== f.sha256) throw oncoError('USAGE', 'A file of the node\'s result does not match its SHA-256.');
        }
        await this.#store.transaction(async (s) => {
          if (!(await new HubJobStore(s).updateTarget(t.job_id, t.permit_id, t.pending_query, {
            result: JSON.stringify(r), result_at: now, final: 1, pending_query: null, pending_task: null, changed_at: now, updated_at: now, next_poll_at: now,
          }))) return;
          await new HubJobStore(s).touchJob(t.job_id, now);
          const researcher = (await new HubJobStore(s).job(t.job_id))?.researcher ?? 'hub';
          await appendHubAudit(s, { at: new Date(now).toISOString(), actor: researcher, event: { type: 'JOB_RESULT_FETCHED', job: t.job_id, node: t.node_id, permit: t.permit_id, sha256: r.files.map((f) => f.sha256) } });
        });
      }
    } catch (err) {
      await this.#refused(t, kind, normalizeError(err).code === 'JOB_OUTPUT_BLOCKED' ? 'JOB_OUTPUT_BLOCKED' : 'USAGE', now);
    }
  }

  async #refused(t: JobTargetRow, kind: PendingTask, code: string, now: number): Promise<void> {
    if (kind === 'submit' || (kind === 'status' && code === 'JOB_NOT_FOUND') || code === 'USAGE') {
      await this.#settle(t, t.pending_query, { state: 'failed', reason: refusalReason(code), code, final: 1, changed_at: now });
    } else if (kind === 'result' && code === 'JOB_OUTPUT_BLOCKED') {
      await this.#settle(t, t.pending_query, { reason: refusalReason(code), code, final: 1, changed_at: now });
    } else {
      // The node's error may pass (a restart, a busy disk): asked again later.
      await this.#settle(t, t.pending_query, { next_poll_at: now + 4 * this.#baseMs });
    }
  }

  /** Clears the answered task and sets the rest, if no one applied this answer before. */
  async #settle(t: JobTargetRow, pending: string | null, set: Partial<JobTargetRow>): Promise<void> {
    const now = this.#now();
    const updated = await this.#store.transaction(async (s) => {
      const ok = await new HubJobStore(s).updateTarget(t.job_id, t.permit_id, pending, { pending_query: null, pending_task: null, next_poll_at: now, updated_at: now, ...set });
      // The job's own time is its last change, not its last poll.
      if (ok && set.changed_at === now) await new HubJobStore(s).touchJob(t.job_id, now);
      return ok;
    });
    if (updated && set.final === undefined && set.next_poll_at !== undefined && set.next_poll_at <= now) this.kick();
  }
}
