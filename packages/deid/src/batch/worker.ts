import { parentPort } from 'node:worker_threads';
import type { WorkerInit, WorkItem } from './messages.ts';
import { FileProcessor } from './file-processor.ts';

/**
 * A worker thread: set up by its first message (it may have been started before its pool knew its settings,
 * see early-workers.ts), then processes the batches it is sent and answers each with its outcomes.
 */
let processor: FileProcessor | undefined;
parentPort!.on('message', (message: WorkerInit | WorkItem[]) => {
  if (!Array.isArray(message)) {
    processor = new FileProcessor(message.settings, message.outRoot, message.hashOutputs, message.scratch);
    return;
  }
  parentPort!.postMessage(message.map((item) => processor!.process(item)));
});
