/**
 * The job sandbox's cost, timed in one run: a trivial tool (Node, exits at once) started plainly and inside the
 * sandbox every job runs in (@oncoatlas/jobs runSandboxed: bubblewrap namespaces, read-only binds, prlimit), and
 * the shipped example tool `series-stats` over a dataset version both ways (its files materialized and run as the
 * job runner does, toolRun; the plain run reads the version in place).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_JOB_LIMITS, materializeTool, resolveTool, runSandboxed, sandboxAvailable, sandboxNode, toolRun, type SandboxRun } from '@oncoatlas/jobs';
import type { PermittedDataset } from '../test/support/permitted-dataset.ts';
import type { DataUseOptions, SandboxTiming } from './data-use.ts';

const STARTS = 20;
function plain(command: string, args: readonly string[], o: { cwd: string; env?: Record<string, string> }): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: o.cwd, env: { PATH: '/usr/bin:/bin', ...o.env }, stdio: 'ignore' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(performance.now() - t0) : fail(new Error(`${command} exited ${code}`))));
  });
}

async function sandboxed(run: SandboxRun): Promise<number> {
  const t0 = performance.now();
  const r = await runSandboxed(run);
  if (r.reason) throw new Error(`the sandboxed run ${r.reason}`);
  return performance.now() - t0;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchSandbox(d: PermittedDataset, o: DataUseOptions): Promise<SandboxTiming> {
  const can = sandboxAvailable();
  if (!can.ok) throw new Error(can.why);
  const work = mkdtempSync(join(d.root, 'sandbox-bench-'));
  try {
    const plainStarts: number[] = [];
    const sandboxStarts: number[] = [];
    for (let i = 0; i < STARTS; i++) {
      plainStarts.push(await plain(process.execPath, ['-e', '0'], { cwd: work }));
      sandboxStarts.push(await sandboxed({ command: [sandboxNode(), '-e', '0'], binds: [], limits: DEFAULT_JOB_LIMITS }));
    }
    // The shipped tool as a job runs it: its files copied and checked against their hashes, the same binds.
    const tool = join(work, 'tool');
    const source = resolveTool(work, 'series-stats');
    materializeTool(source, tool, source.spec.sha256);
    const toolPlain: number[] = [];
    const toolSandbox: number[] = [];
    for (let run = 1; run <= o.runs; run++) {
      const out = join(work, `out-${run}`);
      mkdirSync(out);
      toolPlain.push(await plain(process.execPath, [join(tool, source.spec.entry)], { cwd: out, env: { ONCOATLAS_DATA: d.versionDir, ONCOATLAS_OUTPUT: out } }) / 1000);
      rmSync(out, { recursive: true });
      mkdirSync(out);
      toolSandbox.push(await sandboxed(toolRun(source.spec, [], { toolDir: tool, versionDir: d.versionDir, outputDir: out }, DEFAULT_JOB_LIMITS)) / 1000);
      rmSync(out, { recursive: true });
      o.say(`data-use sandbox run ${run}/${o.runs}: series-stats plain ${toolPlain.at(-1)!.toFixed(3)} s, sandboxed ${toolSandbox.at(-1)!.toFixed(3)} s`);
    }
    return {
      starts: STARTS, plainMs: median(plainStarts), sandboxMs: median(sandboxStarts),
      toolPlain: Math.min(...toolPlain), toolSandbox: Math.min(...toolSandbox),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
