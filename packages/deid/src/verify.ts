import { isOncoAtlasError } from '@oncoatlas/core';
import {
  concatSegments, formatTag, isFileRange, keywordOf, parseDataSet, parsePart10, PIXEL_DATA, stringAt, syntaxOf,
  type DataSet, type Segment,
} from '@oncoatlas/dicom';
import { CODE_ATTRIBUTES } from './coded-entries.ts';
import type { Hit, NeedleIndex } from './identifier-scan.ts';

export type Verification =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'DEID_VERIFY_FAILED' | 'DEID_OUTPUT_INVALID'; readonly reason: string };

/** Binary numeric values cannot spell a name or an ID; scanning them only finds coincidences. */
const UNSCANNED_VRS = new Set(['US', 'SS', 'UL', 'SL', 'FL', 'FD', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV', 'AT', 'OW']);

const SOP_INSTANCE_UID = 0x00080018;
const MEDIA_SOP_INSTANCE_UID = 0x00020003;
const PATIENT_IDENTITY_REMOVED = 0x00120062;

/**
 * Re-parses an output and scans it for every identifying value of its input. Values are scanned element by
 * element at every depth, including encapsulated pixel fragments (a JPEG comment can hold a name); native
 * pixel data and binary numeric values are not. Streamed pixel data (large files) is not in memory and is
 * not scanned: it is copied byte for byte from the input.
 */
export function verifyOutput(segments: readonly Segment[], needles: NeedleIndex, scratch?: { take(size: number): Uint8Array }): Verification {
  const rangeAt = segments.findIndex(isFileRange);
  const head = concatSegments(rangeAt < 0 ? segments : segments.slice(0, rangeAt), scratch);
  let parsed;
  try {
    parsed = parsePart10(head, { stopAtPixelData: rangeAt >= 0 });
  } catch (err) {
    const code = isOncoAtlasError(err) ? err.code : 'INTERNAL';
    return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: `the output does not re-parse (${code})` };
  }
  const sets: [Uint8Array, DataSet][] = [[parsed.source, parsed.meta], [parsed.buffer, parsed.dataset]];
  if (rangeAt >= 0 && rangeAt < segments.length - 1) {
    const tail = concatSegments(segments.slice(rangeAt + 1));
    try {
      sets.push([tail, parseDataSet(tail, 0, tail.length, syntaxOf(parsed.transferSyntax))]);
    } catch {
      return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: 'the elements after the pixel data do not re-parse' };
    }
  }
  for (const [buf, ds] of sets) {
    const leak = scanDataSet(buf, ds, needles);
    if (leak) return { ok: false, code: 'DEID_VERIFY_FAILED', reason: leak };
  }
  const sop = stringAt(parsed.buffer, parsed.dataset, SOP_INSTANCE_UID);
  const media = stringAt(parsed.source, parsed.meta, MEDIA_SOP_INSTANCE_UID);
  if (sop !== undefined && sop !== media) {
    return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: 'MediaStorageSOPInstanceUID does not match SOPInstanceUID' };
  }
  if (stringAt(parsed.buffer, parsed.dataset, PATIENT_IDENTITY_REMOVED) !== 'YES') {
    return { ok: false, code: 'DEID_OUTPUT_INVALID', reason: 'PatientIdentityRemoved is not YES' };
  }
  return { ok: true };
}

function scanDataSet(buf: Uint8Array, ds: DataSet, needles: NeedleIndex, path = ''): string | undefined {
  for (const el of ds.elements) {
    // Built only when there is something to report: formatting a path per element cost more than the scan.
    const where = (): string => `${path}${keywordOf(el.tag)} ${formatTag(el.tag)}`;
    if (el.items) {
      for (const item of el.items) {
        const leak = scanDataSet(buf, item, needles, `${where()} > `);
        if (leak) return leak;
      }
      continue;
    }
    if (el.fragments) {
      for (const f of el.fragments) {
        const hit = needles.first(buf, f.valueOffset, f.valueOffset + f.length);
        if (hit) return describe(hit.needle.source, hit.needle.kind, `${where()} fragment`);
      }
      continue;
    }
    if (el.external || (el.tag === PIXEL_DATA && path === '') || UNSCANNED_VRS.has(el.vr)) continue;
    let hit: Hit | undefined;
    const coded = CODE_ATTRIBUTES.has(el.tag);
    needles.scan(buf, el.valueOffset, el.valueOffset + el.length, (h) => {
      // In a coded entry only a name, a date or a UID counts: a code meaning may equal a removed description.
      if (coded && (h.needle.kind === 'text' || h.needle.kind === 'id')) return false;
      hit = h;
      return true;
    });
    if (hit) return describe(hit.needle.source, hit.needle.kind, where());
  }
  return undefined;
}

/** Names the attributes, never the value: the reason goes to reports and logs. */
function describe(source: string, kind: string, where: string): string {
  return `identifying value (${kind}) of ${source} found in output ${where}`;
}

