/**
 * Runs queued jobs: claims one (compare-and-set, so two runners never run one job), runs its tool's checked copy
 * in the sandbox over the dataset version, logs what it prints, then hashes and checks every output and leaves
 * the job awaiting review (or failed, with the reason in words). A job a stopped node left running is queued
 * again when the next runner starts (its output wiped): the re-run starts over.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { appendAuditEvents } from '@oncoatlas/audit';
import { isProcessAlive, normalizeError, PRIVATE_FILE_MODE, privateDir, writePrivateFile } from '@oncoatlas/core';
import { versionDir, versionIndex } from '@oncoatlas/release';
import type { JobOutputRow, JobRow } from '@oncoatlas/store';
import { checkOutput, disclosureKeys, tooLargeFlag } from './disclosure/disclosure-checks.ts';
import { jobDir, LOG_OUTPUT, logFile, manifestSha256, outputDir, toolDir } from './job-files.ts';
import { datasetRef, jobView } from './job-service.ts';
import type { JobContext, JobLimits, JobView, OutputFlag } from './job-types.ts';
import { runSandboxed, type SandboxResult } from './sandbox/sandbox.ts';
import { toolRun } from './sandbox/tool-run.ts';
import { materializeTool, resolveTool } from './tools/tool-registry.ts';

const RUNNER_FILE = 'runner.json';
const CLAIM_GRACE_MS = 60_000;
/** A tool's own log.txt at the top of its output is kept under this name: log.txt is the job's log. */
const TOOL_LOG_RENAMED = 'tool-log.txt';

/**
 * Regular files under `dir`, `/`-separated; anything else a tool left (links, pipes) is removed unread. The tool
 * wrote with its own umask: its folders and files are made owner-only here, as everything in the data directory.
 */
function outputFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isDirectory()) out.push(...outputFiles(full, `${prefix}${name}/`));
    else if (st.isFile()) {
      chmodSync(full, 0o600);
      out.push(`${prefix}${name}`);
    } else unlinkSync(full);
  }
  return out;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export class JobRunner {
  readonly #c: JobContext;
  readonly #concurrency: number;
  readonly #pollMs: number;
  readonly #running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  #timer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(c: JobContext, o: { concurrency?: number; pollMs?: number } = {}) {
    this.#c = c;
    this.#concurrency = Math.max(1, o.concurrency ?? 1);
    this.#pollMs = o.pollMs ?? 1000;
  }

  /** Queues again the jobs a stopped runner left running, then runs queued jobs as they come. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    const tick = async (): Promise<void> => {
      try {
        while (this.#started && this.#running.size < this.#concurrency) {
          if (!(await this.#startOne())) break;
        }
      } catch (err) {
        process.stderr.write(`job runner: ${normalizeError(err).message}\n`);
      }
      if (this.#started) this.#timer = setTimeout(() => void tick(), this.#pollMs);
    };
    void this.#requeueOrphans().then(tick, (err) => {
      process.stderr.write(`job runner: ${normalizeError(err).message}\n`);
      void tick();
    });
  }

  /** Stops taking jobs; the jobs it is running are stopped and queued again (a later start re-runs them). */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    for (const r of this.#running.values()) r.abort.abort();
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
  }

  /** Claims one queued job (atomically, so two runners never run one job) and runs it to its end; undefined when none is queued. */
  async runNext(): Promise<JobView | undefined> {
    const row = await this.#c.ledger.jobs.claimQueued(this.#c.now());
    if (!row) return undefined;
    const abort = new AbortController();
    const done = this.#run(row, abort.signal);
    this.#running.set(row.id, { abort, done });
    try {
      await done;
    } finally {
      this.#running.delete(row.id);
    }
    return jobView(this.#c, row.id);
  }

  async #startOne(): Promise<boolean> {
    const row = await this.#c.ledger.jobs.claimQueued(this.#c.now());
    if (!row) return false;
    const abort = new AbortController();
    const done = this.#run(row, abort.signal).catch((err) => process.stderr.write(`job runner: ${normalizeError(err).message}\n`))
      .finally(() => this.#running.delete(row.id));
    this.#running.set(row.id, { abort, done });
    return true;
  }

  /** Running jobs whose runner process on this machine is gone (a node killed mid-job). */
  async #requeueOrphans(): Promise<void> {
    for (const row of await this.#c.ledger.jobs.jobs({ state: 'running' })) {
      if (this.#running.has(row.id)) continue;
      const file = join(jobDir(this.#c.dataDir, row.id), RUNNER_FILE);
      let owner: { pid: number; host: string } | undefined;
      try { owner = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; host: string }; } catch { owner = undefined; }
      if (owner && (owner.host !== hostname() || isProcessAlive(owner.pid))) continue;
      // Claimed a moment ago by a runner that has not written its file yet.
      if (!owner && Date.parse(row.started_at ?? '') > Date.now() - CLAIM_GRACE_MS) continue;
      await this.#c.ledger.jobs.updateJob(row.id, 'running', { state: 'queued', started_at: null });
    }
  }

  async #run(row: JobRow, signal: AbortSignal): Promise<void> {
    const c = this.#c;
    const dir = jobDir(c.dataDir, row.id);
    // A re-run starts over: what an earlier, interrupted run wrote is gone.
    for (const p of [outputDir(c.dataDir, row.id), toolDir(c.dataDir, row.id), logFile(c.dataDir, row.id)]) rmSync(p, { recursive: true, force: true });
    privateDir(outputDir(c.dataDir, row.id));
    writePrivateFile(join(dir, RUNNER_FILE), JSON.stringify({ pid: process.pid, host: hostname(), at: c.now() }));
    const limits = JSON.parse(row.limits) as JobLimits;
    const log = openSync(logFile(c.dataDir, row.id), 'w', PRIVATE_FILE_MODE);
    let logged = 0;
    let truncated = false;
    const write = (b: Buffer | string): void => {
      const buf = typeof b === 'string' ? Buffer.from(b) : b;
      if (logged + buf.length > limits.outputBytes) {
        if (!truncated) writeSync(log, `\n[log cut here: it reached the output limit of ${limits.outputBytes} bytes]\n`);
        truncated = true;
        return;
      }
      writeSync(log, buf);
      logged += buf.length;
    };
    let result: SandboxResult | { reason: string; exitCode: null; aborted: false };
    try {
      result = await this.#sandboxed(row, limits, signal, write);
    } catch (err) {
      result = { reason: normalizeError(err).message.replace(/\.$/, ''), exitCode: null, aborted: false };
    } finally {
      closeSync(log);
    }
    if (result.aborted) {
      await c.ledger.jobs.updateJob(row.id, 'running', { state: 'queued', started_at: null });
      return;
    }
    let outputs: JobOutputRow[];
    let reason = result.reason;
    try {
      outputs = await this.#checkOutputs(row, limits);
    } catch (err) {
      outputs = [];
      reason ??= `its outputs could not be checked: ${normalizeError(err).message.replace(/\.$/, '')}`;
    }
    const state = reason === null ? 'awaiting-review' : 'failed';
    const at = c.now();
    await c.ledger.transaction(async (l) => {
      await l.jobs.updateJob(row.id, 'running', { state, reason, exit_code: result.exitCode, finished_at: at });
      await l.jobs.putOutputs(row.id, outputs);
      await appendAuditEvents(l, [{
        at, actor: row.submitted_by,
        event: {
          type: 'USE_DATASETS', userId: row.researcher, datasetsIds: [datasetRef(row)], toolName: row.tool, toolVersion: row.tool_version,
          job: { id: row.id, toolSha256: row.tool_sha256, manifestSha256: row.manifest_sha256, state, outputs: outputs.map((o) => ({ path: o.path, sha256: o.sha256 })) },
        },
      }]);
    });
    rmSync(join(dir, RUNNER_FILE), { force: true });
  }

  async #sandboxed(row: JobRow, limits: JobLimits, signal: AbortSignal, write: (b: Buffer | string) => void): Promise<SandboxResult> {
    const c = this.#c;
    const tool = resolveTool(c.dataDir, `${row.tool}@${row.tool_version}`);
    materializeTool(tool, toolDir(c.dataDir, row.id), row.tool_sha256);
    if ((await manifestSha256(c.dataDir, row.dataset_id, row.version)) !== row.manifest_sha256) {
      throw new Error('the dataset version changed since the job was submitted');
    }
    const args = JSON.parse(row.args) as string[];
    write(`# ${row.tool}@${row.tool_version} (sha256 ${row.tool_sha256}) over ${datasetRef(row)} (manifest sha256 ${row.manifest_sha256})\n`);
    return runSandboxed(toolRun(tool.spec, args, {
      toolDir: toolDir(c.dataDir, row.id), versionDir: versionDir(c.dataDir, row.dataset_id, row.version), outputDir: outputDir(c.dataDir, row.id),
    }, limits, { onOutput: (b) => write(b), signal }));
  }

  /** Hashes and checks every output (the log among them) against the version's keys, within the output limit. */
  async #checkOutputs(row: JobRow, limits: JobLimits): Promise<JobOutputRow[]> {
    const c = this.#c;
    const out = outputDir(c.dataDir, row.id);
    if (existsSync(join(out, LOG_OUTPUT))) renameSync(join(out, LOG_OUTPUT), join(out, TOOL_LOG_RENAMED));
    const keys = disclosureKeys(await versionIndex(c.dataDir, row.dataset_id, row.version));
    const rows: JobOutputRow[] = [];
    const add = (path: string, bytes: Buffer, flags: OutputFlag[]): void => {
      rows.push({ job_id: row.id, path, bytes: bytes.length, sha256: sha256(bytes), flags: JSON.stringify(flags), released: 0 });
    };
    const log = readFileSync(logFile(c.dataDir, row.id));
    add(LOG_OUTPUT, log, checkOutput(LOG_OUTPUT, log, keys));
    let total = 0;
    for (const path of outputFiles(out)) {
      const bytes = readFileSync(join(out, path));
      total += bytes.length;
      add(path, bytes, total > limits.outputBytes ? [tooLargeFlag(limits.outputBytes)] : checkOutput(path, bytes, keys));
    }
    return rows.sort((a, b) => (a.path < b.path ? -1 : 1));
  }
}
