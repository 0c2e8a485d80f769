/**
 * Jobs at the node over HTTP (docs/jobs.md): the tools of its allow-list, a job submitted under an in-situ
 * permit, the jobs (a steward's: all; a researcher's: those they submitted), a job's live log and outputs for
 * its review, and the steward's release or refusal. The work is @oncoatlas/jobs'; this file checks who may see
 * what. A job another user submitted reads as not found to a researcher, as an unknown id would: its existence
 * is no business of theirs. With `runner`, the server also runs the queued jobs (JobRunner) for its lifetime.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import {
  JobRunner, jobLog, jobView, listJobs, listTools, readJobOutput, reviewJob, submitJob,
  type JobContext, type JobLimits, type JobState, type JobView,
} from '@oncoatlas/jobs';
import type { StudyLedger } from '@oncoatlas/store';
import { checkPermit } from '../access/permit-check.ts';
import { actorOf } from '../auth/access-hook.ts';
import { JOB, JOB_ID_PARAMS, JOB_STATES, LOG, REVIEW, SUBMIT, TOOL } from './job-schemas.ts';
import { outputHeaders } from './output-type.ts';

const problem = { $ref: 'Problem#' };

export interface JobRoutesOptions {
  readonly ledger: StudyLedger;
  readonly dataDir: () => string;
  readonly version: string;
  /** Run the queued jobs in this process while the server is up (oncoatlas serve does; tests mostly not). */
  readonly runner?: boolean;
  /** Told when the runner cannot start or stop; never given an identifier. */
  readonly logFailure?: (code: string) => void;
}

const STEWARD_ROLES = ['steward', 'admin'];

function isSteward(request: FastifyRequest): boolean {
  return request.principal?.roles.some((r) => STEWARD_ROLES.includes(r)) ?? false;
}

/** The context of @oncoatlas/jobs: the permit checks it makes are this node's, recorded as every other use. */
export function jobContext(o: Pick<JobRoutesOptions, 'ledger' | 'version'> & { readonly dataDir: string }): JobContext {
  const now = (): string => new Date().toISOString();
  const permits = { ledger: o.ledger, dataDir: o.dataDir, now, version: o.version };
  return { ledger: o.ledger, dataDir: o.dataDir, now, version: o.version, checkPermit: (ask) => checkPermit(permits, ask) };
}

