import { oncoError } from '@oncoatlas/core';
import type { DataSet, Element, EncodingSyntax, Fragment } from './dataset.ts';
import { IMPLICIT_LE } from './dataset.ts';
import { implicitVR } from './dictionary.ts';
import { formatTag, ITEM, ITEM_DELIMITATION, PIXEL_DATA, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH } from './tag.ts';
import { hasLongLength, vrFromBytes, type VR } from './vr.ts';

/*
 * Our own dataset parser rather than dicom-parser: it produces offsets only (no per-element strings), reads
 * big endian and undefined-length UN as PS3.5 6.2.2 requires, stops at pixel data so a 2 GB file is never
 * loaded, and fails with typed codes instead of string errors. bench/ records the parse time against
 * dicom-parser's parseDicom on the same headers; dicom-parser remains the oracle in the parser's tests.
 */

export interface ParseOptions {
  /** At the top level, stop at (7FE0,0010): record its header as an external element and parse no further. */
  readonly stopAtPixelData?: boolean;
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 32;

interface Context {
  readonly buf: Uint8Array;
  readonly end: number;
  readonly stopAtPixelData: boolean;
  readonly maxDepth: number;
  stopped: boolean;
}

function u16(b: Uint8Array, p: number, le: boolean): number {
  return le ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!;
}

export function readUint32(b: Uint8Array, p: number, le: boolean): number {
  return le
    ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
    : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}

export function readTagAt(b: Uint8Array, p: number, le: boolean): number {
  return ((u16(b, p, le) << 16) | u16(b, p + 2, le)) >>> 0;
}

function truncated(ctx: Context, at: number, what: string, t?: number): never {
  throw oncoError('DICOM_TRUNCATED', `The file ends inside ${what}${t === undefined ? '' : ` ${formatTag(t)}`}.`, {
    offset: at,
    tag: t === undefined ? undefined : formatTag(t),
    size: ctx.end,
  });
}

function malformed(message: string, at: number, t?: number): never {
  throw oncoError('DICOM_MALFORMED', message, { offset: at, tag: t === undefined ? undefined : formatTag(t) });
}

/**
 * Parses a dataset from `offset` to `end` of `buf`. With stopAtPixelData, the returned dataset ends at the
 * pixel data element, which is marked `external` (its value is not in `buf`, or not needed from it).
 */
export function parseDataSet(
  buf: Uint8Array,
  offset: number,
  end: number,
  syntax: EncodingSyntax,
  options: ParseOptions = {},
): DataSet {
  const ctx: Context = {
    buf,
    end,
    stopAtPixelData: options.stopAtPixelData ?? false,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    stopped: false,
  };
  const elements: Element[] = [];
  const stop = parseElements(ctx, elements, offset, end, false, syntax, 0);
  return { elements, offset, end: stop, itemOffset: offset, undefinedLength: false, syntax };
}

/** Parses elements into `out`; returns the offset after the last one (after the item delimiter if any). */
function parseElements(
  ctx: Context,
  out: Element[],
  start: number,
  limit: number,
  untilItemDelimiter: boolean,
  syntax: EncodingSyntax,
  depth: number,
): number {
  const b = ctx.buf;
  const le = syntax.littleEndian;
  const explicit = syntax.explicitVR;
  let p = start;
  while (p < limit) {
    if (p + 8 > ctx.end) truncated(ctx, p, 'an element header');
    const t = readTagAt(b, p, le);
    if (t === ITEM_DELIMITATION) {
      if (untilItemDelimiter) return p + 8;
      if (depth === 0) { p += 8; continue; } // a stray delimiter at the top level: tolerated as dcmtk does
      malformed('Unexpected item delimitation item.', p, t);
    }
    if (t === ITEM || t === SEQUENCE_DELIMITATION) malformed('An item or sequence delimiter where an element was expected.', p, t);

    let vr: VR;
    let length: number;
    let valueOffset: number;
    if (explicit) {
      const v = vrFromBytes(b[p + 4]!, b[p + 5]!);
      if (v === undefined) malformed(`Invalid VR bytes in element ${formatTag(t)} of an explicit VR dataset.`, p, t);
      vr = v;
      if (hasLongLength(vr)) {
        if (p + 12 > ctx.end) truncated(ctx, p, 'the header of element', t);
        length = readUint32(b, p + 8, le);
        valueOffset = p + 12;
      } else {
        length = u16(b, p + 6, le);
        valueOffset = p + 8;
      }
    } else {
      vr = implicitVR(t);
      length = readUint32(b, p + 4, le);
      valueOffset = p + 8;
    }

    if (t === PIXEL_DATA && depth === 0 && ctx.stopAtPixelData) {
      out.push({ tag: t, vr, offset: p, valueOffset, length, end: -1, items: null, fragments: null, external: true });
      ctx.stopped = true;
      return p;
    }

    let element: Element;
    if (vr === 'SQ' || (length === UNDEFINED_LENGTH && t !== PIXEL_DATA && (vr === 'UN' || (!explicit && vr !== 'OB' && vr !== 'OW')))) {
      // An undefined-length UN (or an unknown implicit element) is a sequence encoded in implicit VR LE (PS3.5 6.2.2).
      const itemSyntax = vr === 'SQ' ? syntax : IMPLICIT_LE;
      if (depth + 1 > ctx.maxDepth) throw oncoError('DICOM_TOO_DEEP', `Sequences nest deeper than ${ctx.maxDepth} levels.`, { offset: p, tag: formatTag(t) });
      const items: DataSet[] = [];
      const sqEnd = parseItems(ctx, items, t, valueOffset, length, limit, itemSyntax, depth + 1);
      element = { tag: t, vr: vr === 'SQ' ? 'SQ' : vr, offset: p, valueOffset, length, end: sqEnd, items, fragments: null, external: false };
    } else if (length === UNDEFINED_LENGTH) {
      const fragments: Fragment[] = [];
      const fEnd = parseFragments(ctx, fragments, t, valueOffset, le);
      element = { tag: t, vr, offset: p, valueOffset, length, end: fEnd, items: null, fragments, external: false };
    } else {
      const vEnd = valueOffset + length;
      if (vEnd > limit) {
        if (vEnd > ctx.end && limit >= ctx.end) truncated(ctx, p, 'the value of element', t);
        malformed(`Element ${formatTag(t)} is longer than the item or file that holds it.`, p, t);
      }
      element = { tag: t, vr, offset: p, valueOffset, length, end: vEnd, items: null, fragments: null, external: false };
    }
    out.push(element);
    p = element.end;
  }
  if (untilItemDelimiter) {
    if (limit >= ctx.end) truncated(ctx, p, 'an undefined-length item (no item delimiter)');
    malformed('An undefined-length item has no item delimiter before the end of its sequence.', p);
  }
  return p;
}

function parseItems(
  ctx: Context,
  items: DataSet[],
  sqTag: number,
  valueOffset: number,
  length: number,
  parentLimit: number,
  syntax: EncodingSyntax,
  depth: number,
): number {
  const b = ctx.buf;
  const le = syntax.littleEndian;
  const undefinedLength = length === UNDEFINED_LENGTH;
  const limit = undefinedLength ? parentLimit : valueOffset + length;
  if (!undefinedLength && limit > parentLimit) {
    if (limit > ctx.end && parentLimit >= ctx.end) truncated(ctx, valueOffset, 'sequence', sqTag);
    malformed(`Sequence ${formatTag(sqTag)} is longer than the item or file that holds it.`, valueOffset, sqTag);
  }
  let p = valueOffset;
  for (;;) {
    if (!undefinedLength && p >= limit) return limit;
    if (p + 8 > ctx.end) truncated(ctx, p, 'sequence', sqTag);
    const t = readTagAt(b, p, le);
    const itemLength = readUint32(b, p + 4, le);
    if (t === SEQUENCE_DELIMITATION) {
      if (undefinedLength) return p + 8;
      malformed(`Sequence delimiter inside defined-length sequence ${formatTag(sqTag)}.`, p, sqTag);
    }
    if (t !== ITEM) malformed(`Sequence ${formatTag(sqTag)} holds something other than an item.`, p, sqTag);
    const start = p + 8;
    const elements: Element[] = [];
    let itemEnd: number;
    if (itemLength === UNDEFINED_LENGTH) {
      itemEnd = parseElements(ctx, elements, start, limit, true, syntax, depth);
      items.push({ elements, offset: start, end: itemEnd - 8, itemOffset: p, undefinedLength: true, syntax });
    } else {
      itemEnd = start + itemLength;
      if (itemEnd > limit) {
        if (itemEnd > ctx.end && limit >= ctx.end) truncated(ctx, p, 'an item of sequence', sqTag);
        malformed(`An item of ${formatTag(sqTag)} is longer than its sequence.`, p, sqTag);
      }
      parseElements(ctx, elements, start, itemEnd, false, syntax, depth);
      items.push({ elements, offset: start, end: itemEnd, itemOffset: p, undefinedLength: false, syntax });
    }
    p = itemEnd;
  }
}

function parseFragments(ctx: Context, out: Fragment[], t: number, valueOffset: number, le: boolean): number {
  const b = ctx.buf;
  let p = valueOffset;
  for (;;) {
    if (p + 8 > ctx.end) truncated(ctx, p, 'the fragments of element', t);
    const ft = readTagAt(b, p, le);
    const len = readUint32(b, p + 4, le);
    if (ft === SEQUENCE_DELIMITATION) return p + 8;
    if (ft !== ITEM) malformed(`Encapsulated ${formatTag(t)} holds something other than a fragment item.`, p, t);
    if (len === UNDEFINED_LENGTH) malformed(`A fragment of ${formatTag(t)} has an undefined length.`, p, t);
    if (p + 8 + len > ctx.end) truncated(ctx, p, 'a fragment of element', t);
    out.push({ offset: p, valueOffset: p + 8, length: len });
    p += 8 + len;
  }
}
