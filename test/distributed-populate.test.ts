/**
 * Scale-out (docs/scale-out.md): `populate --distribute` hands the de-identify stage to `oncoatlas worker`
 * processes through the PostgreSQL study queue. Attacked as it ships: worker processes are killed with SIGKILL at
 * random moments, 20 times, while they run; the funnel must still equal truth.json, the outputs must be
 * byte-identical to a one-process run on SQLite, and no study may be de-identified to completion twice (one
 * deidentify transition per study in the audit log).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { FunnelReport } from '@oncoatlas/pipeline';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { generateHospital, type Truth } from '@oncoatlas/synth';
import { createTestDatabase } from '@oncoatlas/testkit';
import { deidentifyTransitions } from './support/deidentify-transitions.ts';
import { funnelMatchesTruth } from './support/funnel-truth.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const suite = 'populate --distribute';
const database = await createTestDatabase(suite);
const database2 = await createTestDatabase(`${suite} dead letters`);
/** pg-boss's minimums: a killed worker's study is taken over in seconds; retries enough that kills never exhaust them. */
const TIMINGS = JSON.stringify({ heartbeatSeconds: 10, monitorIntervalSeconds: 1, pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, retryDelayMaxSeconds: 2, retryLimit: 30 });
const env = { ...process.env, ONCOATLAS_QUEUE_TIMINGS: TIMINGS };

/** Every file under the output root by relative path and SHA-256, the partial-files folder left out. */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== '.partial') walk(p); } else out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

interface Worker { child: ChildProcess; exited: Promise<void> }

