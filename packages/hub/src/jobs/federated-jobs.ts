/**
 * Federated jobs at the hub: a researcher sends one tool with its arguments to the datasets of their own active
 * permits that allow `federated-job`, one target per permit. Each node checks the permit itself, runs the job in
 * its sandbox, has its steward review the outputs and sends back only the released ones (job-tasks.ts); the hub
 * follows each node's part (job-poller.ts) and combines the released files (job-combine.ts).
 *
 * @example
 * const jobs = new FederatedJobs({ store: hub.store, broker: hub.broker });
 * const stop = jobs.start();
 * const v = await jobs.submit({ actor: 'rita @ https://login.example', roles: ['researcher'] }, { tool: 'series-stats', permits: [permitA, permitB] });
 * // later: (await jobs.view(caller, v.job.id)).targets.map((t) => t.state), then jobs.result(caller, v.job.id)
 */
import { randomUUID } from 'node:crypto';
import { storedPermitClaims } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import type { AccessCaller } from '../access/access-caller.ts';
import { nodeNames } from '../access/access-context.ts';
import { AccessStore } from '../access/access-store.ts';
import type { Broker } from '../broker.ts';
import { appendHubAudit } from '../hub-audit.ts';
import type { HubStore } from '../hub-store.ts';
import { combineResults, type CombinedFile, type NodeFiles } from './job-combine.ts';
import { DEFAULT_JOB_POLL_MS, JobPoller } from './job-poller.ts';
import { HubJobStore, type HubJobRow, type JobTargetRow } from './job-store.ts';
import type { JobResultReply } from './job-tasks.ts';
import { summaryOf, targetOf, type HubJobSummary, type HubJobView } from './job-views.ts';

export interface NewFederatedJob {
  /** The tool's name at the nodes, or `name@version`. */
  readonly tool: string;
  readonly args?: readonly string[];
  /** Ids of the caller's permits (at the hub's access pages), one dataset each. */
  readonly permits: readonly string[];
}

export interface FederatedJobsOptions {
  readonly store: HubStore;
  readonly broker: Broker;
  readonly now?: () => number;
  /** How often the nodes are asked while their part is not final; default DEFAULT_JOB_POLL_MS. */
  readonly pollMs?: number;
}

export const MAX_JOB_ARGS = 64;
export const MAX_JOB_PERMITS = 50;
const TOOL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}(@[A-Za-z0-9][A-Za-z0-9._+-]{0,63})?$/;

function notFound(): never {
  throw oncoError('HUB_JOB_NOT_FOUND', 'No federated job with that id for you at this hub.');
}

export class FederatedJobs {
  readonly poller: JobPoller;
  readonly #store: HubStore;
  readonly #now: () => number;
  readonly #pollMs: number;

