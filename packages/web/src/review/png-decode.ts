/**
 * Reads the node's lossless PNGs of held images into their samples. The browser's own decoders (img,
 * createImageBitmap) give 8 bits a channel, which would throw away the CT values window/level needs; this keeps
 * 16-bit grey whole. Only what the node writes: 8/16-bit grey or 8-bit RGB, not interlaced. The zlib stream is
 * inflated by the platform (DecompressionStream), so no decoder library ships in the bundle.
 */

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly bitDepth: 8 | 16;
  /** Row by row, channels interleaved. */
  readonly samples: Uint8Array | Uint16Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec 9) in place of a copy; `bpp` is bytes per pixel. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[row + i - bpp]! : 0;
      const b = y > 0 ? out[prev + i]! : 0;
      const c = y > 0 && i >= bpp ? out[prev + i - bpp]! : 0;
      const x = raw[src + i]!;
      switch (type) {
        case 0: out[row + i] = x; break;
        case 1: out[row + i] = x + a; break;
        case 2: out[row + i] = x + b; break;
        case 3: out[row + i] = x + ((a + b) >> 1); break;
        case 4: out[row + i] = x + paeth(a, b, c); break;
        default: throw new Error(`The image has an unknown PNG row filter ${type}.`);
      }
    }
  }
  return out;
}

export async function decodePng(bytes: Uint8Array): Promise<DecodedPng> {
  if (bytes.length < 33 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error('The node sent something that is not a PNG.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24]!;
  const colourType = bytes[25]!;
  if (bytes[28] !== 0) throw new Error('Interlaced PNGs are not read here.');
  if (!((colourType === 0 && (depth === 8 || depth === 16)) || (colourType === 2 && depth === 8))) throw new Error(`A PNG of colour type ${colourType} at ${depth} bits is not read here.`);
  const parts: Uint8Array[] = [];
  for (let p = 8; p + 8 <= bytes.length;) {
    const length = view.getUint32(p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    if (type === 'IDAT') parts.push(bytes.subarray(p + 8, p + 8 + length));
    if (type === 'IEND') break;
    p += 12 + length;
  }
  const zipped = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  parts.reduce((at, x) => { zipped.set(x, at); return at + x.length; }, 0);
  const channels = colourType === 2 ? 3 : 1;
  const bytesPerSample = depth / 8;
  const stride = width * channels * bytesPerSample;
  const raw = await inflate(zipped);
  if (raw.length < height * (stride + 1)) throw new Error('The PNG holds fewer rows than it says.');
  const data = unfilter(raw, height, stride, channels * bytesPerSample);
  if (depth === 8) return { width, height, channels, bitDepth: 8, samples: data };
  // 16-bit samples are big endian in PNG.
  const samples = new Uint16Array(width * height * channels);
  for (let i = 0; i < samples.length; i++) samples[i] = (data[2 * i]! << 8) | data[2 * i + 1]!;
  return { width, height, channels, bitDepth: 16, samples };
}
