/**
 * The three task types of a federated job, as the hub sends them and a node answers them (docs/jobs.md,
 * "Federated jobs"). The node checks the permit itself and lets only its own released outputs leave; the hub
 * reads every answer through these readers, since a node's reply is data it did not write.
 */
import { oncoError } from '@oncoatlas/core';
import type { JobState } from '@oncoatlas/store';

/** `{hubJob, permit, tool, args, researcher}` → `{job, state}`: the node submits the job under the permit (action federated-job). */
export const JOB_SUBMIT_TASK = 'job-submit';
/** `{job}` → `{state, reason, outputs}`: where the node's job stands; outputs are its released ones. */
export const JOB_STATUS_TASK = 'job-status';
/** `{job}` → `{files: [{path, sha256, base64}]}`: the released outputs' bytes (JOB_OUTPUT_BLOCKED past JOB_RESULT_MAX_BASE64). */
export const JOB_RESULT_TASK = 'job-result';
export const JOB_TASK_TYPES = [JOB_SUBMIT_TASK, JOB_STATUS_TASK, JOB_RESULT_TASK] as const;
/** What a node sends back in one result, counted in base64 characters: the rest stays at the node. */
export const JOB_RESULT_MAX_BASE64 = 512 * 1024;

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'awaiting-review', 'released', 'refused', 'failed'];

export interface JobSubmitPayload {
  /** The hub's job id; with the permit's id, the node's key for a submission delivered twice. */
  readonly hubJob: string;
  /** The permit JWT the node issued, which the hub keeps for the researcher it names. */
  readonly permit: string;
  readonly tool: string;
  readonly args: readonly string[];
  /** Who submitted at the hub (`subject @ issuer`): the node refuses when the permit names someone else. */
  readonly researcher: string;
}

export interface JobSubmitReply { readonly job: string; readonly state: JobState }

export interface JobOutputSummary { readonly path: string; readonly bytes: number; readonly sha256: string; readonly released: boolean }

export interface JobStatusReply { readonly state: JobState; readonly reason: string | null; readonly outputs: readonly JobOutputSummary[] }

export interface JobResultFile { readonly path: string; readonly sha256: string; readonly base64: string }

export interface JobResultReply { readonly files: readonly JobResultFile[] }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isState = (v: unknown): v is JobState => typeof v === 'string' && (JOB_STATES as readonly string[]).includes(v);
const isSha256 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
/** An output's path as a job writes it under /output: relative, no `..`, no backslash or control character. */
export const isOutputPath = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 255 && !v.startsWith('/') && !/[\\\u0000-\u001f]/.test(v) && !v.split('/').some((p) => p === '' || p === '.' || p === '..');

function malformed(what: string): never {
  throw oncoError('USAGE', `The ${what} is malformed.`);
}

export function readJobSubmitPayload(v: unknown): JobSubmitPayload {
  if (!isRecord(v)) malformed('job-submit task');
  const { hubJob, permit, tool, args, researcher } = v;
  if (typeof hubJob !== 'string' || hubJob === '' || typeof permit !== 'string' || typeof tool !== 'string' || tool === '' || typeof researcher !== 'string' || researcher === ''
    || !Array.isArray(args) || !args.every((a) => typeof a === 'string')) malformed('job-submit task');
  return { hubJob, permit, tool, args: args as string[], researcher };
}

/** The node's job id a status or result task names. */
export function readJobRef(v: unknown): string {
  if (!isRecord(v) || typeof v.job !== 'string' || v.job === '') malformed('job task');
  return v.job;
}

export function readJobSubmitReply(v: unknown): JobSubmitReply {
  if (!isRecord(v) || typeof v.job !== 'string' || v.job === '' || v.job.length > 200 || !isState(v.state)) malformed('node\'s answer to job-submit');
  return { job: v.job, state: v.state };
}

export function readJobStatusReply(v: unknown): JobStatusReply {
  if (!isRecord(v) || !isState(v.state) || !(v.reason === null || typeof v.reason === 'string') || !Array.isArray(v.outputs)) malformed('node\'s answer to job-status');
  const outputs = v.outputs.map((o: unknown): JobOutputSummary => {
    if (!isRecord(o) || !isOutputPath(o.path) || typeof o.bytes !== 'number' || !Number.isSafeInteger(o.bytes) || o.bytes < 0 || !isSha256(o.sha256) || typeof o.released !== 'boolean') malformed('node\'s answer to job-status');
    return { path: o.path, bytes: o.bytes, sha256: o.sha256, released: o.released };
  });
  return { state: v.state, reason: v.reason === null ? null : v.reason.slice(0, 2000), outputs };
}

export function readJobResultReply(v: unknown): JobResultReply {
  if (!isRecord(v) || !Array.isArray(v.files)) malformed('node\'s answer to job-result');
  let total = 0;
  const files = v.files.map((f: unknown): JobResultFile => {
    if (!isRecord(f) || !isOutputPath(f.path) || !isSha256(f.sha256) || typeof f.base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(f.base64)) malformed('node\'s answer to job-result');
    total += f.base64.length;
    return { path: f.path, sha256: f.sha256, base64: f.base64 };
  });
  if (total > JOB_RESULT_MAX_BASE64) throw oncoError('JOB_OUTPUT_BLOCKED', 'The node\'s result is too large for the hub.');
  return { files };
}
