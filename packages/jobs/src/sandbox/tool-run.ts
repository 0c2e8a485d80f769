/**
 * How a tool of the allow-list runs in the sandbox: its files (copied and hash-checked) read-only at /tool, the
 * dataset version read-only at /data, a writable /output that is also its working directory, and the output limit
 * as the largest file it may write. One definition for the job runner and the benchmark that times the sandbox.
 */
import type { JobLimits, ToolSpec } from '../job-types.ts';
import { sandboxNode, type SandboxRun } from './sandbox.ts';

export interface ToolRunPlaces {
  /** The tool's files, laid out as its spec lists them (materializeTool). */
  readonly toolDir: string;
  readonly versionDir: string;
  readonly outputDir: string;
}

export function toolRun(spec: ToolSpec, args: readonly string[], places: ToolRunPlaces, limits: JobLimits, o: Pick<SandboxRun, 'onOutput' | 'signal'> = {}): SandboxRun {
  const entry = `/tool/${spec.entry}`;
  return {
    command: spec.runtime === 'node' ? [sandboxNode(), entry, ...args] : [entry, ...args],
    binds: [
      { host: places.toolDir, at: '/tool' },
      { host: places.versionDir, at: '/data' },
      { host: places.outputDir, at: '/output', writable: true },
    ],
    limits: { ...limits, fileBytes: limits.outputBytes },
    cwd: '/output',
    env: { ONCOATLAS_DATA: '/data', ONCOATLAS_OUTPUT: '/output' },
    ...o,
  };
}
