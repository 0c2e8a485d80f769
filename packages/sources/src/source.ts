/**
 * One interface for every place studies come from (a folder export, a DICOMDIR, a DICOMweb server, the
 * C-STORE receiver's inbox), so the pipeline does not care how an instance arrived — as cornerstone3D's
 * metadata providers do not care whether attributes came from Part 10 or DICOMweb JSON.
 *
 * A source yields items one at a time. An instance's bytes are a stream that must be consumed (or
 * destroyed) before the next item is pulled: a DICOMweb multipart response is read as it arrives and never
 * held whole in memory. A problem with one entry (unreadable file, broken part, missing DICOMDIR target) is
 * yielded as a `problem` item and the source goes on; only a failure of the whole source (server
 * unreachable, credentials refused, folder missing) is thrown, as an OncoAtlasError.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { OncoAtlasError } from '@oncoatlas/core';

export type SourceKind = 'folder' | 'dicomdir' | 'dicomweb' | 'cstore';

export interface SourceInstance {
  readonly kind: 'instance';
  /**
   * Where the instance came from: a file path or a URL. It may contain identifiers (hospitals name folders
   * after patients), so it stays on the node: never log it, never put it in a report.
   */
  readonly origin: string;
  /** Size in bytes when the source knows it before reading. */
  readonly size?: number;
  /** UIDs when the source knows them before reading (DICOMweb metadata, DICOMDIR records). */
  readonly studyInstanceUid?: string;
  readonly sopInstanceUid?: string;
  /** The Part 10 bytes (preamble, DICM, meta header, dataset). Read it once. */
  readonly content: Readable;
  /**
   * Set when the instance is a local file: a consumer may read the file directly instead of `content` (a
   * synchronous read of a small file costs a fraction of a stream's set-up), and then never touches `content`.
   */
  readonly localPath?: string;
  /**
   * The whole file, when the source already read it (a folder reads files of ordinary size as it walks): a
   * consumer uses these bytes instead of reading `localPath` or `content` again.
   */
  readonly bytes?: Uint8Array;
}

export interface SourceProblem {
  readonly kind: 'problem';
  readonly origin: string;
  readonly error: OncoAtlasError;
}

export type SourceItem = SourceInstance | SourceProblem;

export interface StudySource {
  readonly kind: SourceKind;
  /** Every instance the source holds (or, for incremental sources, every instance new since the last sync). */
  items(signal?: AbortSignal): AsyncIterable<SourceItem>;
  /**
   * A source of local files may list them without opening them, so a consumer can open and read them on its own
   * threads (`openLocalFile`), skipping a file whose identity it has seen; `items` yields the same files in the
   * same order.
   */
  localFiles?(signal?: AbortSignal): Iterable<string | SourceProblem>;
}

/** Reads a whole instance stream into memory; for tests and small instances only. */
export async function readAll(content: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * An instance read from a file. The stream is opened only when `content` is first read, so a consumer that
 * skips an instance (already integrated, filtered out) costs no file descriptor.
 */
export function fileInstance(path: string, size: number, uids: { studyInstanceUid?: string; sopInstanceUid?: string } = {}, bytes?: Uint8Array): SourceInstance {
  let stream: Readable | undefined;
  return {
    kind: 'instance',
    origin: path,
    size,
    localPath: path,
    ...uids,
    ...(bytes ? { bytes } : {}),
    get content(): Readable {
      stream ??= bytes ? Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) : createReadStream(path);
      return stream;
    },
  };
}
