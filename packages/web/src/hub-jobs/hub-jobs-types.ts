/** The hub's federated jobs API (/hub/api/jobs; @oncoatlas/hub jobs/job-views.ts) as the pages read it. */
import type { JobState } from '../jobs/jobs-types.ts';

/** A node's part: the node's job state, or `submitting` until the node has taken the job. */
export type TargetState = 'submitting' | JobState;

export interface HubJobSummary {
  readonly id: string;
  readonly researcher: string;
  readonly tool: string;
  readonly args: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: 'active' | 'finished';
  readonly states: Readonly<Partial<Record<TargetState, number>>>;
}

export interface JobTarget {
  readonly permit: string;
  readonly node: string;
  readonly nodeName: string;
  readonly dataset: string;
  readonly datasetName: string;
  readonly nodeJob: string | null;
  readonly state: TargetState;
  readonly reason: string | null;
  readonly code: string | null;
  readonly outputs: readonly { readonly path: string; readonly bytes: number; readonly sha256: string; readonly released: boolean }[];
  readonly resultFetched: boolean;
  readonly final: boolean;
  readonly updatedAt: string;
}

export interface HubJobView {
  readonly job: HubJobSummary;
  readonly targets: readonly JobTarget[];
  readonly resultReady: boolean;
}

export interface HubTool {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly usage: string;
  readonly sha256: string;
}

/** One file of the combined result: a joined table (no node) or one node's file; text or base64. */
export interface CombinedFile {
  readonly name: string;
  readonly node?: string;
  readonly contentType: string;
  readonly text?: string;
  readonly base64?: string;
}
