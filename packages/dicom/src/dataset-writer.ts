import type { ByteSink } from './byte-sink.ts';
import type { DataSet, Element, EncodingSyntax } from './dataset.ts';
import { ITEM, ITEM_DELIMITATION, PIXEL_DATA, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH, type Tag } from './tag.ts';
import { hasLongLength, paddingByte, type VR } from './vr.ts';

/** Copy the element's bytes unchanged. Never use for sequences that may hold identifying items. */
export const KEEP = 0;
export const REMOVE = 1;
/** Write the sequence, passing every item's elements through the editor. */
export const RECURSE = 2;
/** Keep the element with a zero-length value (an empty sequence for SQ). */
export const EMPTY = 3;

export interface ValueEdit {
  /** New value bytes, without padding: the writer pads to even length with the VR's padding byte. */
  readonly value: Uint8Array;
  readonly vr?: VR;
}

export type Edit = typeof KEEP | typeof REMOVE | typeof RECURSE | typeof EMPTY | ValueEdit;

/** An element that the editor adds to a dataset (merged in tag order; replaces an existing one of that tag). */
export interface NewElement {
  readonly tag: Tag;
  readonly vr: VR;
  readonly value?: Uint8Array;
  readonly items?: readonly (readonly NewElement[])[];
}

export interface DataSetEditor {
  /** `parents` are the sequence elements enclosing `ds`, outermost first (empty at the top level). */
  edit(el: Element, buf: Uint8Array, ds: DataSet, parents: readonly Element[]): Edit;
  additions?(ds: DataSet, buf: Uint8Array, parents: readonly Element[]): readonly NewElement[] | undefined;
}

export function writeElementHeader(sink: ByteSink, t: Tag, vr: VR, length: number, syntax: EncodingSyntax): void {
  const le = syntax.littleEndian;
  sink.u16(t >>> 16, le);
  sink.u16(t & 0xffff, le);
  if (!syntax.explicitVR) {
    sink.u32(length, le);
    return;
  }
  sink.u8(vr.charCodeAt(0));
  sink.u8(vr.charCodeAt(1));
  if (hasLongLength(vr)) {
    sink.u16(0, le);
    sink.u32(length, le);
  } else {
    sink.u16(length, le);
  }
}

function writeValue(sink: ByteSink, t: Tag, vr: VR, value: Uint8Array, syntax: EncodingSyntax): void {
  const odd = value.length % 2;
  writeElementHeader(sink, t, vr, value.length + odd, syntax);
  sink.bytes(value);
  if (odd) sink.u8(paddingByte(vr));
}

function writeItemHeader(sink: ByteSink, length: number, le: boolean): void {
  sink.u16(0xfffe, le);
  sink.u16(0xe000, le);
  sink.u32(length, le);
}

function writeDelimiter(sink: ByteSink, t: Tag, le: boolean): void {
  sink.u16(t >>> 16, le);
  sink.u16(t & 0xffff, le);
  sink.u32(0, le);
}

export function writeNewElement(sink: ByteSink, el: NewElement, syntax: EncodingSyntax): void {
  if (el.items) {
    const le = syntax.littleEndian;
    writeElementHeader(sink, el.tag, 'SQ', UNDEFINED_LENGTH, syntax);
    for (const item of el.items) {
      writeItemHeader(sink, UNDEFINED_LENGTH, le);
      for (const child of item) writeNewElement(sink, child, syntax);
      writeDelimiter(sink, ITEM_DELIMITATION, le);
    }
    writeDelimiter(sink, SEQUENCE_DELIMITATION, le);
    return;
  }
  writeValue(sink, el.tag, el.vr, el.value ?? new Uint8Array(0), syntax);
}

/**
 * Writes `ds` through `editor` in the dataset's own encoding. Unchanged elements are copied as byte ranges;
 * sequences keep their defined or undefined length style, with defined lengths recomputed.
 */
