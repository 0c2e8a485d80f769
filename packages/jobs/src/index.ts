/**
 * @oncoatlas/jobs: jobs under a permit at the node. A tool of the node's allow-list (by content hash) runs in a
 * bubblewrap sandbox over one dataset version mounted read-only, without network, under CPU, memory, time and
 * output limits; its outputs pass disclosure checks and wait for a steward's review before any leaves the node.
 * See docs/jobs.md.
 *
 * @example
 * const job = await submitJob(c, { permit, tool: 'series-stats', submittedBy: 'alice @ https://login.example' });
 * await new JobRunner(c).runNext();
 * await reviewJob(c, job.id, { decision: 'release', by: 'steward', note: 'aggregates only' });
 * const csv = await readJobOutput(c, job.id, 'series-stats.csv', { releasedOnly: true });
 */
export { DEFAULT_JOB_LIMITS } from './job-types.ts';
export type { JobContext, JobLimits, JobOutputView, JobState, JobView, OutputFlag, OutputFlagCode, SubmitJob, ToolSpec } from './job-types.ts';
export { BUILT_IN_TOOLS, addTool, builtInTools, listTools, materializeTool, resolveTool } from './tools/tool-registry.ts';
export type { ToolSource } from './tools/tool-registry.ts';
export { toolRun } from './sandbox/tool-run.ts';
export type { ToolRunPlaces } from './sandbox/tool-run.ts';
export { checkOutput, DEFAULT_MIN_CELL, disclosureKeys, isDicom } from './disclosure/disclosure-checks.ts';
export type { DisclosureKeys } from './disclosure/disclosure-checks.ts';
export { jobLog, jobView, listJobs, readJobOutput, reviewJob, submitJob } from './job-service.ts';
export { JobRunner } from './job-runner.ts';
export { runSandboxed, sandboxAvailable, sandboxNode, SANDBOX_RUNTIME } from './sandbox/sandbox.ts';
export type { SandboxBind, SandboxResult, SandboxRun } from './sandbox/sandbox.ts';
