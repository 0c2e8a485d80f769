/**
 * Submitting, reading and reviewing jobs. A job is submitted under a permit (in-situ at the node, federated-job
 * from the hub), queued with its provenance (tool hash, manifest hash, permit), run by the JobRunner, and its
 * outputs wait for a steward: only released, unblocked outputs are ever served as the researcher's.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { appendAuditEvents } from '@oncoatlas/audit';
import { oncoError } from '@oncoatlas/core';
import type { JobOutputRow, JobRow, JobState } from '@oncoatlas/store';
import { jobDir, logFile, manifestSha256, outputFile } from './job-files.ts';
import { DEFAULT_JOB_LIMITS, type JobContext, type JobLimits, type JobView, type OutputFlag, type SubmitJob } from './job-types.ts';
import { sandboxAvailable } from './sandbox/sandbox.ts';
import { resolveTool } from './tools/tool-registry.ts';

/** A submitter may lower the node's limits, or raise them up to this many times. */
const LIMIT_HEADROOM = 4;
const MAX_ARGS = 64;
const MAX_ARG_LENGTH = 1000;
/** The most a log read returns at once. */
const LOG_CHUNK = 256 * 1024;

export function datasetRef(row: Pick<JobRow, 'dataset_id' | 'version'>): string {
  return `${row.dataset_id}/v${row.version}`;
}

function limitsOf(asked: Partial<JobLimits> = {}): JobLimits {
  const out: Record<string, number> = { ...DEFAULT_JOB_LIMITS };
  for (const [k, v] of Object.entries(asked)) {
    const max = DEFAULT_JOB_LIMITS[k as keyof JobLimits];
    if (max === undefined) throw oncoError('USAGE', `A job has no limit ${JSON.stringify(k.slice(0, 40))}: cpuSeconds, memoryBytes, wallSeconds or outputBytes.`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max * LIMIT_HEADROOM) {
      throw oncoError('USAGE', `The job limit ${k} must be a number above 0 and at most ${max * LIMIT_HEADROOM}.`);
    }
    out[k] = v;
  }
  return out as unknown as JobLimits;
}

function argsOf(args: readonly string[] = []): string[] {
  if (args.length > MAX_ARGS || args.some((a) => typeof a !== 'string' || a.length > MAX_ARG_LENGTH)) {
    throw oncoError('USAGE', `A job takes at most ${MAX_ARGS} arguments of at most ${MAX_ARG_LENGTH} characters each.`);
  }
  return [...args];
}

export function toView(row: JobRow, outputs: readonly JobOutputRow[]): JobView {
  return {
    id: row.id, state: row.state, reason: row.reason, exitCode: row.exit_code, permitId: row.permit_id, researcher: row.researcher,
    submittedBy: row.submitted_by, origin: row.origin, hubJob: row.hub_job,
    dataset: { id: row.dataset_id, version: row.version, manifestSha256: row.manifest_sha256 },
    tool: { name: row.tool, version: row.tool_version, sha256: row.tool_sha256 },
    args: JSON.parse(row.args) as string[], limits: JSON.parse(row.limits) as JobLimits,
    submittedAt: row.submitted_at, startedAt: row.started_at, finishedAt: row.finished_at,
    review: row.reviewed_by !== null && row.reviewed_at !== null ? { by: row.reviewed_by, at: row.reviewed_at, note: row.review_note ?? '' } : null,
    outputs: outputs.map((o) => {
      const flags = JSON.parse(o.flags) as OutputFlag[];
      return { path: o.path, bytes: o.bytes, sha256: o.sha256, flags, blocked: flags.some((f) => f.severity === 'block'), released: o.released === 1 };
    }),
  };
}

async function requireJob(c: JobContext, id: string): Promise<JobRow> {
  jobDir(c.dataDir, id);
  const row = await c.ledger.jobs.job(id);
  if (!row) throw oncoError('JOB_NOT_FOUND', 'No job with that id at this node.');
  return row;
}

/**
 * Checks the sandbox, the tool (on the allow-list, by hash) and the permit (in-situ at the node, federated-job from
 * the hub), then queues the job; the permit check and the submission are both in the audit log.
 *
 * @example
 * const job = await submitJob(c, { permit: jwt, tool: 'seg-volume', submittedBy: 'alice @ https://login.example' });
 * job.state; // 'queued'
 */
export async function submitJob(c: JobContext, s: SubmitJob): Promise<JobView> {
  const sandbox = sandboxAvailable();
  if (!sandbox.ok) throw oncoError('SANDBOX_UNAVAILABLE', `Jobs cannot run at this node: ${sandbox.why}.`);
  const tool = resolveTool(c.dataDir, s.tool).spec;
  const limits = limitsOf(s.limits);
  const args = argsOf(s.args);
  const origin = s.origin ?? 'node';
  const id = randomUUID();
  const { claims } = await c.checkPermit({ permit: s.permit, action: origin === 'hub' ? 'federated-job' : 'in-situ', resource: `job:${id}` });
  const row: JobRow = {
    id, permit_id: claims.id, researcher: claims.researcher, submitted_by: s.submittedBy, origin, hub_job: s.hubJob ?? null,
    dataset_id: claims.dataset.id, version: claims.dataset.version,
    manifest_sha256: await manifestSha256(c.dataDir, claims.dataset.id, claims.dataset.version),
    tool: tool.name, tool_version: tool.version, tool_sha256: tool.sha256, args: JSON.stringify(args), limits: JSON.stringify(limits),
    state: 'queued', reason: null, exit_code: null, submitted_at: c.now(), started_at: null, finished_at: null,
    reviewed_by: null, reviewed_at: null, review_note: null,
  };
  await c.ledger.transaction(async (l) => {
    await l.jobs.addJob(row);
    await appendAuditEvents(l, [{
      at: row.submitted_at, actor: s.submittedBy,
      event: {
        type: 'USE_DATASETS', userId: row.researcher, datasetsIds: [datasetRef(row)], toolName: tool.name, toolVersion: tool.version,
        job: { id, toolSha256: tool.sha256, manifestSha256: row.manifest_sha256, state: 'queued' },
      },
    }]);
  });
  return toView(row, []);
}

