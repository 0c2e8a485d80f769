import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { dispatchByStage, studyJobId } from './study-job.ts';
import { StudyQueue } from './study-queue.ts';

const job = { study: 'st-0123456789abcdef0123', run: 7, stage: 'deidentify' as const };

test('a study job has one id per run, stage and study, a valid UUID', () => {
  const id = studyJobId(job);
  assert.equal(studyJobId({ ...job }), id);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const others = [{ ...job, run: 8 }, { ...job, stage: 'verify' as const }, { ...job, study: 'st-0123456789abcdef0124' }].map(studyJobId);
  assert.equal(new Set([id, ...others]).size, 4);
});

test('opening the queue on the embedded SQLite default is QUEUE_REQUIRES_POSTGRES, saying how to scale out', async () => {
  for (const database of ['sqlite:/tmp/atlas.sqlite', '/tmp/atlas.sqlite']) {
    await assert.rejects(
      StudyQueue.open({ database }),
      (err: unknown) => isOncoAtlasError(err, 'QUEUE_REQUIRES_POSTGRES') && /oncoatlas worker --database postgres:/.test(err.message),
    );
  }
});

test('a worker fails a job of a stage it has no handler for with QUEUE_NO_HANDLER, and runs the others', async () => {
  const ran: string[] = [];
  const handle = dispatchByStage({ deidentify: async (j) => { ran.push(j.stage); } });
  const context = { ...job, id: studyJobId(job), attempt: 1, signal: new AbortController().signal };
  await handle(context);
  assert.deepEqual(ran, ['deidentify']);
  await assert.rejects(handle({ ...context, stage: 'verify' }), (err: unknown) => isOncoAtlasError(err, 'QUEUE_NO_HANDLER'));
});
