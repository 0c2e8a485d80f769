/**
 * The job sandbox's cost, timed in one run: a trivial tool (Node, exits at once) started plainly and inside the
 * sandbox every job runs in (@oncoatlas/jobs runSandboxed: bubblewrap namespaces, read-only binds, prlimit), and
 * the shipped example tool `series-stats` over a dataset version both ways (its files laid out as its tool.json
 * says, the version bound read-only at /data in the sandbox, read in place by the plain run).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_JOB_LIMITS, runSandboxed, sandboxAvailable, sandboxNode } from '@oncoatlas/jobs';
import type { PermittedDataset } from '../test/support/permitted-dataset.ts';
import type { DataUseOptions, SandboxTiming } from './data-use.ts';

const STARTS = 20;
const TOOL = fileURLToPath(new URL('../packages/jobs/tools/series-stats/', import.meta.url));

interface ToolJson { readonly entry: string; readonly files: readonly { readonly path: string; readonly from?: string; readonly module?: string }[] }

/** The tool's files where its tool.json puts them (`from`: beside tool.json; `module`: resolved from node_modules). */
function layOut(into: string): string {
  const spec = JSON.parse(readFileSync(join(TOOL, 'tool.json'), 'utf8')) as ToolJson;
  const require = createRequire(join(TOOL, 'tool.json'));
  for (const f of spec.files) {
    const from = f.from !== undefined ? join(TOOL, f.from) : require.resolve(f.module!);
    mkdirSync(dirname(join(into, f.path)), { recursive: true });
    cpSync(from, join(into, f.path));
  }
  return spec.entry;
}

function plain(command: string, args: readonly string[], o: { cwd: string; env?: Record<string, string> }): Promise<number> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: o.cwd, env: { PATH: '/usr/bin:/bin', ...o.env }, stdio: 'ignore' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(performance.now() - t0) : fail(new Error(`${command} exited ${code}`))));
  });
}

async function sandboxed(command: readonly string[], binds: Parameters<typeof runSandboxed>[0]['binds'], env?: Record<string, string>, cwd?: string): Promise<number> {
  const t0 = performance.now();
  const r = await runSandboxed({ command, binds, limits: DEFAULT_JOB_LIMITS, ...(env ? { env } : {}), ...(cwd ? { cwd } : {}) });
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
      sandboxStarts.push(await sandboxed([sandboxNode(), '-e', '0'], []));
    }
    const tool = join(work, 'tool');
    const entry = layOut(tool);
    const toolPlain: number[] = [];
    const toolSandbox: number[] = [];
    for (let run = 1; run <= o.runs; run++) {
      const out = join(work, `out-${run}`);
      mkdirSync(out);
      toolPlain.push(await plain(process.execPath, [join(tool, entry)], { cwd: out, env: { ONCOATLAS_DATA: d.versionDir, ONCOATLAS_OUTPUT: out } }) / 1000);
      rmSync(out, { recursive: true });
      mkdirSync(out);
      toolSandbox.push(await sandboxed([sandboxNode(), `/tool/${entry}`], [
        { host: tool, at: '/tool' }, { host: d.versionDir, at: '/data' }, { host: out, at: '/output', writable: true },
      ], { ONCOATLAS_DATA: '/data', ONCOATLAS_OUTPUT: '/output' }, '/output') / 1000);
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
