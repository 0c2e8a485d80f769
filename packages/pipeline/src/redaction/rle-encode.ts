/**
 * RLE Lossless encoding (PS3.5 Annex G), the inverse of ../review/rle-decode.ts: a redacted RLE image stays
 * RLE, bit for bit lossless. Written here because no maintained JavaScript package encodes DICOM RLE (dcmjs and
 * the cornerstone codecs decode it only), and PackBits over byte planes is a page of code.
 */

/**
 * PackBits of `count` bytes read at `src[start], src[start + stride], ...` into `out` from `o`; returns the new
 * end. Runs of three or more equal bytes are replicated, the rest literal, at most 128 bytes a run (G.3.1).
 */
function packRow(src: Uint8Array, start: number, stride: number, count: number, out: Uint8Array, o: number): number {
  const byte = (k: number): number => src[start + k * stride]!;
  let i = 0;
  while (i < count) {
    let run = 1;
    while (i + run < count && run < 128 && byte(i + run) === byte(i)) run++;
    if (run >= 3) {
      out[o++] = 257 - run;
      out[o++] = byte(i);
      i += run;
      continue;
    }
    // A literal run ends where a replicate run of three begins, at the row's end, or at 128 bytes.
    const from = i;
    while (i < count && i - from < 128 && !(i + 2 < count && byte(i) === byte(i + 1) && byte(i) === byte(i + 2))) i++;
    out[o++] = i - from - 1;
    for (let k = from; k < i; k++) out[o++] = byte(k);
  }
  return o;
}

/**
 * Encodes one frame laid out as decodeRleFrame returns it (little-endian samples, colour by plane): one segment
 * per byte plane, most significant byte of each sample first, each row packed on its own (G.3.1: runs do not
 * cross rows), each segment padded to an even length (G.5).
 */
export function encodeRleFrame(frame: Uint8Array, rows: number, columns: number, samples: number, bytesPerSample: number): Uint8Array {
  const pixels = rows * columns;
  const segments: Uint8Array[] = [];
  for (let seg = 0; seg < samples * bytesPerSample; seg++) {
    const sample = Math.floor(seg / bytesPerSample);
    const byte = bytesPerSample - 1 - (seg % bytesPerSample);
    // Worst case: every 128 bytes of a row cost one header byte more.
    const out = new Uint8Array(rows * (columns + Math.ceil(columns / 128)) + 1);
    let o = 0;
    for (let r = 0; r < rows; r++) o = packRow(frame, sample * pixels * bytesPerSample + r * columns * bytesPerSample + byte, bytesPerSample, columns, out, o);
    if (o % 2) out[o++] = 0;
    segments.push(out.subarray(0, o));
  }
  const total = 64 + segments.reduce((n, s) => n + s.length, 0);
  const result = new Uint8Array(total);
  const header = new DataView(result.buffer);
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    result.set(s, offset);
    offset += s.length;
  });
  return result;
}
