/** A range of the source file copied to the output without passing through memory (streamed pixel data). */
export interface FileRange {
  readonly start: number;
  readonly end: number;
}

export type Segment = Uint8Array | FileRange;

export function isFileRange(s: Segment): s is FileRange {
  return !(s instanceof Uint8Array);
}

/** Values at least this large are referenced from the input instead of copied (pixel data, big blobs). */
const ZERO_COPY_MIN = 32 * 1024;
/** Copies up to this many bytes go byte by byte (see bytes()). */
const SMALL_COPY = 64;

/**
 * Output bytes as a list of segments: small writes go into one growing chunk that is reused from file to
 * file, large unchanged values are referenced in place. Lengths of defined-length sequences are written
 * as placeholders and patched once their content is known, so nothing is serialised twice.
 */
export class ByteSink {
  private segments: Segment[] = [];
  private chunk: Uint8Array;
  private chunkStart = 0;
  private pos = 0;
  private flushed = 0;
  private readonly owned: { chunk: Uint8Array; base: number; start: number; end: number }[] = [];

  constructor(initialSize = 256 * 1024) {
    this.chunk = new Uint8Array(initialSize);
  }

  /** Total bytes written so far. */
  get length(): number {
    return this.flushed + (this.pos - this.chunkStart);
  }

  reset(): void {
    this.segments = [];
    this.owned.length = 0;
    this.chunkStart = 0;
    this.pos = 0;
    this.flushed = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.chunk.length) return;
    this.flushChunk();
    // Earlier segments still reference the old chunk, so a new one is allocated rather than reused.
    this.chunk = new Uint8Array(Math.max(this.chunk.length * 2, n + 1024));
    this.chunkStart = 0;
    this.pos = 0;
  }

  private flushChunk(): void {
    if (this.pos > this.chunkStart) {
      this.segments.push(this.chunk.subarray(this.chunkStart, this.pos));
      this.owned.push({ chunk: this.chunk, base: this.flushed, start: this.chunkStart, end: this.pos });
      this.flushed += this.pos - this.chunkStart;
      this.chunkStart = this.pos;
    }
  }

  u8(v: number): void {
    this.ensure(1);
    this.chunk[this.pos++] = v;
  }

  u16(v: number, le: boolean): void {
    this.ensure(2);
    const c = this.chunk;
    if (le) { c[this.pos] = v & 0xff; c[this.pos + 1] = v >>> 8; }
    else { c[this.pos] = v >>> 8; c[this.pos + 1] = v & 0xff; }
    this.pos += 2;
  }

  u32(v: number, le: boolean): void {
    this.ensure(4);
    writeU32(this.chunk, this.pos, v, le);
    this.pos += 4;
  }

  fill(byte: number, count: number): void {
    this.ensure(count);
    this.chunk.fill(byte, this.pos, this.pos + count);
    this.pos += count;
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (n >= ZERO_COPY_MIN) {
      this.flushChunk();
      this.segments.push(src.subarray(start, end));
      this.flushed += n;
      return;
    }
    this.ensure(n);
    if (n <= SMALL_COPY) {
      // Most values are a few bytes: a loop beats set() of a subarray, which allocates a view per element.
      const c = this.chunk;
      let p = this.pos;
      for (let i = start; i < end; i++) c[p++] = src[i]!;
      this.pos = p;
      return;
    }
    this.chunk.set(src.subarray(start, end), this.pos);
    this.pos += n;
  }

  fileRange(start: number, end: number): void {
    this.flushChunk();
    this.segments.push({ start, end });
    this.flushed += end - start;
  }

  /** Reserves 4 bytes for a length written later with patchU32; returns the absolute position. */
  placeholderU32(le: boolean): number {
    const at = this.length;
    this.u32(0, le);
    return at;
  }

  patchU32(at: number, v: number, le: boolean): void {
    const inCurrent = at - this.flushed + this.chunkStart;
    if (at >= this.flushed) {
      writeU32(this.chunk, inCurrent, v, le);
      return;
    }
    for (const o of this.owned) {
      if (at >= o.base && at + 4 <= o.base + (o.end - o.start)) {
        writeU32(o.chunk, o.start + (at - o.base), v, le);
        return;
      }
    }
    throw new Error('ByteSink: placeholder not in an owned chunk');
  }

  /** The output so far; the sink must not be written again until reset(). */
  finish(): Segment[] {
    this.flushChunk();
    return this.segments;
  }
}

function writeU32(c: Uint8Array, p: number, v: number, le: boolean): void {
  if (le) { c[p] = v & 0xff; c[p + 1] = (v >>> 8) & 0xff; c[p + 2] = (v >>> 16) & 0xff; c[p + 3] = v >>> 24; }
  else { c[p] = v >>> 24; c[p + 1] = (v >>> 16) & 0xff; c[p + 2] = (v >>> 8) & 0xff; c[p + 3] = v & 0xff; }
}

/**
 * Concatenates in-memory segments, into `scratch` when it is large enough (the result then views it);
 * a single segment is returned as it is.
 */
export function concatSegments(segments: readonly Segment[], scratch?: { take(size: number): Uint8Array }): Uint8Array {
  if (segments.length === 1 && !isFileRange(segments[0]!)) return segments[0] as Uint8Array;
  let n = 0;
  for (const s of segments) {
    if (isFileRange(s)) throw new Error('concatSegments: output references the source file');
    n += s.length;
  }
  const out = scratch ? scratch.take(n).subarray(0, n) : new Uint8Array(n);
  let p = 0;
  for (const s of segments as Uint8Array[]) { out.set(s, p); p += s.length; }
  return out;
}
