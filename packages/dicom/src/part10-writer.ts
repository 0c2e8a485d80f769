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

export interface FileMetaFields {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  readonly implementationClassUid: string;
  readonly implementationVersionName: string;
  /** (0002,0016) Source Application Entity Title, for files received over the network. */
  readonly sourceAeTitle?: string;
}

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/**
 * A file's own File Meta Information as elements to write again (group length excluded: the writer computes it),
 * with another Transfer Syntax UID when the rewrite changes the encoding.
 */
export function fileMetaOf(f: DicomFile, transferSyntaxUid?: string): NewElement[] {
  return f.meta.elements.filter((e) => e.tag !== 0x00020000).map((e) => ({
    tag: e.tag, vr: e.vr, value: e.tag === 0x00020010 && transferSyntaxUid ? latin1(transferSyntaxUid) : f.source.subarray(e.valueOffset, e.valueOffset + e.length),
  }));
}

/** The File Meta Information elements (PS3.10 7.1) of a file we write; group length excluded. */
export function fileMetaInformation(m: FileMetaFields): NewElement[] {
  const meta: NewElement[] = [
    { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: latin1(m.sopClassUid) },
    { tag: 0x00020003, vr: 'UI', value: latin1(m.sopInstanceUid) },
    { tag: 0x00020010, vr: 'UI', value: latin1(m.transferSyntaxUid) },
    { tag: 0x00020012, vr: 'UI', value: latin1(m.implementationClassUid) },
    { tag: 0x00020013, vr: 'SH', value: latin1(m.implementationVersionName) },
  ];
  if (m.sourceAeTitle !== undefined) meta.push({ tag: 0x00020016, vr: 'AE', value: latin1(m.sourceAeTitle) });
  return meta;
}

/** Zeroed preamble, 'DICM' and the meta group with its group length, always explicit VR little endian. */
export function writeFileMeta(sink: ByteSink, meta: readonly NewElement[]): void {
  sink.fill(0, 128);
  sink.bytes(DICM);
  // (0002,0000) File Meta Information Group Length, UL, patched once the meta elements are written.
  sink.u16(0x0002, true); sink.u16(0x0000, true); sink.u8(0x55); sink.u8(0x4c); sink.u16(4, true);
  const lengthAt = sink.placeholderU32(true);
  const metaStart = sink.length;
  for (const el of meta) writeNewElement(sink, el, EXPLICIT_LE);
  sink.patchU32(lengthAt, sink.length - metaStart, true);
}

/** The bytes a Part 10 file starts with, for writers that stream the dataset after it (the C-STORE receiver). */
export function part10Header(meta: readonly NewElement[]): Uint8Array {
  const sink = new ByteSink(512);
  writeFileMeta(sink, meta);
  return concatSegments(sink.finish());
}

/**
 * Writes a Part 10 file: a zeroed preamble (a preamble may hold a TIFF header or other content we cannot
 * vouch for), the given meta header, then the dataset in its original transfer syntax (re-deflated if it
 * was deflated), so pixel data and everything kept stay byte-identical.
 */
export function writePart10(sink: ByteSink, file: DicomFile, out: Part10Write): void {
  writeFileMeta(sink, out.meta);

  if (file.transferSyntax.deflated) {
    const inner = new ByteSink(Math.max(1024, file.buffer.length + 1024));
    writeDataSet(inner, file.buffer, file.dataset, out.editor);
    sink.bytes(deflateRawSync(concatSegments(inner.finish())));
    return;
  }
  writeDataSet(sink, file.buffer, file.dataset, out.editor);
  if (out.tail) writeDataSet(sink, out.tail.buffer, out.tail.dataset, out.editor);
}