export async function jobView(c: JobContext, id: string): Promise<JobView> {
  const row = await requireJob(c, id);
  return toView(row, await c.ledger.jobs.outputs(id));
}

/** Newest first. */
export async function listJobs(c: JobContext, f: { state?: JobState; hubJob?: string; submittedBy?: string } = {}): Promise<JobView[]> {
  const rows = await c.ledger.jobs.jobs(f);
  return Promise.all(rows.map(async (r) => toView(r, await c.ledger.jobs.outputs(r.id))));
}

/** The log from byte `from` on (the steward's live view: call again with `next` until `done`). */
export async function jobLog(c: JobContext, id: string, from = 0): Promise<{ text: string; next: number; done: boolean }> {
  const row = await requireJob(c, id);
  const done = row.state !== 'queued' && row.state !== 'running';
  let fh;
  try {
    fh = await open(logFile(c.dataDir, id), 'r');
  } catch {
    return { text: '', next: from, done };
  }
  try {
    const buf = Buffer.alloc(LOG_CHUNK);
    const { bytesRead } = await fh.read(buf, 0, LOG_CHUNK, Math.max(0, from));
    let end = bytesRead;
    // Stop before a character cut in two: its rest comes with the next read.
    if (end === LOG_CHUNK) while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
    return { text: buf.subarray(0, end).toString('utf8'), next: Math.max(0, from) + end, done: done && bytesRead < LOG_CHUNK };
  } finally {
    await fh.close();
  }
}

/**
 * A steward's decision on a job awaiting review: release (every output the checks did not block leaves the node
 * from then on) or refuse (none does). Audited as JOB_REVIEWED by the reviewer.
 */
export async function reviewJob(c: JobContext, id: string, r: { decision: 'release' | 'refuse'; by: string; note: string }): Promise<JobView> {
  const row = await requireJob(c, id);
  if (r.decision !== 'release' && r.decision !== 'refuse') throw oncoError('USAGE', 'A review decision is release or refuse.');
  if (!r.by.trim()) throw oncoError('USAGE', 'A review names its reviewer.');
  if (row.state !== 'awaiting-review') throw oncoError('JOB_STATE', `The job is ${row.state}: only a job awaiting review can be released or refused.`);
  const outputs = toView(row, await c.ledger.jobs.outputs(id)).outputs;
  const released = r.decision === 'release' ? outputs.filter((o) => !o.blocked) : [];
  const at = c.now();
  await c.ledger.transaction(async (l) => {
    const state = r.decision === 'release' ? 'released' : 'refused';
    if (!(await l.jobs.updateJob(id, 'awaiting-review', { state, reviewed_by: r.by, reviewed_at: at, review_note: r.note }))) {
      throw oncoError('JOB_STATE', 'The job was reviewed meanwhile.');
    }
    await l.jobs.releaseOutputs(id, released.map((o) => o.path));
    await appendAuditEvents(l, [{
      at, actor: r.by,
      event: {
        type: 'JOB_REVIEWED', userId: r.by, jobId: id, permitId: row.permit_id, decision: r.decision,
        released: released.map((o) => ({ path: o.path, sha256: o.sha256 })), withheld: outputs.length - released.length,
      },
    }]);
  });
  return jobView(c, id);
}

/**
 * One output's bytes. A blocked output is never served; `releasedOnly` (the researcher, the hub) serves released
 * ones only. The bytes must still be those that were checked.
 */
export async function readJobOutput(c: JobContext, id: string, path: string, o: { releasedOnly: boolean }): Promise<Buffer> {
  await requireJob(c, id);
  const out = (await jobView(c, id)).outputs.find((x) => x.path === path);
  if (!out) throw oncoError('JOB_NOT_FOUND', 'The job has no output of that name.');
  if (out.blocked) throw oncoError('JOB_OUTPUT_BLOCKED', `The output is blocked by the disclosure checks: ${out.flags.filter((f) => f.severity === 'block').map((f) => f.detail).join('; ')}.`);
  if (o.releasedOnly && !out.released) throw oncoError('JOB_STATE', 'The output has not been released by the node\'s reviewer.');
  const bytes = await readFile(outputFile(c.dataDir, id, out.path));
  if (createHash('sha256').update(bytes).digest('hex') !== out.sha256) {
    throw oncoError('JOB_OUTPUT_BLOCKED', 'The output changed after it was checked: it is not served.');
  }
  return bytes;
}
