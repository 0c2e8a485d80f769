/**
 * The shapes @oncoatlas/jobs works with: a job's limits, a tool of the allow-list, the disclosure checks' flags,
 * and a job as callers see it (the node's routes and UI, the hub's task handler).
 */
import type { PermitAction, PermitClaims } from '@oncoatlas/access';
import type { JobState, StudyLedger } from '@oncoatlas/store';

export type { JobState } from '@oncoatlas/store';

export interface JobLimits {
  readonly cpuSeconds: number;
  readonly memoryBytes: number;
  readonly wallSeconds: number;
  readonly outputBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Generous enough for the example tools on a whole hospital; a Node tool needs an address space of well over
 * 1 GiB just to start (V8 reserves it), so memory below ~1.5 GiB fails a Node tool at once.
 */
export const DEFAULT_JOB_LIMITS: JobLimits = { cpuSeconds: 600, memoryBytes: 2048 * MiB, wallSeconds: 900, outputBytes: 64 * MiB };

export interface ToolSpec {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly runtime: 'node' | 'exec';
  /** The file run, relative to the tool's folder (mounted at /tool). */
  readonly entry: string;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  /** SHA-256 over the files (see toolHash): what the allow-list admits and the audit log names. */
  readonly sha256: string;
  readonly builtIn: boolean;
  readonly usage: string;
}

export type OutputFlagCode = 'DICOM_FILE' | 'PATIENT_LEVEL' | 'SMALL_CELL' | 'PSEUDONYM' | 'STUDY_KEY' | 'BINARY' | 'TOO_LARGE';

export interface OutputFlag {
  readonly code: OutputFlagCode;
  readonly severity: 'block' | 'warn';
  /** Where and what kind, never the value found. */
  readonly detail: string;
}

export interface JobOutputView {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly flags: readonly OutputFlag[];
  readonly blocked: boolean;
  readonly released: boolean;
}

export interface JobView {
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
  readonly outputs: readonly JobOutputView[];
}

export interface JobContext {
  readonly ledger: StudyLedger;
  readonly dataDir: string;
  readonly now: () => string;
  /** OncoAtlas's version, named as the tool version of the audit entries. */
  readonly version: string;
  /** @oncoatlas/server's checkPermit, injected (jobs may not import server): records the check as a permit use. */
  readonly checkPermit: (ask: { permit: string; action: PermitAction; dataset?: string; resource?: string }) => Promise<{ claims: PermitClaims }>;
}

export interface SubmitJob {
  readonly permit: string;
  /** A tool's name, or name@version. */
  readonly tool: string;
  readonly args?: readonly string[];
  readonly submittedBy: string;
  readonly origin?: 'node' | 'hub';
  readonly hubJob?: string;
  readonly limits?: Partial<JobLimits>;
}
