import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { normalizeError, privateDir } from '@oncoatlas/core';
import { createDeidentifier, type DeidSettings, type Deidentifier } from '@oncoatlas/deid';
import { ByteSink, fileDigest, ReadScratch, readDicomFile, segmentsDigest, writeSegmentsAtomic } from '@oncoatlas/dicom';
import type { FileOutcome, WorkItem } from './messages.ts';

/** Where files are written before they are linked into place; emptied at the start of every run. */
export function partialDir(outRoot: string): string {
  return join(outRoot, '.partial');
}

/**
 * Reads, de-identifies, verifies and writes one file at a time, synchronously: on small files sync I/O is
 * several times faster than promises, and every processor runs on its own thread.
 */
export class FileProcessor {
  private readonly deid: Deidentifier;
  private readonly sink = new ByteSink();
  private readonly scratch = new ReadScratch();
  private readonly madeDirs = new Set<string>();
  private readonly outRoot: string;
  private readonly tmpDir: string;
  private readonly hashOutputs: boolean;

  /** `hashOutputs`: report each output's SHA-256 (populate records it; plain `deid` does not pay for it). */
  constructor(settings: DeidSettings, outRoot: string, hashOutputs = false) {
    this.deid = createDeidentifier(settings);
    this.outRoot = outRoot;
    this.hashOutputs = hashOutputs;
    // One folder per thread: creating and unlinking in a shared folder serialises the threads on its lock.
    this.tmpDir = join(partialDir(outRoot), String(threadId));
    privateDir(this.tmpDir);
  }

  private ensureDir(dir: string): void {
    if (this.madeDirs.has(dir)) return;
    privateDir(dir);
    this.madeDirs.add(dir);
  }

  process(item: WorkItem): FileOutcome {
    const base = { index: item.index, pathHash: this.deid.keyedHash.pathHash(item.path) };
    try {
      const source = readDicomFile(item.path, { scratch: this.scratch });
      const r = this.deid.deidentify(source, this.sink);
      if (!r.segments || !r.outputPath) return { ...base, status: r.status, reason: r.reason, output: null };
      const target = join(this.outRoot, r.outputPath);
      this.ensureDir(dirname(target));
      const from = source.streamed ? item.path : undefined;
      const sha256 = this.hashOutputs ? segmentsDigest(r.segments, from) : undefined;
      if (writeSegmentsAtomic(target, r.segments, from, 'keep', this.tmpDir) === 'exists' && fileDigest(target) !== (sha256 ?? segmentsDigest(r.segments, from))) {
        return { ...base, status: 'rejected', reason: 'DEID_DUPLICATE_INSTANCE: another input with the same SOP Instance UID produced a different output', output: null };
      }
      return {
        ...base, status: r.status, reason: r.reason, output: r.outputPath, ...(sha256 ? { sha256 } : {}),
        patient: r.patient ?? undefined, uids: r.uidPairs ? [...r.uidPairs] : undefined, counts: r.counts ?? undefined,
      };
    } catch (err) {
      const e = normalizeError(err);
      return { ...base, status: 'rejected', reason: `${e.code}: ${e.message}`, output: null };
    }
  }
}