export async function registerJobRoutes(api: FastifyInstance, o: JobRoutesOptions): Promise<void> {
  const context = (): JobContext => jobContext({ ledger: o.ledger, version: o.version, dataDir: o.dataDir() });

  /** The job, when the caller may see it: a steward any, a researcher those they submitted. */
  const visibleJob = async (request: FastifyRequest, id: string): Promise<JobView> => {
    const job = await jobView(context(), id);
    if (!isSteward(request) && job.submittedBy !== actorOf(request)) throw oncoError('JOB_NOT_FOUND', 'There is no job of that id among the jobs you submitted at this node.');
    return job;
  };

  if (o.runner) registerRunner(api, context, o.logFailure);

  api.get('/tools', {
    schema: { summary: 'The tools of this node\'s allow-list (the built-in examples and those its stewards added)', tags: ['jobs'], response: { 200: { type: 'object', additionalProperties: false, required: ['tools'], properties: { tools: { type: 'array', items: TOOL } } }, default: problem } },
  }, async () => ({ tools: await listTools(o.dataDir()) }));

  api.post<{ Body: { permit: string; tool: string; args?: string[]; limits?: Partial<JobLimits> } }>('/jobs', {
    schema: {
      summary: 'Submit a job: the tool runs in the node\'s sandbox over the permit\'s dataset version (in-situ); its outputs wait for a steward\'s review. The permit check is audited as USE_DATASETS',
      tags: ['jobs'], body: SUBMIT, response: { 201: JOB, default: problem },
    },
  }, async (request, reply) => {
    const { permit, tool, args, limits } = request.body;
    const job = await submitJob(context(), { permit, tool, args: args ?? [], submittedBy: actorOf(request), origin: 'node', ...(limits ? { limits } : {}) });
    return reply.code(201).send(job);
  });

  api.get<{ Querystring: { state?: JobState } }>('/jobs', {
    schema: {
      summary: 'Jobs at this node, newest first: a steward sees all (the hub\'s too), a researcher those they submitted', tags: ['jobs'],
      querystring: { type: 'object', additionalProperties: false, properties: { state: { type: 'string', enum: JOB_STATES } } },
      response: { 200: { type: 'object', additionalProperties: false, required: ['jobs'], properties: { jobs: { type: 'array', items: JOB } } }, default: problem },
    },
  }, async (request) => {
    const { state } = request.query;
    const jobs = await listJobs(context(), { ...(state ? { state } : {}), ...(isSteward(request) ? {} : { submittedBy: actorOf(request) }) });
    return { jobs };
  });

  api.get<{ Params: { id: string } }>('/jobs/:id', {
    schema: { summary: 'One job: its provenance (tool and hash, dataset version and manifest hash, permit, limits), state, review and outputs with their disclosure flags', tags: ['jobs'], params: JOB_ID_PARAMS, response: { 200: JOB, default: problem } },
  }, async (request) => visibleJob(request, request.params.id));

  api.get<{ Params: { id: string }; Querystring: { from?: number } }>('/jobs/:id/log', {
    schema: {
      summary: 'The job\'s log (stdout and stderr) from byte `from` on, for following it live; stewards only: a log may hold what the review is for',
      tags: ['jobs'], params: JOB_ID_PARAMS,
      querystring: { type: 'object', additionalProperties: false, properties: { from: { type: 'integer', minimum: 0, default: 0 } } },
      response: { 200: LOG, default: problem },
    },
  }, async (request) => jobLog(context(), request.params.id, request.query.from ?? 0));

  api.get<{ Params: { id: string; '*': string } }>('/jobs/:id/outputs/*', {
    schema: {
      summary: 'One output file of a job: a steward any (text as text/plain, for the review), a researcher the released ones of their own jobs; blocked outputs are never served',
      tags: ['jobs'],
      params: { type: 'object', required: ['id', '*'], properties: { ...JOB_ID_PARAMS.properties, '*': { type: 'string', minLength: 1, maxLength: 1024 } } },
      response: { 200: { description: 'the file', type: 'string', format: 'binary' }, default: problem },
    },
  }, async (request, reply) => sendOutput(request, reply, await visibleJob(request, request.params.id)));

  api.post<{ Params: { id: string }; Body: { decision: 'release' | 'refuse'; note: string } }>('/jobs/:id/review', {
    schema: {
      summary: 'Release (the outputs not blocked may leave) or refuse a job awaiting review; final, audited as JOB_REVIEWED with who and the note',
      tags: ['jobs'], params: JOB_ID_PARAMS, body: REVIEW, response: { 200: JOB, default: problem },
    },
  }, async (request) => reviewJob(context(), request.params.id, { decision: request.body.decision, by: actorOf(request), note: request.body.note.trim() }));

  async function sendOutput(request: FastifyRequest<{ Params: { id: string; '*': string } }>, reply: FastifyReply, job: JobView): Promise<FastifyReply> {
    const path = request.params['*'];
    const steward = isSteward(request);
    const bytes = await readJobOutput(context(), job.id, path, { releasedOnly: !steward });
    return reply.headers(outputHeaders(path, bytes, { forReview: steward })).send(bytes);
  }
}

/** The runner starts once the server is ready and stops when it closes (a job cut short is run again at the next start). */
function registerRunner(api: FastifyInstance, context: () => JobContext, logFailure: ((code: string) => void) | undefined): void {
  let runner: JobRunner | undefined;
  api.addHook('onReady', async () => {
    try {
      runner = new JobRunner(context());
      runner.start();
    } catch (err) {
      // A node without its data directory serves the rest of its API; submissions then fail with the same reason.
      logFailure?.((err as { code?: string }).code ?? 'INTERNAL');
    }
  });
  api.addHook('onClose', async () => {
    await runner?.stop();
  });
}
