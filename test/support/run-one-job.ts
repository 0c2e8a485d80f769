/** Runs the next queued job of a data directory (a runner process a test kills mid-job). */
import { JobRunner } from '@oncoatlas/jobs';
import { jobContext } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';

const dataDir = process.argv[2]!;
const store = await openStore({ dataDir });
const ledger = new StudyLedger(store.db);
const runner = new JobRunner(jobContext({ ledger, dataDir, version: '0.0.0-test' }));
const timer = setInterval(async () => {
  if ((await ledger.jobs.jobs({ state: 'running' })).length > 0) {
    process.stdout.write('running\n');
    clearInterval(timer);
  }
}, 50);
await runner.runNext();
await store.close();
