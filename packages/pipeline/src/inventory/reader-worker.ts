import { parentPort, workerData } from 'node:worker_threads';
import { SourcePathKeys, type ThreadKeys } from '@oncoatlas/store';
import { readListedFile, type FileReading } from './file-reading.ts';

/** A reading thread of the inventory: answers each batch of paths with their readings, in order. */
const paths = SourcePathKeys.inThread((workerData as { keys: ThreadKeys }).keys);
parentPort!.on('message', (batch: { seq: number; paths: string[] }) => {
  void (async () => {
    const readings: FileReading[] = [];
    for (const path of batch.paths) readings.push(await readListedFile(path, paths));
    parentPort!.postMessage({ seq: batch.seq, readings });
  })();
});
