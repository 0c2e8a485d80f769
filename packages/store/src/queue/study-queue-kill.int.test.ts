import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { createTestDatabase } from '@oncoatlas/testkit';
import { openStore, type Store } from '../open-store.ts';
import type { StudyJobContext } from './study-job.ts';
import { StudyQueue } from './study-queue.ts';

const suite = 'StudyQueue: a worker killed with kill -9';
const database = await createTestDatabase(suite);
const FIXTURE = fileURLToPath(new URL('./kill-worker.fixture.ts', import.meta.url));
/** pg-boss's minimums, so a dead worker's job is taken over in seconds instead of minutes. */
const settings = { heartbeatSeconds: 10, retryDelaySeconds: 1, retryDelayMaxSeconds: 2, expireInSeconds: 60 };

if (database !== undefined) {
  let store: Store | undefined;
  let queue: StudyQueue | undefined;
  after(async () => {
    await queue?.stop({ graceful: false });
    await store?.close();
  });

  test(`${suite} while holding a job: another worker takes the job over and completes it once`, { timeout: 60_000 }, async () => {
    const started = Date.now();
    store = await openStore({ database });
    queue = await StudyQueue.open({ database, settings, monitorIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
    await store.db.transaction().execute((trx) => queue!.enqueue(trx, [{ study: 'st-killed', run: 1, stage: 'deidentify' }]));

    const child = spawn(process.execPath, [FIXTURE], {
      env: { ...process.env, QUEUE_TEST_DATABASE: database, QUEUE_TEST_SETTINGS: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    let out = '';
    const held = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /holding (\S+) 1\n/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`the worker exited (${code}) before taking the job: ${out}`)));
    });
    assert.equal((await queue.counts(1)).active, 1, 'the killed worker holds the job');
    child.kill('SIGKILL');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGKILL');

    const completions: StudyJobContext[] = [];
    await queue.work(async (job) => { completions.push(job); }, { concurrency: 1 });
    const end = Date.now() + 35_000;
    while ((await queue.counts(1)).completed === 0) {
      assert.ok(Date.now() < end, 'the job was not taken over');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepEqual(completions.map((j) => [j.id, j.study, j.attempt]), [[held, 'st-killed', 2]], 'completed once, on its second attempt');
    assert.deepEqual(await queue.counts(1), { queued: 0, active: 0, retry: 0, failed: 0, completed: 1 });
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`# killed worker's job completed after ${seconds.toFixed(1)} s\n`);
    assert.ok(seconds < 40, `took ${seconds} s`);
  });
}
