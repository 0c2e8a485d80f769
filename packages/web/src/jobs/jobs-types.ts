/**
 * Jobs at the node as JSON. Mirrors @oncoatlas/jobs' JobView and ToolSpec as packages/server jobs/job-routes.ts
 * serves them (GET /api/tools, /api/jobs, /api/jobs/:id, /api/jobs/:id/log).
 */

export type JobState = 'queued' | 'running' | 'awaiting-review' | 'released' | 'refused' | 'failed';

export interface JobLimits {
  readonly cpuSeconds: number;
  readonly memoryBytes: number;
  readonly wallSeconds: number;
  readonly outputBytes: number;
}

export interface OutputFlag {
  readonly code: 'DICOM_FILE' | 'PATIENT_LEVEL' | 'SMALL_CELL' | 'PSEUDONYM' | 'STUDY_KEY' | 'BINARY' | 'TOO_LARGE';
  /** block: never leaves the node; warn: the reviewer decides. */
  readonly severity: 'block' | 'warn';
  /** Where the check found it, never the value. */
  readonly detail: string;
}

export interface JobOutput {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly flags: readonly OutputFlag[];
  readonly blocked: boolean;
  readonly released: boolean;
}

export interface Job {
  readonly id: string;
  readonly state: JobState;
  readonly reason: string | null;
  readonly exitCode: number | null;
  readonly permitId: string;
  readonly researcher: string;
  readonly submittedBy: string;
  readonly origin: 'node' | 'hub';
  readonly hubJob: string | null;
  readonly dataset: { readonly id: string; readonly version: number; readonly manifestSha256: string };
  readonly tool: { readonly name: string; readonly version: string; readonly sha256: string };
  readonly args: readonly string[];
  readonly limits: JobLimits;
  readonly submittedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly review: { readonly by: string; readonly at: string; readonly note: string } | null;
  readonly outputs: readonly JobOutput[];
}

export interface Tool {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly runtime: 'node' | 'exec';
  readonly entry: string;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  readonly sha256: string;
  readonly builtIn: boolean;
  readonly usage: string;
}

export interface JobLogChunk {
  readonly text: string;
  readonly next: number;
  readonly done: boolean;
}

export interface SubmitJob {
  readonly permit: string;
  readonly tool: string;
  readonly args: readonly string[];
  readonly limits?: Partial<JobLimits>;
}