  constructor(o: FederatedJobsOptions) {
    this.#store = o.store;
    this.#now = o.now ?? Date.now;
    this.#pollMs = o.pollMs ?? DEFAULT_JOB_POLL_MS;
    this.poller = new JobPoller({ store: o.store, broker: o.broker, now: this.#now, pollMs: this.#pollMs });
  }

  /** Follows the nodes every pollMs until the returned function is called. */
  start(onError?: (err: unknown) => void): () => void {
    return this.poller.start(onError);
  }

  /**
   * Checks each permit is the caller's, active, unexpired and allows federated-job (the node checks it again),
   * records the job with its targets and sends them to their nodes.
   */
  async submit(caller: AccessCaller, j: NewFederatedJob): Promise<HubJobView> {
    const tool = j.tool.trim();
    const args = [...(j.args ?? [])];
    const permits = [...new Set(j.permits)];
    if (!TOOL.test(tool)) throw oncoError('USAGE', 'The tool is a name, or name@version, of letters, digits, dots, dashes and underscores.');
    if (args.length > MAX_JOB_ARGS || args.some((a) => a.length > 1000 || a.includes('\u0000'))) throw oncoError('USAGE', `A job takes at most ${MAX_JOB_ARGS} arguments of at most 1000 characters each.`);
    if (permits.length === 0 || permits.length > MAX_JOB_PERMITS) throw oncoError('USAGE', `Choose 1 to ${MAX_JOB_PERMITS} of your permits that allow federated jobs.`);
    const now = this.#now();
    const id = randomUUID();
    const access = new AccessStore(this.#store);
    const targets: JobTargetRow[] = [];
    for (const permit of permits) {
      const row = await access.resourceByPermit(permit);
      const claims = row?.permit_jwt ? storedPermitClaims(row.permit_jwt) : undefined;
      // Another researcher's permit is not shown to exist.
      if (!row || !claims || claims.researcher !== caller.actor) throw oncoError('ACCESS_NOT_FOUND', 'No permit with that id for you at this hub.', { permit });
      if (row.permit_status === 'revoked') throw oncoError('PERMIT_REVOKED', `Your permit for ${row.name} was revoked.`, { permit });
      if (row.permit_status === 'expired' || Date.parse(claims.expiresAt) <= now) throw oncoError('PERMIT_EXPIRED', `Your permit for ${row.name} has expired.`, { permit });
      if (!claims.actions.includes('federated-job')) throw oncoError('PERMIT_NOT_APPLICABLE', `Your permit for ${row.name} does not allow federated jobs (it allows ${claims.actions.join(', ')}).`, { permit });
      const node = await this.#store.node(row.node_id);
      if (node?.status !== 'approved') throw oncoError('HUB_NODE_NOT_APPROVED', `The node of ${row.name} is not an approved member of this hub now.`, { permit });
      targets.push({
        job_id: id, permit_id: permit, node_id: row.node_id, dataset_uuid: row.dataset_uuid, dataset_name: row.name, node_job: null, state: 'submitting',
        reason: null, code: null, outputs: '[]', result: null, result_at: null, final: 0, pending_query: null, pending_task: null, next_poll_at: now, changed_at: now, updated_at: now,
      });
    }
    const job: HubJobRow = { id, researcher: caller.actor, tool, args: JSON.stringify(args), created_at: now, updated_at: now };
    await this.#store.transaction(async (s) => {
      await new HubJobStore(s).insertJob(job, targets);
      await appendHubAudit(s, { at: new Date(now).toISOString(), actor: caller.actor, event: { type: 'JOB_SUBMITTED', job: id, tool, nodes: [...new Set(targets.map((t) => t.node_id))], permits } });
    });
    this.poller.kick();
    return this.#viewOf(job, targets);
  }

  async list(caller: AccessCaller): Promise<{ jobs: HubJobSummary[] }> {
    const store = new HubJobStore(this.#store);
    const jobs = await store.jobsOf(caller.actor);
    const targets = await store.targetsOf(jobs.map((j) => j.id));
    return { jobs: jobs.map((j) => summaryOf(j, targets.filter((t) => t.job_id === j.id))) };
  }

  /** The job and each node's part; the nodes of a job being watched are asked again soon. */
  async view(caller: AccessCaller, id: string): Promise<HubJobView> {
    const { job, targets } = await this.#load(caller, id);
    if (targets.some((t) => Number(t.final) === 0)) {
      await new HubJobStore(this.#store).hurry(id, this.#now(), this.#pollMs);
      this.poller.kick();
    }
    return this.#viewOf(job, targets);
  }

  /** The combined result of the nodes that released their outputs (HUB_JOB_NOT_FOUND before any did). */
  async result(caller: AccessCaller, id: string): Promise<{ files: CombinedFile[] }> {
    const { job, targets } = await this.#load(caller, id);
    const fetched = targets.filter((t) => t.result !== null);
    if (fetched.length === 0) throw oncoError('JOB_STATE', 'No node has released outputs of this job yet: the combined result comes once one has.');
    const names = await nodeNames(this.#store);
    const label = (t: JobTargetRow): string => {
      const name = names.get(t.node_id) ?? t.node_id;
      const sameName = fetched.filter((o) => (names.get(o.node_id) ?? o.node_id) === name);
      if (sameName.length === 1) return name;
      return sameName.every((o) => o.node_id === t.node_id) ? `${name} / ${t.dataset_name}` : `${name} (${t.node_id.slice(0, 12)}) / ${t.dataset_name}`;
    };
    const nodes: NodeFiles[] = fetched.map((t) => ({ label: label(t), files: (JSON.parse(t.result!) as JobResultReply).files }));
    await this.#store.transaction((s) => appendHubAudit(s, { at: new Date(this.#now()).toISOString(), actor: caller.actor, event: { type: 'JOB_RESULT_READ', job: job.id } }));
    return { files: combineResults(nodes) };
  }

  /** One file of the combined result as bytes: a combined table, or one node's file (`node` its label). */
  async resultFile(caller: AccessCaller, id: string, name: string, node?: string): Promise<{ file: CombinedFile; bytes: Buffer }> {
    const { files } = await this.result(caller, id);
    const matches = files.filter((f) => f.name === name && (node === undefined || f.node === node));
    if (matches.length !== 1) {
      throw oncoError('HUB_JOB_NOT_FOUND', matches.length === 0 ? 'The combined result holds no file of that name (for that node).' : 'Each node sent its own file of that name: name the node (?node=).');
    }
    const file = matches[0]!;
    return { file, bytes: file.text !== undefined ? Buffer.from(file.text, 'utf8') : Buffer.from(file.base64 ?? '', 'base64') };
  }

  async #load(caller: AccessCaller, id: string): Promise<{ job: HubJobRow; targets: JobTargetRow[] }> {
    const store = new HubJobStore(this.#store);
    const job = await store.job(id);
    if (!job || job.researcher !== caller.actor) notFound();
    return { job, targets: await store.targetsOf([id]) };
  }

  async #viewOf(job: HubJobRow, targets: readonly JobTargetRow[]): Promise<HubJobView> {
    const names = await nodeNames(this.#store);
    return { job: summaryOf(job, targets), targets: targets.map((t) => targetOf(t, names)), resultReady: targets.some((t) => t.result !== null) };
  }
}
