import { open, unlink, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/*
 * The temporary file one incoming instance streams into (into/.partial/<random>.part).
 *
 * Why not fs.createWriteStream: dcmjs-dimse (0.3.3, Network._processPDataTf) awaits 'drain' only for the
 * first chunk of a dataset and, while it awaits, keeps handling later PDUs, so the rest of a multi-PDV PDU
 * would be written after them. A writable whose write() always returns true never triggers that path.
 * Back-pressure is applied where it works: the connection's socket is paused while too many bytes wait for
 * the disk, so TCP flow control slows the sender instead of our heap growing.
 *
 * The writable never emits 'error' (dcmjs attaches no listener, so an error event would crash the process):
 * a failed write is recorded, later chunks are dropped, and finish() rejects so the C-STORE gets a failure.
 */

/** Pause the sender above this many queued bytes; resume below the low mark. */
const HIGH_WATER = 8 << 20;
const LOW_WATER = 2 << 20;

/** The buffers that remain after the first `n` bytes. */
function skip(buffers: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < buffers.length && n >= buffers[i]!.length) n -= buffers[i++]!.length;
  const rest = buffers.slice(i);
  if (n > 0 && rest.length > 0) rest[0] = rest[0]!.subarray(n);
  return rest;
}

export class PartFile {
  readonly path: string;
  /** Handed to dcmjs-dimse as the store stream; every chunk is accepted synchronously. */
  readonly writable: Writable;
  /** Dataset bytes received (the meta header excluded). */
  datasetBytes = 0;
  readonly #handle: Promise<FileHandle>;
  readonly #onPressure: (pressed: boolean) => void;
  #queue: Buffer[] = [];
  #queued = 0;
  #position = 0;
  #pressed = false;
  #error: unknown;
  #discarded = false;
  #pump: Promise<void> = Promise.resolve();
  #pumping = false;

  /** `head` (the Part 10 preamble and meta group) is written first; the dataset follows verbatim. */
  constructor(path: string, head: Buffer, onPressure: (pressed: boolean) => void) {
    this.path = path;
    this.#onPressure = onPressure;
    // 'wx': the name is random; an existing file would mean a collision we must not write through.
    this.#handle = open(path, 'wx', 0o600);
    this.#handle.catch((err: unknown) => { this.#error ??= err; });
    this.writable = new Writable({
      // write() must always return true (see above); chunks are at most one PDU long.
      highWaterMark: 1 << 30,
      write: (chunk: Buffer, _encoding, callback) => {
        this.datasetBytes += chunk.length;
        this.#enqueue(chunk);
        callback();
      },
    });
    this.#enqueue(head);
  }

  #enqueue(chunk: Buffer): void {
    if (this.#discarded || this.#error !== undefined) return;
    this.#queue.push(chunk);
    this.#queued += chunk.length;
    if (!this.#pressed && this.#queued > HIGH_WATER) this.#press(true);
    if (!this.#pumping) {
      this.#pumping = true;
      this.#pump = this.#drain();
    }
  }

  #press(pressed: boolean): void {
    this.#pressed = pressed;
    this.#onPressure(pressed);
  }

  /** Writes queued chunks in arrival order, several PDUs per write call. */
  async #drain(): Promise<void> {
    try {
      const fh = await this.#handle;
      while (this.#queue.length > 0 && !this.#discarded && this.#error === undefined) {
        let batch = this.#queue;
        this.#queue = [];
        const total = batch.reduce((n, b) => n + b.length, 0);
        // One writev for all queued PDUs, no copy; a short write (rare on a regular file) is continued.
        for (let left = total; left > 0;) {
          const { bytesWritten } = await fh.writev(batch, this.#position);
          this.#position += bytesWritten;
          left -= bytesWritten;
          batch = skip(batch, bytesWritten);
        }
        this.#queued -= total;
        if (this.#pressed && this.#queued < LOW_WATER) this.#press(false);
      }
    } catch (err) {
      this.#error ??= err;
    } finally {
      this.#pumping = false;
      if (this.#error !== undefined || this.#discarded) this.#release();
    }
  }

  /** Drop what is queued and let the sender go: nothing more will be written. */
  #release(): void {
    this.#queue = [];
    this.#queued = 0;
    if (this.#pressed) this.#press(false);
  }

  /** Flushes, fsyncs and closes the file; rejects with the first write error, if any. */
  async finish(): Promise<void> {
    await this.#pump;
    const fh = await this.#handle;
    try {
      if (this.#error !== undefined) throw this.#error;
      await fh.sync();
    } finally {
      await fh.close().catch(() => undefined);
    }
  }

  /** Stops writing and deletes the file; safe to call more than once and after finish(). */
  async discard(): Promise<void> {
    this.#discarded = true;
    this.#release();
    await this.#pump;
    const fh = await this.#handle.catch(() => undefined);
    await fh?.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}
