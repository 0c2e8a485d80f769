/**
 * `oncoatlas job submit|list|show|logs|review|outputs`: jobs under a permit at this node (docs/jobs.md). A job
 * runs a tool of the allow-list in the sandbox over the permit's dataset version; its outputs wait for a
 * steward's review. `submit --wait` runs queued jobs in this process until the submitted one has ended.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError, privateDir, writePrivateFile } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';
import type { StudyLedger } from '@oncoatlas/store';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';

type Jobs = typeof import('@oncoatlas/jobs');
type JobContext = import('@oncoatlas/jobs').JobContext;
type JobView = import('@oncoatlas/jobs').JobView;
type JobState = import('@oncoatlas/jobs').JobState;

const FINAL: readonly JobState[] = ['awaiting-review', 'released', 'refused', 'failed'];
const STATES: readonly JobState[] = ['queued', 'running', ...FINAL];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The jobs context over a ledger: permit checks are this node's checkPermit, recorded as every other use. */
/** The server's job context (its permit check bound to this ledger), as `oncoatlas serve` runs jobs with. */
export async function jobContext(ledger: StudyLedger, dataDir: string): Promise<JobContext> {
  const server = await import('@oncoatlas/server');
  return server.jobContext({ ledger, dataDir: resolve(dataDir), version: ONCOATLAS_VERSION });
}

function flagsLine(o: JobView['outputs'][number]): string {
  const flags = o.flags.map((f) => `${f.severity === 'block' ? 'BLOCK' : 'warn'} ${f.code}: ${f.detail}`);
  return `  ${o.path}  ${o.bytes} B  sha256 ${o.sha256}${o.released ? '  released' : ''}${flags.length ? `\n${flags.map((f) => `      ${f}`).join('\n')}` : ''}`;
}

function summary(j: JobView): string {
  return `${j.id}  ${j.state.padEnd(15)}  ${j.tool.name}@${j.tool.version}  ${j.dataset.id} v${j.dataset.version}  ${j.researcher}  ${j.submittedAt}`;
}

function details(j: JobView): string {
  return [
    summary(j),
    `  tool sha256 ${j.tool.sha256}; args ${JSON.stringify(j.args)}`,
    `  dataset ${j.dataset.id} v${j.dataset.version}, manifest sha256 ${j.dataset.manifestSha256}; permit ${j.permitId}; submitted by ${j.submittedBy} (${j.origin}${j.hubJob ? `, hub job ${j.hubJob}` : ''})`,
    `  limits: ${j.limits.cpuSeconds} s CPU, ${j.limits.memoryBytes} B memory, ${j.limits.wallSeconds} s wall, ${j.limits.outputBytes} B output`,
    ...(j.reason ? [`  reason: ${j.reason}`] : []),
    ...(j.review ? [`  reviewed by ${j.review.by} on ${j.review.at}: ${j.review.note}`] : []),
    ...(j.outputs.length ? ['  outputs:', ...j.outputs.map(flagsLine)] : []),
  ].join('\n');
}

function limitOption(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw oncoError('USAGE', `--${name} takes a positive number.`);
  return n;
}

function readPermitFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw oncoError('USAGE', `--permit-file ${file} cannot be read.`, {}, err);
  }
}

/** Runs queued jobs here until `id` has ended (a node's server may be running it meanwhile: then it waits). */
async function waitFor(jobs: Jobs, c: JobContext, id: string, quiet: boolean): Promise<JobView> {
  const runner = new jobs.JobRunner(c);
  let last = '';
  for (;;) {
    const j = await jobs.jobView(c, id);
    if (!quiet && j.state !== last) process.stderr.write(`job ${id}: ${j.state}\n`);
    last = j.state;
    if (FINAL.includes(j.state)) return j;
    if (j.state !== 'queued' || !(await runner.runNext())) await sleep(1000);
  }
}

interface SubmitFlags extends DataDirOptions {
  permitFile: string; tool: string; wait?: boolean; by?: string; hubJob?: string;
  limitCpu?: string; limitMemory?: string; limitWall?: string; limitOutput?: string;
}

