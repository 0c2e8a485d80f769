import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { normalizeError, privateDir } from '@oncoatlas/core';
import type { Deidentifier } from '../deidentify.ts';
import { createDeidentifier, type DeidSettings } from '../settings.ts';
import { ByteSink, fileDigest, parsePart10, ReadScratch, readDicomFile, segmentsDigest, splitValues, stringAt, writeSegmentsAtomic } from '@oncoatlas/dicom';
import { AUTOMATIC_REDACTION_METHOD } from './redaction-method.ts';
import type { FileOutcome, WorkItem } from './messages.ts';

/** Whether the file at `path` is an output the Clean Pixel Data option redacted (its method in (0012,0063)). */
function ownRedaction(path: string): boolean {
  try {
    const f = parsePart10(readFileSync(path));
    return splitValues(stringAt(f.buffer, f.dataset, 0x00120063) ?? '').some((m) => m.trim() === AUTOMATIC_REDACTION_METHOD);
  } catch {
    return false;
  }
}

/**
 * Where files are written before they are linked into place; emptied at the start of every run. A caller
 * that shares the output root with other processes at once (a worker of the study queue) names its own
 * `scratch` folder inside it and empties only that.
 */
export function partialDir(outRoot: string, scratch?: string): string {
  return scratch === undefined ? join(outRoot, '.partial') : join(outRoot, '.partial', scratch);
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
  constructor(settings: DeidSettings, outRoot: string, hashOutputs = false, scratch?: string) {
    this.deid = createDeidentifier(settings);
    this.outRoot = outRoot;
    this.hashOutputs = hashOutputs;
    // One folder per thread: creating and unlinking in a shared folder serialises the threads on its lock.
    this.tmpDir = join(partialDir(outRoot, scratch), String(threadId));
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
      let written = sha256;
      if (writeSegmentsAtomic(target, r.segments, from, 'keep', this.tmpDir) === 'exists' && fileDigest(target) !== (sha256 ?? segmentsDigest(r.segments, from))) {
        // The Clean Pixel Data pass of a run killed before its commit redacted this very output: kept, for the pass
        // of this run to find again (it redacts it to the same bytes).
        if (!ownRedaction(target)) return { ...base, status: 'rejected', reason: 'DEID_DUPLICATE_INSTANCE: another input with the same SOP Instance UID produced a different output', output: null };
        if (written) written = fileDigest(target);
      }
      return {
        ...base, status: r.status, reason: r.reason, output: r.outputPath, ...(written ? { sha256: written } : {}),
        patient: r.patient ?? undefined, uids: r.uidPairs ? [...r.uidPairs] : undefined, counts: r.counts ?? undefined,
      };
    } catch (err) {
      const e = normalizeError(err);
      return { ...base, status: 'rejected', reason: `${e.code}: ${e.message}`, output: null };
    }
  }
}
