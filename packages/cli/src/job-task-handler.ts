/**
 * The hub's federated-job tasks, answered by the node's agent (`oncoatlas serve`): `job-submit` queues the job
 * under the permit the hub holds for the researcher (checked here, as every permit: federated-job, this node's
 * key, not revoked), `job-status` says where it stands, `job-result` sends the released outputs. The node decides
 * what leaves: only outputs its steward released, nothing of a job submitted at the node itself, and not the
 * tool's own last words when it failed (they may quote the data, and no reviewer has seen them).
 */
import { storedPermitClaims } from '@oncoatlas/access';
import { oncoError } from '@oncoatlas/core';
import {
  JOB_RESULT_MAX_BASE64, JOB_RESULT_TASK, JOB_STATUS_TASK, JOB_SUBMIT_TASK, JOB_TASK_TYPES, readJobRef, readJobSubmitPayload,
  type JobResultReply, type JobStatusReply, type JobSubmitReply, type Task,
} from '@oncoatlas/hub';
import { jobView, listJobs, readJobOutput, submitJob, type JobContext, type JobView } from '@oncoatlas/jobs';
import type { StudyLedger } from '@oncoatlas/store';

export function isJobTask(type: string): boolean {
  return (JOB_TASK_TYPES as readonly string[]).includes(type);
}

/** What the hub may say of a node's job: a failed tool's message stays in its log here. */
export function reasonForHub(v: JobView): string | null {
  if (v.state === 'refused') return v.review?.note ? `Refused at the node's review: ${v.review.note}` : 'Refused at the node\'s review.';
  if (v.reason === null) return null;
  const exited = /^the tool exited with code (-?\d+)/.exec(v.reason);
  return exited ? `the tool exited with code ${exited[1]} (its messages stay in the job's log at the node)` : v.reason;
}

/** A job the hub sent: a job submitted at the node is none of the hub's business. */
async function hubJob(c: JobContext, payload: unknown): Promise<JobView> {
  const v = await jobView(c, readJobRef(payload));
  if (v.origin !== 'hub') throw oncoError('JOB_NOT_FOUND', 'No job with that id at this node.');
  return v;
}

const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

export async function answerJobTask(c: JobContext, task: Pick<Task, 'type' | 'payload'>): Promise<JobSubmitReply | JobStatusReply | JobResultReply> {
  switch (task.type) {
    case JOB_SUBMIT_TASK: {
      const p = readJobSubmitPayload(task.payload);
      const claims = storedPermitClaims(p.permit);
      if (!claims) throw oncoError('PERMIT_INVALID', 'The access permit is not readable.');
      if (claims.researcher !== p.researcher) throw oncoError('PERMIT_NOT_APPLICABLE', 'The access permit does not cover this: it was issued to another researcher than the one who sent the job.');
      // A task delivered again (the agent died before its answer reached the hub) gets the job it made.
      const same = (await listJobs(c, { hubJob: p.hubJob })).find((j) => j.permitId === claims.id);
      if (same) return { job: same.id, state: same.state };
      const v = await submitJob(c, { permit: p.permit, tool: p.tool, args: p.args, submittedBy: p.researcher, origin: 'hub', hubJob: p.hubJob });
      return { job: v.id, state: v.state };
    }
    case JOB_STATUS_TASK: {
      const v = await hubJob(c, task.payload);
      const outputs = v.outputs.filter((o) => o.released && !o.blocked).map((o) => ({ path: o.path, bytes: o.bytes, sha256: o.sha256, released: true }));
      return { state: v.state, reason: reasonForHub(v), outputs };
    }
    case JOB_RESULT_TASK: {
      const v = await hubJob(c, task.payload);
      if (v.state !== 'released') throw oncoError('JOB_STATE', `The job is ${v.state}: outputs leave once the node's reviewer released them.`);
      const released = v.outputs.filter((o) => o.released && !o.blocked);
      if (released.reduce((n, o) => n + base64Length(o.bytes), 0) > JOB_RESULT_MAX_BASE64) {
        throw oncoError('JOB_OUTPUT_BLOCKED', `The released outputs are too large for the hub (over ${JOB_RESULT_MAX_BASE64 / 1024} KiB as base64).`);
      }
      const files = [];
      for (const o of released) files.push({ path: o.path, sha256: o.sha256, base64: (await readJobOutput(c, v.id, o.path, { releasedOnly: true })).toString('base64') });
      return { files };
    }
    default:
      throw oncoError('USAGE', 'This node answers no task of that type.');
  }
}

/** The handler of the three job task types (the agent's dispatcher sends only those here). */
export function jobTaskHandler(o: { readonly ledger: StudyLedger; readonly dataDir: string; readonly version: string }): (task: Task) => Promise<unknown> {
  return async (task) => {
    const { jobContext } = await import('@oncoatlas/server');
    return answerJobTask(jobContext(o), task);
  };
}