export function writeDataSet(
  sink: ByteSink,
  buf: Uint8Array,
  ds: DataSet,
  editor: DataSetEditor,
  parents: Element[] = [],
): void {
  const syntax = ds.syntax;
  const additions = editor.additions?.(ds, buf, parents);
  let a = 0;
  const nAdd = additions?.length ?? 0;
  // Kept elements that follow each other in the input are copied as one range: most of a dataset is kept,
  // and one copy per run costs less than one per element (the output bytes are the same). Pixel data stays a
  // range of its own, where verification finds it by its first bytes and skips its value (verify.ts).
  let runStart = 0;
  let runEnd = 0;
  for (const el of ds.elements) {
    if (a < nAdd && additions![a]!.tag <= el.tag) {
      if (runEnd > runStart) { sink.bytes(buf, runStart, runEnd); runStart = runEnd; }
      while (a < nAdd && additions![a]!.tag < el.tag) writeNewElement(sink, additions![a++]!, syntax);
      if (a < nAdd && additions![a]!.tag === el.tag) {
        writeNewElement(sink, additions![a++]!, syntax);
        continue;
      }
    }
    const edit = editor.edit(el, buf, ds, parents);
    if (edit === KEEP && !el.external && el.tag !== PIXEL_DATA) {
      if (el.offset !== runEnd) {
        if (runEnd > runStart) sink.bytes(buf, runStart, runEnd);
        runStart = el.offset;
      }
      runEnd = el.end;
      continue;
    }
    if (edit === REMOVE) continue;
    if (runEnd > runStart) { sink.bytes(buf, runStart, runEnd); runStart = runEnd; }
    if (edit === KEEP) {
      if (el.external) {
        // Streamed pixel data: the header is in memory, the value is copied from the source file.
        sink.bytes(buf, el.offset, el.valueOffset);
        sink.fileRange(el.valueOffset, el.end);
      } else sink.bytes(buf, el.offset, el.end);
    } else if (edit === EMPTY) {
      writeElementHeader(sink, el.tag, el.vr, 0, syntax);
    } else if (edit === RECURSE) {
      if (el.items === null) sink.bytes(buf, el.offset, el.end);
      else writeSequence(sink, buf, el, editor, parents, syntax);
    } else {
      writeValue(sink, el.tag, edit.vr ?? el.vr, edit.value, syntax);
    }
  }
  if (runEnd > runStart) sink.bytes(buf, runStart, runEnd);
  while (a < nAdd) writeNewElement(sink, additions![a++]!, syntax);
}

function writeSequence(
  sink: ByteSink,
  buf: Uint8Array,
  el: Element,
  editor: DataSetEditor,
  parents: Element[],
  syntax: EncodingSyntax,
): void {
  const le = syntax.littleEndian;
  const undefinedLength = el.length === UNDEFINED_LENGTH;
  // An undefined-length UN sequence stays UN with implicit VR LE items, exactly as it was read.
  writeElementHeader(sink, el.tag, el.vr, undefinedLength ? UNDEFINED_LENGTH : 0, syntax);
  const lengthAt = undefinedLength ? -1 : sink.length - 4;
  const start = sink.length;
  parents.push(el);
  for (const item of el.items!) {
    const ile = item.syntax.littleEndian;
    writeItemHeader(sink, item.undefinedLength ? UNDEFINED_LENGTH : 0, ile);
    const itemLengthAt = item.undefinedLength ? -1 : sink.length - 4;
    const itemStart = sink.length;
    writeDataSet(sink, buf, item, editor, parents);
    if (item.undefinedLength) writeDelimiter(sink, ITEM_DELIMITATION, ile);
    else sink.patchU32(itemLengthAt, sink.length - itemStart, ile);
  }
  parents.pop();
  if (undefinedLength) writeDelimiter(sink, SEQUENCE_DELIMITATION, le);
  else sink.patchU32(lengthAt, sink.length - start, le);
}

