/** A worker thread of writeReleasedImages: writes the batches of studies it is sent, answers with what it read back. */
import { parentPort, workerData } from 'node:worker_threads';
import { StudyWriter, type StudyToWrite } from './write-images.ts';

const { fromRoot, toRoot } = workerData as { fromRoot: string; toRoot: string };
const writer = new StudyWriter(fromRoot, toRoot);
parentPort!.on('message', (batch: StudyToWrite[]) => {
  parentPort!.postMessage(writer.write(batch));
});
