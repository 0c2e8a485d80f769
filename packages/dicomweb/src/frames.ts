/**
 * Frames of uncompressed pixel data for WADO-RS `frames/{list}` (PS3.18 8.3.5.1.3): each frame's bytes as a
 * separate part, little endian (a big endian file's words are swapped), 1-bit frames (SEG) re-packed from bit
 * 0 when a frame does not start on a byte. Encapsulated pixel data is not cut into frames here: the versions a
 * node releases are uncompressed, and a compressed frame would need its own media type.
 */
import { oncoError } from '@oncoatlas/core';
import { asciiValue, findElement, PIXEL_DATA, uint16Value, type DicomFile } from '@oncoatlas/dicom';
import { swapWords } from './byte-order.ts';
import { NOT_ACCEPTABLE } from './multipart.ts';

const T = { samples: 0x00280002, frames: 0x00280008, rows: 0x00280010, columns: 0x00280011, bitsAllocated: 0x00280100 } as const;

interface FrameLayout {
  readonly frames: number;
  /** Bits of one frame: rows × columns × samples × bits allocated. */
  readonly frameBits: number;
}

function us(f: DicomFile, t: number): number | undefined {
  const el = findElement(f.dataset, t);
  return el ? uint16Value(f.buffer, el, f.dataset.syntax.littleEndian) : undefined;
}

function frameLayout(f: DicomFile): FrameLayout {
  const framesEl = findElement(f.dataset, T.frames);
  const frames = framesEl ? Number.parseInt(asciiValue(f.buffer, framesEl), 10) || 1 : 1;
  const frameBits = (us(f, T.rows) ?? 0) * (us(f, T.columns) ?? 0) * (us(f, T.samples) ?? 1) * (us(f, T.bitsAllocated) ?? 0);
  return { frames, frameBits };
}

/**
 * The frames asked (numbers from 1), in the order asked. DICOMWEB_NOT_FOUND for a number past the last frame or
 * an instance without pixel data; DICOMWEB_BAD_REQUEST for compressed pixel data.
 */
export function extractFrames(f: DicomFile, numbers: readonly number[]): Uint8Array[] {
  const pixel = findElement(f.dataset, PIXEL_DATA);
  if (!pixel) throw oncoError('DICOMWEB_NOT_FOUND', 'The instance has no pixel data, so it has no frames.');
  if (pixel.fragments || f.transferSyntax.encapsulated) {
    throw oncoError('DICOMWEB_BAD_REQUEST', 'The instance\'s pixel data is compressed; retrieve the instance itself (frames are served for uncompressed pixel data).', { [NOT_ACCEPTABLE]: true });
  }
  if (pixel.external) throw oncoError('DICOMWEB_BAD_REQUEST', 'The instance\'s pixel data was not read into memory.');
  const { frames, frameBits } = frameLayout(f);
  if (frameBits === 0) throw oncoError('DICOMWEB_NOT_FOUND', 'The instance has no Rows, Columns or Bits Allocated, so it has no frames.');
  const bitsAllocated = us(f, T.bitsAllocated)!;
  const value = f.buffer.subarray(pixel.valueOffset, pixel.valueOffset + pixel.length);
  const swapWord = f.dataset.syntax.littleEndian ? 1 : pixel.vr === 'OW' ? 2 : bitsAllocated >= 16 ? bitsAllocated / 8 : 1;
  return numbers.map((n) => {
    if (!Number.isInteger(n) || n < 1 || n > frames) throw oncoError('DICOMWEB_NOT_FOUND', `The instance has ${frames} frame(s); frame ${n} is not one of them.`);
    const startBit = (n - 1) * frameBits;
    if (startBit + frameBits > value.length * 8) throw oncoError('DICOMWEB_NOT_FOUND', `The pixel data ends before frame ${n}.`);
    if (startBit % 8 === 0 && frameBits % 8 === 0) {
      const bytes = value.subarray(startBit / 8, (startBit + frameBits) / 8);
      return swapWords(bytes, swapWord);
    }
    return bitRange(value, startBit, frameBits);
  });
}

/** Bits [start, start + count) of 1-bit pixel data (least significant bit first, PS3.5 8.1.1), packed from bit 0. */
function bitRange(b: Uint8Array, start: number, count: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(count / 8));
  for (let i = 0; i < count; i++) {
    const s = start + i;
    if ((b[s >>> 3]! >>> (s & 7)) & 1) out[i >>> 3] = out[i >>> 3]! | (1 << (i & 7));
  }
  return out;
}
