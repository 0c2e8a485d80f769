/**
 * RLE Lossless (PS3.5 Annex G), the one compressed syntax simple enough to decode here: a frame is a 64-byte
 * header (segment count, then up to 15 segment offsets) and one PackBits segment per byte plane, most
 * significant byte of each sample first. The result is laid out as native little-endian samples, colour by
 * plane (Planar Configuration 1), so the preview reads it like any uncompressed frame.
 */
import { oncoError } from '@oncoatlas/core';

function unavailable(why: string): never {
  throw oncoError('PREVIEW_UNAVAILABLE', `No preview: the RLE Lossless frame ${why}.`);
}

/** One PackBits segment into `out[at], out[at + stride], ...`, `count` bytes; a short segment leaves zeros. */
function unpackSegment(src: Uint8Array, start: number, end: number, out: Uint8Array, at: number, stride: number, count: number): void {
  let p = start;
  let written = 0;
  while (p < end && written < count) {
    const n = src[p++]!;
    if (n < 128) {
      // A literal run of n + 1 bytes.
      const take = Math.min(n + 1, count - written, end - p);
      for (let k = 0; k < take; k++) out[at + (written++) * stride] = src[p + k]!;
      p += n + 1;
    } else if (n > 128) {
      // A replicate run: the next byte 257 - n times.
      if (p >= end) break;
      const v = src[p++]!;
      const take = Math.min(257 - n, count - written);
      for (let k = 0; k < take; k++) out[at + (written++) * stride] = v;
    }
    // 128 is a no-op by the PackBits definition.
  }
}

/**
 * Decodes one RLE frame of `pixels` pixels with `samples` samples of `bytesPerSample` bytes each into
 * little-endian, plane-by-plane samples.
 */
export function decodeRleFrame(frame: Uint8Array, pixels: number, samples: number, bytesPerSample: number): Uint8Array {
  if (frame.length < 64) unavailable('is shorter than its 64-byte header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== samples * bytesPerSample) unavailable(`has ${segments} segments where ${samples * bytesPerSample} were expected`);
  const out = new Uint8Array(pixels * samples * bytesPerSample);
  for (let seg = 0; seg < segments; seg++) {
    const start = view.getUint32(4 + seg * 4, true);
    const end = seg + 1 < segments ? view.getUint32(8 + seg * 4, true) : frame.length;
    if (start < 64 || start > frame.length || end < start || end > frame.length) unavailable('has a segment offset outside the frame');
    const sample = Math.floor(seg / bytesPerSample);
    // Segments come most significant byte first; little-endian output puts that byte last.
    const byte = bytesPerSample - 1 - (seg % bytesPerSample);
    unpackSegment(frame, start, end, out, sample * pixels * bytesPerSample + byte, bytesPerSample, pixels);
  }
  return out;
}
