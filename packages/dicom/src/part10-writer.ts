import { deflateRawSync } from 'node:zlib';
import { ByteSink, concatSegments } from './byte-sink.ts';
import { EXPLICIT_LE, type DataSet } from './dataset.ts';
import { writeDataSet, writeNewElement, type DataSetEditor, type NewElement } from './dataset-writer.ts';
import type { DicomFile } from './part10-reader.ts';

export interface Part10Write {
  /** The complete new File Meta Information, group length excluded (the writer computes it). */
  readonly meta: readonly NewElement[];
  readonly editor: DataSetEditor;
  /** Elements after streamed pixel data, with the buffer their offsets refer to. */
  readonly tail?: { readonly buffer: Uint8Array; readonly dataset: DataSet };
}

const DICM = new Uint8Array([0x44, 0x49, 0x43, 0x4d]);

/**
 * Writes a Part 10 file: a zeroed preamble (a preamble may hold a TIFF header or other content we cannot
 * vouch for), the given meta header, then the dataset in its original transfer syntax (re-deflated if it
 * was deflated), so pixel data and everything kept stay byte-identical.
 */
export function writePart10(sink: ByteSink, file: DicomFile, out: Part10Write): void {
  sink.fill(0, 128);
  sink.bytes(DICM);
  // (0002,0000) File Meta Information Group Length, UL, patched once the meta elements are written.
  sink.u16(0x0002, true); sink.u16(0x0000, true); sink.u8(0x55); sink.u8(0x4c); sink.u16(4, true);
  const lengthAt = sink.placeholderU32(true);
  const metaStart = sink.length;
  for (const el of out.meta) writeNewElement(sink, el, EXPLICIT_LE);
  sink.patchU32(lengthAt, sink.length - metaStart, true);

  if (file.transferSyntax.deflated) {
    const inner = new ByteSink(Math.max(1024, file.buffer.length + 1024));
    writeDataSet(inner, file.buffer, file.dataset, out.editor);
    sink.bytes(deflateRawSync(concatSegments(inner.finish())));
    return;
  }
  writeDataSet(sink, file.buffer, file.dataset, out.editor);
  if (out.tail) writeDataSet(sink, out.tail.buffer, out.tail.dataset, out.editor);
}