export function registerJobCommands(program: Command, setExit: (code: number) => void): void {
  const job = program.command('job').description('Jobs under a permit: a tool of the allow-list run in the sandbox over a dataset version (docs/jobs.md).');

  dataDirOptions(job.command('submit').description('Submit a job under a permit (in-situ); --wait runs it here and waits for its end.'))
    .argument('[args...]', 'the tool\'s arguments (after --)')
    .requiredOption('--permit-file <file>', 'the permit (its JWT) in a file')
    .requiredOption('--tool <name>', 'tool name or name@version (oncoatlas tools list)')
    .option('--wait', 'run the job in this process (or wait for the node\'s runner) until it ends')
    .option('--by <name>', 'who submits it (default: this account)')
    .option('--limit-cpu <seconds>', 'CPU time limit')
    .option('--limit-memory <bytes>', 'address-space limit')
    .option('--limit-wall <seconds>', 'wall-time limit')
    .option('--limit-output <bytes>', 'output size limit')
    .action(async (args: string[], f: SubmitFlags) => {
      const jobs = await import('@oncoatlas/jobs');
      const limits = Object.fromEntries(Object.entries({
        cpuSeconds: limitOption(f.limitCpu, 'limit-cpu'), memoryBytes: limitOption(f.limitMemory, 'limit-memory'),
        wallSeconds: limitOption(f.limitWall, 'limit-wall'), outputBytes: limitOption(f.limitOutput, 'limit-output'),
      }).filter(([, v]) => v !== undefined));
      const j = await withLedger(f, async (ledger) => {
        const c = await jobContext(ledger, f.dataDir);
        const submitted = await jobs.submitJob(c, {
          permit: readPermitFile(f.permitFile), tool: f.tool, args, limits, submittedBy: f.by ?? `${userInfo().username} (cli)`,
        });
        return f.wait ? waitFor(jobs, c, submitted.id, f.json === true) : submitted;
      });
      process.stdout.write(f.json ? `${JSON.stringify(j)}\n` : `${details(j)}\n`);
      setExit(j.state === 'failed' ? EXIT.FAILURE : EXIT.OK);
    });

  dataDirOptions(job.command('list').description('Jobs at this node, newest first.'))
    .option('--state <state>', `only jobs in this state (${STATES.join(', ')})`)
    .action(async (f: DataDirOptions & { state?: string }) => {
      if (f.state !== undefined && !(STATES as readonly string[]).includes(f.state)) throw oncoError('USAGE', `--state takes ${STATES.join(', ')}.`);
      const { listJobs } = await import('@oncoatlas/jobs');
      const list = await withLedger(f, async (l) => listJobs(await jobContext(l, f.dataDir), f.state ? { state: f.state as JobState } : {}));
      process.stdout.write(f.json ? `${JSON.stringify({ jobs: list })}\n` : list.length === 0 ? 'No job at this node.\n' : `${list.map(summary).join('\n')}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(job.command('show').argument('<id>', 'job id').description('One job: provenance, limits, reason, review, outputs and their flags.'))
    .action(async (id: string, f: DataDirOptions) => {
      const { jobView } = await import('@oncoatlas/jobs');
      const j = await withLedger(f, async (l) => jobView(await jobContext(l, f.dataDir), id));
      process.stdout.write(f.json ? `${JSON.stringify(j)}\n` : `${details(j)}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(job.command('logs').argument('<id>', 'job id').description('A job\'s log (stdout and stderr of its tool); --follow until it ends.'))
    .option('--follow', 'keep printing while the job runs')
    .action(async (id: string, f: DataDirOptions & { follow?: boolean }) => {
      const { jobLog } = await import('@oncoatlas/jobs');
      await withLedger(f, async (l) => {
        const c = await jobContext(l, f.dataDir);
        for (let from = 0; ;) {
          const r = await jobLog(c, id, from);
          process.stdout.write(r.text);
          if (r.next === from && (r.done || !f.follow)) break;
          if (r.next === from) await sleep(1000);
          from = r.next;
        }
      });
      setExit(EXIT.OK);
    });

  dataDirOptions(job.command('review').argument('<id>', 'job id').description('Release a job\'s outputs (all but blocked ones) or refuse them. Audited.'))
    .option('--release', 'release the outputs the checks did not block')
    .option('--refuse', 'refuse: no output leaves the node')
    .requiredOption('--note <text>', 'why (shown to the researcher)')
    .requiredOption('--by <name>', 'who reviews')
    .action(async (id: string, f: DataDirOptions & { release?: boolean; refuse?: boolean; note: string; by: string }) => {
      if (f.release === f.refuse) throw oncoError('USAGE', 'Give one of --release or --refuse.');
      const { reviewJob } = await import('@oncoatlas/jobs');
      const j = await withWriterLedger(f, 'job review', async (l) => reviewJob(await jobContext(l, f.dataDir), id, { decision: f.release ? 'release' : 'refuse', by: f.by, note: f.note }));
      process.stdout.write(f.json ? `${JSON.stringify(j)}\n` : `${j.state === 'released' ? 'Released' : 'Refused'} job ${j.id}: ${j.outputs.filter((o) => o.released).length} of ${j.outputs.length} outputs released.\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(job.command('outputs').argument('<id>', 'job id').description('A job\'s outputs and their flags; --to DIR writes them (never blocked ones).'))
    .option('--to <dir>', 'write the outputs into this folder')
    .option('--released', 'only released outputs (what the researcher gets)')
    .action(async (id: string, f: DataDirOptions & { to?: string; released?: boolean }) => {
      const { jobView, readJobOutput } = await import('@oncoatlas/jobs');
      const written = await withLedger(f, async (l) => {
        const c = await jobContext(l, f.dataDir);
        const j = await jobView(c, id);
        if (!f.to) return j.outputs.map((o) => ({ ...o, file: null as string | null }));
        const to = resolve(f.to);
        const out = [];
        for (const o of j.outputs.filter((x) => !x.blocked && (!f.released || x.released))) {
          const file = resolve(to, o.path);
          if (!file.startsWith(to + sep)) continue;
          privateDir(dirname(file));
          writePrivateFile(file, await readJobOutput(c, id, o.path, { releasedOnly: f.released === true }));
          out.push({ ...o, file });
        }
        return out;
      });
      process.stdout.write(f.json ? `${JSON.stringify({ outputs: written })}\n`
        : f.to ? `Wrote ${written.length} output(s) to ${join(resolve(f.to))}.\n` : `${written.map(flagsLine).join('\n')}\n`);
      setExit(EXIT.OK);
    });
}
