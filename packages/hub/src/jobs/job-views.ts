/** The JSON shapes of federated jobs (docs/jobs.md), the contract the web UI reads. No view holds a file's bytes. */
import type { JobOutputSummary } from './job-tasks.ts';
import type { TargetState } from './job-schema.ts';
import type { HubJobRow, JobTargetRow } from './job-store.ts';

export interface JobTargetView {
  readonly permit: string;
  readonly node: string;
  readonly nodeName: string;
  readonly dataset: string;
  readonly datasetName: string;
  /** The node's own job id, once it took the job. */
  readonly nodeJob: string | null;
  readonly state: TargetState;
  readonly reason: string | null;
  readonly code: string | null;
  readonly outputs: readonly JobOutputSummary[];
  /** Whether the node's released files are at the hub (in the combined result). */
  readonly resultFetched: boolean;
  readonly final: boolean;
  readonly updatedAt: string;
}

export interface HubJobSummary {
  readonly id: string;
  readonly researcher: string;
  readonly tool: string;
  readonly args: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** `finished` once every node's part is final. */
  readonly status: 'active' | 'finished';
  /** How many of its nodes' parts are in each state. */
  readonly states: Readonly<Partial<Record<TargetState, number>>>;
}

export interface HubJobView {
  readonly job: HubJobSummary;
  readonly targets: readonly JobTargetView[];
  /** Whether at least one node's released files are at the hub. */
  readonly resultReady: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function summaryOf(j: HubJobRow, targets: readonly JobTargetRow[]): HubJobSummary {
  const states: Partial<Record<TargetState, number>> = {};
  for (const t of targets) states[t.state] = (states[t.state] ?? 0) + 1;
  return {
    id: j.id, researcher: j.researcher, tool: j.tool, args: JSON.parse(j.args) as string[], createdAt: iso(Number(j.created_at)), updatedAt: iso(Number(j.updated_at)),
    status: targets.every((t) => Number(t.final) === 1) ? 'finished' : 'active', states,
  };
}

export function targetOf(t: JobTargetRow, names: ReadonlyMap<string, string>): JobTargetView {
  return {
    permit: t.permit_id, node: t.node_id, nodeName: names.get(t.node_id) ?? t.node_id, dataset: t.dataset_uuid, datasetName: t.dataset_name,
    nodeJob: t.node_job, state: t.state, reason: t.reason, code: t.code, outputs: JSON.parse(t.outputs) as JobOutputSummary[],
    resultFetched: t.result !== null, final: Number(t.final) === 1, updatedAt: iso(Number(t.updated_at)),
  };
}
