/** A worker thread of writeReleasedImages: writes the batches of studies it is sent, answers with what it read back. */
import { parentPort, workerData } from 'node:worker_threads';
import { normalizeError } from '@oncoatlas/core';
import { StudyWriter, type StudyToWrite } from './write-images.ts';

const { fromRoot, toRoot } = workerData as { fromRoot: string; toRoot: string };
const writer = new StudyWriter(fromRoot, toRoot);
parentPort!.on('message', (batch: StudyToWrite[]) => {
  try {
    parentPort!.postMessage(writer.write(batch));
  } catch (err) {
    // Errors cross the thread as data: the code and its safe message, never the stack of a foreign error.
    const e = normalizeError(err);
    parentPort!.postMessage({ error: { code: e.code, message: e.message } });
  }
});
