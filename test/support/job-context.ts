/**
 * A JobContext over a permitted dataset's node, with @oncoatlas/server's checkPermit as the permit check (as the
 * node's routes and CLI wire it), for the jobs tests.
 */
import type { JobContext } from '@oncoatlas/jobs';
import { sandboxAvailable } from '@oncoatlas/jobs';
import { jobContext as serverJobContext } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import type { TestContext } from 'node:test';
import { permittedDataset, type PermittedDataset } from './permitted-dataset.ts';

export async function jobContext(d: PermittedDataset): Promise<JobContext & { close(): Promise<void> }> {
  const store = await openStore({ dataDir: d.dataDir });
  return { ...serverJobContext({ ledger: new StudyLedger(store.db), dataDir: d.dataDir, version: '0.0.0-test' }), close: () => store.close() };
}

/** Skips on a machine without a working bubblewrap; fails under CI=true. */
export function requireSandbox(t: TestContext): boolean {
  const s = sandboxAvailable();
  if (s.ok) return true;
  if (process.env.CI === 'true') throw new Error(s.why);
  t.skip(s.why);
  return false;
}

export interface JobFixture {
  readonly d: PermittedDataset;
  readonly c: JobContext & { close(): Promise<void> };
  /** An in-situ permit for the fixture's version. */
  readonly permit: string;
}

/** The permitted dataset, a context over it and an in-situ permit (one per test file). */
export async function jobFixture(): Promise<JobFixture> {
  const d = await permittedDataset();
  return { d, c: await jobContext(d), permit: (await d.permit({ actions: ['in-situ'] })).permit };
}
