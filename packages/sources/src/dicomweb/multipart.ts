/**
 * A streaming reader of multipart/related bodies (RFC 2387 over RFC 2046): the body of a WADO-RS retrieve,
 * one Part 10 instance a part. Written here rather than taken from npm because dicomweb-client needs
 * XMLHttpRequest and buffers the whole response, and no maintained Node library streams multipart/related
 * responses (the multipart parsers on npm are for multipart/form-data uploads). A study can be gigabytes and
 * one part hundreds of megabytes, so nothing here holds a whole part: each part's body is a Readable fed from
 * the HTTP body as the consumer reads it.
 *
 * Pull-based: a chunk is taken from the source only when a part's body asks for more (Readable read()), when
 * the caller waits for the next part, or for `head()`. So the reader is never more than a chunk ahead of the
 * consumer, plus what the body stream's own highWaterMark holds.
 *
 * Tolerances beyond the RFC, because servers do this: bare LF instead of CRLF, a first boundary with no line
 * before it, transport padding after a boundary. Not tolerated: a body that ends before the closing boundary
 * (it is a truncated answer, and the part being read errors), text after a boundary, endless header blocks.
 */
import { Readable } from 'node:stream';
import { oncoError } from '@oncoatlas/core';

export interface MultipartPart {
  /** Part headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The part's bytes. Read it (or destroy it) before asking for the next part. */
  readonly body: Readable;
  /** The first `n` bytes of the body (fewer if the part is shorter), without consuming them; n ≤ headBytes. */
  head(n: number): Promise<Buffer>;
}

export interface MultipartOptions {
  /** Longest header block accepted (default 16 KiB). */
  readonly maxHeaderBytes?: number;
  /** How many bytes of each part `head()` can return (default 16 KiB). */
  readonly headBytes?: number;
  /** Turns an error of the source (a dropped connection) into the error the part's body and next() report. */
  readonly mapError?: (err: unknown) => Error;
}

