/**
 * RLE Lossless (PS3.5 Annex G) for 16-bit monochrome frames: a 64-byte header with the segment offsets,
 * then one PackBits segment per byte plane, most significant first. Real, decodable data, so the
 * encapsulated fixtures are what a scanner would send.
 */
export function rleFrame(pixels: readonly number[], rows: number, cols: number): Uint8Array {
  const high: number[] = [];
  const low: number[] = [];
  for (const v of pixels) { high.push((v >>> 8) & 0xff); low.push(v & 0xff); }
  const segments = [high, low].map((plane) => packBits(plane, rows, cols));
  const header = Buffer.alloc(64);
  header.writeUInt32LE(segments.length, 0);
  let offset = 64;
  segments.forEach((seg, i) => {
    header.writeUInt32LE(offset, 4 + i * 4);
    offset += seg.length;
  });
  const out = Buffer.concat([header, ...segments]);
  return out.length % 2 ? Buffer.concat([out, Buffer.alloc(1)]) : out;
}

/** PackBits, row by row (runs never cross a row): replicate runs for repeats, literal runs otherwise. */
function packBits(plane: readonly number[], rows: number, cols: number): Buffer {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = plane.slice(r * cols, (r + 1) * cols);
    let i = 0;
    while (i < row.length) {
      let run = 1;
      while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
      if (run >= 3) {
        out.push(257 - run, row[i]!);
        i += run;
        continue;
      }
      const start = i;
      while (i < row.length && i - start < 128 && !(i + 2 < row.length && row[i] === row[i + 1] && row[i] === row[i + 2])) i++;
      out.push(i - start - 1, ...row.slice(start, i));
    }
  }
  return Buffer.from(out);
}
