/**
 * A worker process for the kill -9 test: takes one study job, says which, and holds it until it is killed.
 * Run with `process.execPath kill-worker.fixture.ts` and QUEUE_TEST_DATABASE / QUEUE_TEST_SETTINGS set.
 */
import { StudyQueue } from './study-queue.ts';

const queue = await StudyQueue.open({
  database: process.env.QUEUE_TEST_DATABASE ?? '',
  settings: JSON.parse(process.env.QUEUE_TEST_SETTINGS ?? '{}'),
  monitorIntervalSeconds: 1,
  pollingIntervalSeconds: 0.5,
});
await queue.work(async (job) => {
  process.stdout.write(`holding ${job.id} ${job.attempt}\n`);
  // Held until SIGKILL; pg-boss's heartbeat timer keeps the process alive meanwhile.
  await new Promise<never>(() => {});
}, { concurrency: 1 });
process.stdout.write('working\n');