/** Yields the parts one at a time; leaving the loop early releases the source. */
export async function* readMultipart(source: AsyncIterable<Uint8Array>, boundary: string, options: MultipartOptions = {}): AsyncGenerator<MultipartPart> {
  const reader = new MultipartReader(source, boundary, options);
  try {
    for (let part = await reader.next(); part; part = await reader.next()) yield part;
  } finally {
    reader.close();
  }
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

type Phase = 'preamble' | 'delimiter' | 'headers' | 'body' | 'done';

interface Current {
  readonly body: Readable;
  /** The body's read() asked for bytes and push() has not yet said stop. */
  wanted: boolean;
  /** The body was destroyed or abandoned: its remaining bytes are skipped. */
  discard: boolean;
  ended: boolean;
  readonly head: Buffer[];
  headLength: number;
}

export class MultipartReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  /** LF "--" boundary: a CR before it, when present, is stripped from the body. */
  private readonly delimiter: Buffer;
  private readonly maxHeaderBytes: number;
  private readonly headBytes: number;
  private readonly mapError: (err: unknown) => Error;
  /** Starts with a virtual LF so that a first boundary at offset 0 matches the delimiter. */
  private buf: Buffer = Buffer.from([LF]);
  private phase: Phase = 'preamble';
  private sourceDone = false;
  private running = false;
  private failure: Error | undefined;
  private current: Current | undefined;
  private parts = 0;
  private partWaiter: { resolve: (p: MultipartPart | undefined) => void; reject: (e: Error) => void } | undefined;
  private headWaiter: { n: number; resolve: (b: Buffer) => void } | undefined;

  constructor(source: AsyncIterable<Uint8Array>, boundary: string, options: MultipartOptions = {}) {
    if (boundary.length === 0 || boundary.length > 200) throw oncoError('SOURCE_PROTOCOL', 'The multipart boundary is empty or longer than RFC 2046 allows.');
    this.iterator = source[Symbol.asyncIterator]();
    this.delimiter = Buffer.from(`\n--${boundary}`, 'latin1');
    this.maxHeaderBytes = options.maxHeaderBytes ?? 16384;
    this.headBytes = options.headBytes ?? 16384;
    this.mapError = options.mapError ?? ((err) => oncoError('SOURCE_PROTOCOL', 'The multipart body could not be read.', {}, err));
  }

  /** The next part, or undefined after the closing boundary. An unread rest of the previous part is skipped. */
  next(): Promise<MultipartPart | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.phase === 'done') return Promise.resolve(undefined);
    if (this.partWaiter) return Promise.reject(new Error('MultipartReader.next() called while a call is pending'));
    const c = this.current;
    if (c && !c.ended && !c.body.destroyed) c.body.destroy();
    return new Promise((resolve, reject) => {
      this.partWaiter = { resolve, reject };
      this.kick();
    });
  }

  /** Stops reading: the current part's body is destroyed and the source released. */
  close(): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    const c = this.current;
    if (c && !c.ended && !c.body.destroyed) c.body.destroy();
    this.partWaiter?.resolve(undefined);
    this.partWaiter = undefined;
    this.release();
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    void this.run();
  }

  /** The only place that pulls from the source, and only one run at a time. */
  private async run(): Promise<void> {
    try {
      while (this.failure === undefined && this.needsInput()) {
        if (this.parse()) {
          this.settleHead();
          continue;
        }
        if (this.sourceDone) {
          this.fail(this.truncated());
          break;
        }
        let r: IteratorResult<Uint8Array>;
        try {
          r = await this.iterator.next();
        } catch (err) {
          this.fail(this.mapError(err));
          break;
        }
        if (r.done) this.sourceDone = true;
        else this.append(r.value);
      }
    } catch (err) {
      this.fail(err as Error); // our own SOURCE_PROTOCOL errors from parse()
    } finally {
      this.running = false;
    }
  }

  private needsInput(): boolean {
    if (this.phase === 'done') return false;
    if (this.partWaiter) return true;
    const c = this.current;
    if (this.phase !== 'body' || !c) return false;
    return (c.wanted && !c.discard) || (this.headWaiter !== undefined && c.headLength < this.headWaiter.n);
  }

  private append(chunk: Uint8Array): void {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const c = this.current;
    const held = this.buf;
    // Inside a body, what is held back is shorter than the delimiter. Rather than copy every chunk behind it
    // (a copy of every byte of the study), look whether a delimiter starts in it: it would lie wholly within
    // held + the chunk's first delimiter-length bytes. If none does, it is body: send it now.
    if (this.phase === 'body' && c && held.length > 0 && held.length <= this.delimiter.length && b.length > this.delimiter.length) {
      if (Buffer.concat([held, b.subarray(0, this.delimiter.length)]).indexOf(this.delimiter) < 0) {
        this.emit(c, held);
        this.buf = b;
        return;
      }
    }
    this.buf = held.length === 0 ? b : Buffer.concat([held, b]);
  }

  /** Moves as far as the buffered bytes allow; false when more input is needed. */
  private parse(): boolean {
    switch (this.phase) {
      case 'preamble': {
        const at = this.buf.indexOf(this.delimiter);
        if (at < 0) {
          // The preamble is ignored; keep only what could be the start of the first delimiter.
          this.buf = this.buf.subarray(Math.max(0, this.buf.length - this.delimiter.length + 1));
          return false;
        }
        this.buf = this.buf.subarray(at + this.delimiter.length);
        this.phase = 'delimiter';
        return true;
      }
      case 'delimiter':
        return this.afterDelimiter();
      case 'headers':
        return this.headers();
      case 'body':
        return this.bodyBytes(this.current!);
      default:
        return false;
    }
  }

  /** After "--boundary": "--" closes the body; otherwise optional padding, then the end of the line. */
  private afterDelimiter(): boolean {
    const b = this.buf;
    if (b.length === 0) return false;
    if (b[0] === DASH) {
      if (b.length < 2) return false;
      if (b[1] === DASH) {
        this.phase = 'done';
        this.partWaiter?.resolve(undefined);
        this.partWaiter = undefined;
        this.release(); // the epilogue means nothing
        return true;
      }
    }
    const lf = b.indexOf(LF);
    if (lf < 0) {
      if (b.length > 1024) throw this.protocol('A multipart boundary line does not end.');
      return false;
    }
    for (let i = 0; i < lf; i++) {
      const ok = b[i] === 0x20 || b[i] === 0x09 || (b[i] === CR && i === lf - 1);
      if (!ok) throw this.protocol('Text follows a multipart boundary on its line.');
    }
    this.buf = b.subarray(lf + 1);
    this.phase = 'headers';
    return true;
  }

  private headers(): boolean {
    const b = this.buf;
    let end: number;
    let skip: number;
    if (b.length > 0 && b[0] === LF) [end, skip] = [0, 1];
    else if (b.length > 1 && b[0] === CR && b[1] === LF) [end, skip] = [0, 2];
    else {
      const crlf = b.indexOf('\n\r\n', 0, 'latin1');
      const lflf = b.indexOf('\n\n', 0, 'latin1');
      if (crlf >= 0 && (lflf < 0 || crlf < lflf)) [end, skip] = [crlf + 1, crlf + 3];
      else if (lflf >= 0) [end, skip] = [lflf + 1, lflf + 2];
      else {
        if (b.length > this.maxHeaderBytes) throw this.protocol(`A part's headers are longer than ${this.maxHeaderBytes} bytes.`);
        return false;
      }
    }
    if (end > this.maxHeaderBytes) throw this.protocol(`A part's headers are longer than ${this.maxHeaderBytes} bytes.`);
    const headers = this.parseHeaders(b.subarray(0, end).toString('latin1'));
    this.buf = b.subarray(skip);
    this.phase = 'body';
    this.parts++;
    let c!: Current;
    const body = new Readable({
      read: () => { c.wanted = true; this.kick(); },
      destroy: (err, cb) => {
        c.discard = true;
        c.wanted = false;
        this.settleHead();
        cb(err);
      },
    });
    c = { body, wanted: false, discard: false, ended: false, head: [], headLength: 0 };
    this.current = c;
    const part: MultipartPart = { headers, body: c.body, head: (n) => this.head(c, n) };
    this.partWaiter?.resolve(part);
    this.partWaiter = undefined;
    return true;
  }

  private parseHeaders(text: string): Record<string, string> {
    const headers: Record<string, string> = {};
    let last: string | undefined;
    for (const line of text.split(/\r?\n/)) {
      if (line === '') continue;
      if ((line[0] === ' ' || line[0] === '\t') && last !== undefined) {
        headers[last] += ` ${line.trim()}`; // obsolete line folding
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) throw this.protocol('A part header line has no name.');
      last = line.slice(0, colon).trim().toLowerCase();
      headers[last] = line.slice(colon + 1).trim();
    }
    return headers;
  }

  private bodyBytes(c: Current): boolean {
    const at = this.buf.indexOf(this.delimiter);
    if (at >= 0) {
      this.emit(c, this.buf.subarray(0, at > 0 && this.buf[at - 1] === CR ? at - 1 : at));
      this.buf = this.buf.subarray(at + this.delimiter.length);
      c.ended = true;
      if (!c.discard) c.body.push(null);
      this.settleHead();
      this.current = undefined;
      this.phase = 'delimiter';
      return true;
    }
    // A delimiter may start in the last bytes (and a CR before it belongs to it): hold those back.
    const keep = this.delimiter.length;
    if (this.buf.length <= keep) return false;
    this.emit(c, this.buf.subarray(0, this.buf.length - keep));
    this.buf = this.buf.subarray(this.buf.length - keep);
    return true;
  }

  private emit(c: Current, bytes: Buffer): void {
    if (bytes.length === 0 || c.discard) return;
    if (c.headLength < this.headBytes) {
      const take = Buffer.from(bytes.subarray(0, this.headBytes - c.headLength)); // a copy: the chunk is not ours to keep
      c.head.push(take);
      c.headLength += take.length;
    }
    if (!c.body.push(bytes)) c.wanted = false;
  }

  private head(c: Current, n: number): Promise<Buffer> {
    const want = Math.min(n, this.headBytes);
    if (c.headLength >= want || c.ended || c.discard || this.failure || this.current !== c) return Promise.resolve(Buffer.concat(c.head).subarray(0, want));
    return new Promise((resolve) => {
      this.headWaiter = { n: want, resolve };
      this.kick();
    });
  }

  private settleHead(): void {
    const w = this.headWaiter;
    const c = this.current;
    if (!w) return;
    if (c && c.headLength < w.n && !c.ended && !c.discard && this.failure === undefined && this.phase !== 'done') return;
    this.headWaiter = undefined;
    w.resolve(c ? Buffer.concat(c.head).subarray(0, w.n) : Buffer.alloc(0));
  }

  private truncated(): Error {
    if (this.phase === 'preamble') return this.protocol('The body holds no multipart boundary: it is not the multipart/related its Content-Type announced.');
    if (this.phase === 'body') return this.protocol('The multipart body ended inside a part: the answer was cut short.');
    return this.protocol('The multipart body ended without its closing boundary: the answer was cut short.');
  }

  private protocol(message: string): Error {
    return oncoError('SOURCE_PROTOCOL', message, { part: this.parts });
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    this.phase = 'done';
    const c = this.current;
    if (c && !c.ended && !c.body.destroyed) c.body.destroy(err);
    this.settleHead();
    this.partWaiter?.reject(err);
    this.partWaiter = undefined;
    this.release();
  }

  private release(): void {
    void Promise.resolve(this.iterator.return?.()).catch(() => undefined);
  }
}
