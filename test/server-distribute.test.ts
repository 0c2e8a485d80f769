/**
 * `serve --distribute` as a steward drives it: a population run started over the API hands its studies to two
 * `oncoatlas worker` processes through the PostgreSQL study queue; while it runs, the dashboard's endpoints show
 * the de-identify stage advancing and the queue's counts as the workers finish studies; when it ends, the funnel
 * equals truth.json, every job completed, none dead, and every study was de-identified by a worker, once.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCohortConfig, type FunnelReport } from '@oncoatlas/pipeline';
import { buildServer, createTokenVerifier, mintLocalToken, type PopulationRun } from '@oncoatlas/server';
import { openStore, parseQueueTimings, StudyLedger } from '@oncoatlas/store';
import { generateHospital } from '@oncoatlas/synth';
import { createTestDatabase } from '@oncoatlas/testkit';
import { deidentifyTransitions } from './support/deidentify-transitions.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const suite = 'serve --distribute';
const database = await createTestDatabase(suite);
/** pg-boss's minimums, so the test does not wait on production polling intervals. */
const TIMINGS = { heartbeatSeconds: 10, monitorIntervalSeconds: 1, pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, retryDelayMaxSeconds: 2, retryLimit: 5 };

interface Population { current: PopulationRun | null }

if (database !== undefined) {
  test(`${suite}: a run started over the API is de-identified by two workers; the dashboard shows the queue and the stage advancing; the funnel is truth`, { timeout: 300_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-serve-distribute-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const hospital = join(dir, 'h');
    const truth = generateHospital({ out: hospital, studies: 80, seed: 'serve-distribute' });
    const data = join(dir, 'data');
    mkdirSync(data, { mode: 0o700 });
    // The secret as `oncoatlas secret new` writes it: the workers read the file, the server holds its bytes.
    const secretText = randomBytes(32).toString('hex');
    const secretFile = join(dir, 'site.secret');
    writeFileSync(secretFile, `${secretText}\n`, { mode: 0o600 });

    const store = await openStore({ database });
    t.after(() => store.close());
    const localKey = new TextEncoder().encode('the local key of this test node, long enough');
    const app = await buildServer({
      ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test',
      population: {
        dataDir: data, database, source: join(hospital, 'pacs'), cohort: parseCohortConfig(JSON.parse(readFileSync(join(hospital, 'cohort.json'), 'utf8'))), cohortDir: hospital,
        settings: { profile: 'basic', options: [], secret: Buffer.from(secretText, 'utf8'), allowBurnedIn: false, recordMappings: false }, jobs: 2, sourceLabel: 'folder export',
        distribute: { localConcurrency: 0, pollMs: 200, timings: parseQueueTimings(JSON.stringify(TIMINGS))! },
      },
    });
    t.after(() => app.close());
    const steward = { authorization: `Bearer ${await mintLocalToken(localKey, { subject: 'a-steward', roles: ['steward'], hours: 1 })}` };
    const get = async <T>(url: string): Promise<T> => {
      const res = await app.inject({ method: 'GET', url, headers: steward });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as T;
    };

    const workers: ChildProcess[] = [];
    const exited: Promise<void>[] = [];
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [cli, 'worker', '--database', database, '--data-dir', data, '--secret-file', secretFile, '--concurrency', '2'], {
        env: { ...process.env, ONCOATLAS_QUEUE_TIMINGS: JSON.stringify(TIMINGS) }, stdio: 'ignore',
      });
      workers.push(child);
      exited.push(new Promise((done) => child.on('exit', () => done())));
    }
    t.after(async () => {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(exited);
    });

    const started = await app.inject({ method: 'POST', url: '/api/population/runs', headers: steward });
    assert.equal(started.statusCode, 202, started.body);

    // Watched as the dashboard polls: the run's de-identify stage and the funnel's queue, while the run is going.
    const stageDone = new Set<number>();
    const queueCompleted = new Set<number>();
    let overview = await get<Population>('/api/population');
    const deadline = Date.now() + 240_000;
    while (overview.current?.status === 'running') {
      assert.ok(Date.now() < deadline, 'the run finishes');
      const deid = overview.current.stages.find((s) => s.name === 'deidentify');
      if (deid && deid.done > 0) stageDone.add(deid.done);
      const funnel = await get<FunnelReport>('/api/funnel');
      if (funnel.workQueue) queueCompleted.add(funnel.workQueue.completed);
      await new Promise((done) => setTimeout(done, 150));
      overview = await get<Population>('/api/population');
    }
    const run = overview.current!;
    assert.equal(run.status, 'completed', JSON.stringify(run.error));
    t.diagnostic(`while running: de-identify stage at ${[...stageDone].sort((a, b) => a - b).join(', ')} files; queue completed ${[...queueCompleted].sort((a, b) => a - b).join(', ')} studies`);
    assert.ok(stageDone.size >= 2, 'the de-identify stage was seen advancing while the workers ran');
    assert.ok([...queueCompleted].some((n) => n > 0), 'the queue\'s completed count was seen while the run was going');

    // The end: the node's funnel is the run's and truth's; the queue is drained with nothing dead.
    const funnel = await get<FunnelReport>('/api/funnel');
    assert.equal(funnel.identified, truth.summary.studies);
    assert.equal(funnel.integrated, truth.summary.integrated);
    assert.equal(funnel.pending, 0);
    // The API gives counts, not the list of studies: rejected by reason as truth.json has them, none left for review.
    const rejected: Record<string, number> = {};
    for (const s of truth.studies) if (s.expected === 'rejected') rejected[s.reason ?? ''] = (rejected[s.reason ?? ''] ?? 0) + 1;
    assert.deepEqual(funnel.rejected, rejected);
    assert.equal(funnel.review, 0);
    const selected = truth.studies.filter((s) => s.expected !== 'rejected').length;
    assert.deepEqual({ ...funnel.workQueue, run: 0 }, { run: 0, queued: 0, active: 0, retry: 0, dead: 0, completed: selected }, 'every study job completed; none dead');
    assert.equal(run.funnel?.integrated, funnel.integrated, 'the run\'s funnel is the node\'s funnel');

    // Every selected study de-identified exactly once (local concurrency 0: the server only enqueued, the workers ran them).
    const perStudy = await deidentifyTransitions(new StudyLedger(store.db));
    assert.equal(perStudy.size, selected);
    assert.deepEqual([...perStudy.values()].filter((n) => n !== 1), []);
  });
}
