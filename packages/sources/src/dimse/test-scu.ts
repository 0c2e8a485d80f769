import { connect, type Socket } from 'node:net';

/*
 * A minimal C-STORE SCU for the receiver's tests, written from PS3.8 (PDUs) and PS3.7 (the command set).
 * storescu decodes every file and encodes it again before sending (undefined lengths become defined, UN
 * sequences are rewritten), so it cannot prove that the receiver keeps the bytes it was sent; this client
 * sends a dataset's bytes untouched, and can stop half way through one to test the cleanup paths.
 */

export interface RawStore {
  readonly port: number;
  readonly calledAeTitle: string;
  readonly callingAeTitle?: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  /** The dataset exactly as it goes on the wire. */
  readonly dataset: Uint8Array;
  /** Stop after this many dataset bytes: 'abort' sends A-ABORT, 'drop' just closes the connection. */
  readonly stopAfter?: { readonly bytes: number; readonly how: 'abort' | 'drop' };
  readonly maxPdu?: number;
}

export type RawStoreResult =
  | { readonly outcome: 'rejected' }
  | { readonly outcome: 'stopped' }
  | { readonly outcome: 'answered'; readonly status: number };

function pad(s: string, fill: string): string {
  return s.length % 2 === 1 ? s + fill : s;
}

function item(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h.writeUInt16BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function pdu(type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(6);
  h[0] = type;
  h.writeUInt32BE(body.length, 2);
  return Buffer.concat([h, body]);
}

function ae(s: string): Buffer {
  return Buffer.from(s.padEnd(16, ' ').slice(0, 16), 'latin1');
}

function associateRq(o: RawStore, maxPdu: number): Buffer {
  const head = Buffer.alloc(68);
  head.writeUInt16BE(1, 0); // protocol version
  ae(o.calledAeTitle).copy(head, 4);
  ae(o.callingAeTitle ?? 'RAWSCU').copy(head, 20);
  const pcBody = Buffer.concat([
    Buffer.from([1, 0, 0, 0]), // presentation context ID 1
    item(0x30, Buffer.from(o.sopClassUid, 'latin1')),
    item(0x40, Buffer.from(o.transferSyntaxUid, 'latin1')),
  ]);
  const maxLength = Buffer.alloc(4);
  maxLength.writeUInt32BE(maxPdu);
  const userInfo = Buffer.concat([item(0x51, maxLength), item(0x52, Buffer.from('1.2.3.4.5', 'latin1'))]);
  return pdu(0x01, Buffer.concat([head, item(0x10, Buffer.from('1.2.840.10008.3.1.1.1', 'latin1')), item(0x20, pcBody), item(0x50, userInfo)]));
}

/** An implicit VR LE command element. */
function cmd(element: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(0x0000, 0);
  h.writeUInt16LE(element, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}

function us(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function storeCommand(o: RawStore): Buffer {
  const body = Buffer.concat([
    cmd(0x0002, Buffer.from(pad(o.sopClassUid, '\0'), 'latin1')),
    cmd(0x0100, us(0x0001)), // C-STORE-RQ
    cmd(0x0110, us(1)), // message ID
    cmd(0x0700, us(0)), // priority
    cmd(0x0800, us(0x0000)), // a dataset follows
    cmd(0x1000, Buffer.from(pad(o.sopInstanceUid, '\0'), 'latin1')),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length);
  return Buffer.concat([cmd(0x0000, length), body]);
}

function pdv(control: number, value: Uint8Array): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt32BE(value.length + 2, 0);
  h[4] = 1; // presentation context ID
  h[5] = control; // bit 0: command, bit 1: last fragment
  return pdu(0x04, Buffer.concat([h, value]));
}

/** Reads whole PDUs from a socket. */
class PduReader {
  #buffer = Buffer.alloc(0);
  #waiting: (() => void) | undefined;
  #closed = false;
  constructor(socket: Socket) {
    socket.on('data', (d: Buffer) => { this.#buffer = Buffer.concat([this.#buffer, d]); this.#waiting?.(); });
    socket.on('close', () => { this.#closed = true; this.#waiting?.(); });
    socket.on('error', () => undefined);
  }
  async next(): Promise<{ type: number; body: Buffer }> {
    for (;;) {
      if (this.#buffer.length >= 6) {
        const length = this.#buffer.readUInt32BE(2);
        if (this.#buffer.length >= 6 + length) {
          const type = this.#buffer[0]!;
          const body = this.#buffer.subarray(6, 6 + length);
          this.#buffer = this.#buffer.subarray(6 + length);
          return { type, body };
        }
      }
      if (this.#closed) throw new Error('connection closed before a whole PDU arrived');
      await new Promise<void>((resolve) => { this.#waiting = resolve; });
    }
  }
}

/** (0000,0900) Status from a P-DATA-TF body holding one command PDV. */
function statusOf(body: Buffer): number {
  const command = body.subarray(6, 4 + body.readUInt32BE(0));
  for (let p = 0; p + 8 <= command.length;) {
    const element = command.readUInt16LE(p + 2);
    const length = command.readUInt32LE(p + 4);
    if (element === 0x0900) return command.readUInt16LE(p + 8);
    p += 8 + length;
  }
  throw new Error('no status in the response');
}

export async function rawStore(o: RawStore): Promise<RawStoreResult> {
  const maxPdu = o.maxPdu ?? 16384;
  const socket = connect(o.port, '127.0.0.1');
  const reader = new PduReader(socket);
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  try {
    socket.write(associateRq(o, maxPdu));
    const answer = await reader.next();
    if (answer.type === 0x03) return { outcome: 'rejected' };
    if (answer.type !== 0x02) throw new Error(`unexpected PDU type ${answer.type}`);
    socket.write(pdv(0x03, storeCommand(o)));
    const chunk = maxPdu - 12;
    const limit = o.stopAfter ? Math.min(o.stopAfter.bytes, o.dataset.length) : o.dataset.length;
    for (let at = 0; at < limit; at += chunk) {
      const end = Math.min(at + chunk, limit);
      const last = !o.stopAfter && end === o.dataset.length;
      // Wait for the socket to drain: a real sender is paced by TCP, and the stop must come mid-dataset.
      if (!socket.write(pdv(last ? 0x02 : 0x00, o.dataset.subarray(at, end)))) await new Promise((r) => socket.once('drain', r));
    }
    if (o.stopAfter) {
      if (o.stopAfter.how === 'abort') socket.write(pdu(0x07, Buffer.alloc(4)));
      await new Promise<void>((resolve) => socket.end(resolve));
      return { outcome: 'stopped' };
    }
    const response = await reader.next();
    const status = statusOf(response.body);
    socket.write(pdu(0x05, Buffer.alloc(4))); // A-RELEASE-RQ
    await reader.next(); // A-RELEASE-RP
    return { outcome: 'answered', status };
  } finally {
    socket.destroy();
  }
}