if (database !== undefined) {
  test(`${suite}: workers killed 20 times at random: the funnel is truth, outputs are byte-identical to one process, no study completes twice`, { timeout: 300_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-distributed-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const truth: Truth = generateHospital({ out: join(dir, 'h'), studies: 160, seed: 'distributed' });
    const secret = join(dir, 'site.secret');
    assert.equal(spawnSync(process.execPath, [cli, 'secret', 'new', secret]).status, 0);
    const common = ['--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', secret, '--json', '--no-progress'];

    // The reference: one process, SQLite.
    const one = spawnSync(process.execPath, [cli, 'populate', '--data-dir', join(dir, 'one'), ...common], { encoding: 'utf8' });
    funnelMatchesTruth(one, truth);

    const data = join(dir, 'many');
    const populate = spawn(process.execPath, [cli, 'populate', '--data-dir', data, '--database', database, ...common, '--distribute', '--local-concurrency', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    populate.stdout!.on('data', (b: Buffer) => { stdout += b.toString(); });
    populate.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
    const finished = new Promise<number | null>((resolve) => populate.on('close', (code) => resolve(code)));
    let running = true;
    void finished.then(() => { running = false; });

    const start = (): Worker => {
      const child = spawn(process.execPath, [cli, 'worker', '--database', database, '--data-dir', data, '--secret-file', secret, '--concurrency', '2'], { env, stdio: 'ignore' });
      return { child, exited: new Promise((resolve) => child.on('exit', () => resolve())) };
    };
    const workers = [start(), start(), start()];
    // Jobs completed so far, read as the funnel reads them (0 before populate has enqueued any).
    const watch = await openStore({ database });
    const watched = new StudyLedger(watch.db);
    const completed = async (): Promise<number> => (await watched.workQueue())?.completed ?? 0;
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    let kills = 0;
    try {
      let before = 0;
      while (kills < 20 && running) {
        // Each kill waits until a study was finished since the last one, so it lands while workers are at work: on a
        // busy machine a worker takes seconds to boot, and kills timed by the clock alone all hit booting workers.
        if (await completed() <= before) { await sleep(50); continue; }
        await sleep(Math.random() * 300);
        // The worker that has run longest (new ones go in front): the one most likely to hold studies by now.
        const victim = workers.pop()!;
        victim.child.kill('SIGKILL');
        await victim.exited;
        kills++;
        before = await completed();
        workers.unshift(start());
      }
    } finally {
      await watch.close();
    }
    const code = await finished;
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    t.diagnostic(`${kills} workers killed with SIGKILL while populate ran`);
    assert.ok(kills >= 20, `populate ended after only ${kills} kills: the hospital is too small to attack`);

    const funnel = funnelMatchesTruth({ status: code, stdout, stderr }, truth);
    const selected = truth.studies.filter((s) => s.expected !== 'rejected').length;
    assert.deepEqual(funnel.workQueue, { run: funnel.workQueue?.run, queued: 0, active: 0, retry: 0, dead: 0, completed: selected }, 'every study job completed; none dead');
    const [a, b] = [tree(join(dir, 'one', 'deidentified')), tree(join(data, 'deidentified'))];
    assert.equal(b.size, a.size, 'as many files as the one-process run');
    for (const [path, sha] of a) assert.equal(b.get(path), sha, 'every output byte-identical to the one-process run');
    for (const f of b.keys()) assert.equal(statSync(join(data, 'deidentified', f)).mode & 0o777, 0o600);

    // One deidentify transition per selected study: none was de-identified to completion twice.
    const store = await openStore({ database });
    try {
      const perStudy = await deidentifyTransitions(new StudyLedger(store.db));
      assert.equal(perStudy.size, selected, 'every selected study was de-identified');
      assert.deepEqual([...perStudy.values()].filter((n) => n !== 1), [], 'no study was de-identified to completion twice');
      // The kills landed on work in progress: jobs a killed worker held were taken over by another.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'oncoatlas-study' and retry_count > 0`.execute(store.db);
      t.diagnostic(`${rows[0]!.n} study jobs taken over from a killed worker`);
      assert.ok(rows[0]!.n > 0, 'no kill hit a worker while it held a study');
    } finally {
      await store.close();
    }
  });
}

if (database2 !== undefined) {
  const database = database2;
  test(`${suite}: a worker with another --site-id fails every study to the dead-letter queue; the funnel says so; a re-run with the right one finishes them`, { timeout: 180_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-distributed-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const truth: Truth = generateHospital({ out: join(dir, 'h'), studies: 12, seed: 'dead-letters' });
    const secret = join(dir, 'site.secret');
    assert.equal(spawnSync(process.execPath, [cli, 'secret', 'new', secret]).status, 0);
    const data = join(dir, 'data');
    const common = ['--data-dir', data, '--database', database, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', secret,
      '--site-id', 'SITE-A', '--json', '--no-progress', '--distribute'];
    const noRetry = { ...process.env, ONCOATLAS_QUEUE_TIMINGS: JSON.stringify({ monitorIntervalSeconds: 1, pollingIntervalSeconds: 0.5, retryLimit: 0 }) };
    const wrong = spawn(process.execPath, [cli, 'worker', '--database', database, '--data-dir', data, '--secret-file', secret, '--site-id', 'SITE-B'], { env: noRetry, stdio: 'ignore' });
    const wrongExited = new Promise((resolve) => wrong.on('exit', resolve));
    try {
      const first = spawnSync(process.execPath, [cli, 'populate', ...common, '--local-concurrency', '0', '--queue-wait', '60'], { encoding: 'utf8', env: noRetry });
      assert.equal(first.status, 0, first.stderr);
      const funnel = JSON.parse(first.stdout) as FunnelReport;
      const selected = truth.studies.filter((s) => s.expected !== 'rejected').length;
      assert.equal(funnel.rejected.deidentification_failed, selected, 'every selected study rejected, with a reason');
      assert.equal(funnel.workQueue?.dead, selected, 'and counted dead in the funnel');
      const lines = spawnSync(process.execPath, [cli, 'funnel', '--data-dir', data, '--database', database], { encoding: 'utf8' }).stdout;
      assert.match(lines, new RegExp(`study queue of run \\d+: 0 done, 0 waiting for a worker, 0 running, 0 to retry, ${selected} failed to the dead-letter queue`));
    } finally {
      wrong.kill('SIGKILL');
      await wrongExited;
    }
    // The worker-side failure says nothing about the files: the next run tries them again and finishes them.
    funnelMatchesTruth(spawnSync(process.execPath, [cli, 'populate', ...common, '--local-concurrency', '2'], { encoding: 'utf8', env: noRetry }), truth);
  });
}
