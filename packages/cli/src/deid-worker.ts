import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { normalizeError } from '@oncoatlas/core';
import { createDeidentifier, type DeidSettings } from '@oncoatlas/deid';
import { ByteSink, fileDigest, readDicomFile, segmentsDigest, writeSegmentsAtomic } from '@oncoatlas/dicom';
import type { FileOutcome, WorkItem } from './deid-messages.ts';

/*
 * One worker thread: reads, de-identifies, verifies and writes the files it is sent, in batches. All file
 * I/O is synchronous: on small files it is several times faster than promises, and each worker is its own
 * thread, so nothing else waits.
 */
const { settings, outRoot } = workerData as { settings: DeidSettings; outRoot: string };
const deid = createDeidentifier(settings);
const sink = new ByteSink();
const madeDirs = new Set<string>();

function ensureDir(dir: string): void {
  if (madeDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true });
  madeDirs.add(dir);
}

function processFile(item: WorkItem): FileOutcome {
  const pathHash = deid.keyedHash.pathHash(item.path);
  const base = { index: item.index, pathHash };
  try {
    const source = readDicomFile(item.path);
    const r = deid.deidentify(source, sink);
    if (!r.segments || !r.outputPath) return { ...base, status: r.status, reason: r.reason, output: null };
    const target = join(outRoot, r.outputPath);
    ensureDir(dirname(target));
    const from = source.streamed ? item.path : undefined;
    if (writeSegmentsAtomic(target, r.segments, from, 'keep') === 'exists' && fileDigest(target) !== segmentsDigest(r.segments, from)) {
      return { ...base, status: 'rejected', reason: 'DEID_DUPLICATE_INSTANCE: another input with the same SOP Instance UID produced a different output', output: null };
    }
    return {
      ...base,
      status: r.status,
      reason: r.reason,
      output: r.outputPath,
      patient: r.patient ?? undefined,
      uids: r.uidPairs ? [...r.uidPairs] : undefined,
    };
  } catch (err) {
    const e = normalizeError(err);
    return { ...base, status: 'rejected', reason: `${e.code}: ${e.message}`, output: null };
  }
}

parentPort!.on('message', (batch: WorkItem[]) => {
  parentPort!.postMessage(batch.map(processFile));
});
