import { parentPort, workerData } from 'node:worker_threads';
import type { DeidSettings } from '../settings.ts';
import type { WorkItem } from './messages.ts';
import { FileProcessor } from './file-processor.ts';

/** A worker thread: processes the batches it is sent and answers each with its outcomes. */
const { settings, outRoot, hashOutputs, scratch } = workerData as { settings: DeidSettings; outRoot: string; hashOutputs: boolean; scratch?: string };
const processor = new FileProcessor(settings, outRoot, hashOutputs, scratch);
parentPort!.on('message', (batch: WorkItem[]) => {
  parentPort!.postMessage(batch.map((item) => processor.process(item)));
});
