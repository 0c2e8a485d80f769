import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isOncoAtlasError } from '@oncoatlas/core';
import { readAll } from '../source.ts';
import { parseContentType } from './content-type.ts';
import { MultipartReader, readMultipart, type MultipartPart } from './multipart.ts';

async function* chunks(bytes: Buffer, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes.length > 0 ? sizes[i % sizes.length]! : bytes.length);
    // Plain Uint8Array views, as a web ReadableStream gives them.
    yield new Uint8Array(bytes.buffer, bytes.byteOffset + at, Math.min(n, bytes.length - at));
    at += n;
  }
}

interface Built { bytes: Buffer; bodies: Buffer[] }

function build(boundary: string, bodies: readonly Buffer[], o: { eol?: string; preamble?: string; epilogue?: string; close?: boolean } = {}): Built {
  const eol = o.eol ?? '\r\n';
  const out: Buffer[] = [];
  if (o.preamble !== undefined) out.push(Buffer.from(o.preamble + eol, 'latin1'));
  for (const b of bodies) {
    out.push(Buffer.from(`--${boundary}${eol}Content-Type: application/dicom${eol}Content-Length: ${b.length}${eol}${eol}`, 'latin1'), b, Buffer.from(eol, 'latin1'));
  }
  if (o.close !== false) out.push(Buffer.from(`--${boundary}--${o.epilogue !== undefined ? eol + o.epilogue : ''}`, 'latin1'));
  return { bytes: Buffer.concat(out), bodies: [...bodies] };
}

async function parseAll(source: AsyncIterable<Uint8Array>, boundary: string): Promise<{ headers: Record<string, string>; body: Buffer }[]> {
  const out: { headers: Record<string, string>; body: Buffer }[] = [];
  for await (const part of readMultipart(source, boundary)) out.push({ headers: { ...part.headers }, body: await readAll(part.body) });
  return out;
}

const BOUNDARY_CHARS = [...'abcXYZ0189\'()+_,-./:=? '];

test('parts come out whole for any split of the body into chunks, CRLF or bare LF, with or without preamble and epilogue', async () => {
  const boundaryArb = fc.array(fc.constantFrom(...BOUNDARY_CHARS), { minLength: 1, maxLength: 40 }).map((a) => a.join('').replace(/ +$/, 'x'));
  const scenario = boundaryArb.chain((boundary) => {
    const delimiter = `\n--${boundary}`;
    // Bodies are built from line breaks, dashes and pieces of the delimiter, to tempt false matches.
    const piece = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 30 }).map((u) => Buffer.from(u)),
      fc.constantFrom('\r', '\n', '\r\n', '-', '--', `--${boundary.slice(0, -1)}`, delimiter.slice(0, -1), `\r\n-${boundary}`).map((t) => Buffer.from(t, 'latin1')),
    );
    const body = fc.array(piece, { maxLength: 8 }).map((ps) => Buffer.concat(ps)).filter((b) => !Buffer.concat([Buffer.from('\n'), b]).includes(delimiter, 0, 'latin1'));
    // RFC 2046: the delimiter never starts a line inside a part (the blank line after the headers counts).
    return fc.record({
      boundary: fc.constant(boundary),
      bodies: fc.array(body, { maxLength: 5 }),
      eol: fc.constantFrom('\r\n', '\n'),
      preamble: fc.option(fc.constantFrom('This is a preamble.', '', 'x\r\ny'), { nil: undefined }),
      epilogue: fc.option(fc.constantFrom('epilogue', '', '\r\n--ignored'), { nil: undefined }),
      sizes: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
    });
  }).filter((s) => s.eol === '\r\n' || s.bodies.every((b) => b.length === 0 || b[b.length - 1] !== 0x0d));
  // With bare LF line ends a body ending in CR is ambiguous (the CR is taken as part of a CRLF): excluded above.
  await fc.assert(fc.asyncProperty(scenario, async (s) => {
    const built = build(s.boundary, s.bodies, { eol: s.eol, preamble: s.preamble, epilogue: s.epilogue });
    const parts = await parseAll(chunks(built.bytes, s.sizes), s.boundary);
    assert.equal(parts.length, built.bodies.length);
    parts.forEach((p, i) => {
      assert.deepEqual(p.body, built.bodies[i]);
      assert.equal(p.headers['content-type'], 'application/dicom');
      assert.equal(p.headers['content-length'], String(built.bodies[i]!.length));
    });
  }), { numRuns: 400 });
});

test('the boundary is read from the Content-Type, quoted or not', () => {
  const quoted = parseContentType('Multipart/Related; type="application/dicom"; boundary="a b;c=d\\"e"; transfer-syntax=*');
  assert.equal(quoted.type, 'multipart/related');
  assert.equal(quoted.params.boundary, 'a b;c=d"e');
  assert.equal(quoted.params.type, 'application/dicom');
  assert.equal(quoted.params['transfer-syntax'], '*');
  const bare = parseContentType('multipart/related; type="application/dicom"; boundary=cc1c08fa-9594-473c');
  assert.equal(bare.params.boundary, 'cc1c08fa-9594-473c');
});

test('a boundary from a quoted parameter with spaces and a colon frames the parts', async () => {
  const boundary = parseContentType('multipart/related; boundary="Part Boundary:42"').params.boundary!;
  const built = build(boundary, [Buffer.from('one'), Buffer.from('two')], { preamble: 'Preamble lines\r\nare ignored' });
  const parts = await parseAll(chunks(built.bytes, [7]), boundary);
  assert.deepEqual(parts.map((p) => p.body.toString()), ['one', 'two']);
});

test('preamble and epilogue are ignored; bare LF line ends are accepted', async () => {
  const built = build('B', [Buffer.from('first\r\nline'), Buffer.alloc(0), Buffer.from('x--B-')], { eol: '\n', preamble: 'pre\n-B is not a delimiter', epilogue: '--B\nnot a part' });
  const parts = await parseAll(chunks(built.bytes, [3, 1, 5]), 'B');
  assert.deepEqual(parts.map((p) => p.body.toString('latin1')), ['first\r\nline', '', 'x--B-']);
});

async function expectProtocolError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => isOncoAtlasError(err, 'SOURCE_PROTOCOL') && pattern.test(err.message));
}

test('a body cut inside the last part: that part errors with SOURCE_PROTOCOL, and so does the next call', async () => {
  const built = build('xyz', [Buffer.from('complete'), Buffer.alloc(5000, 7)]);
  const cut = built.bytes.subarray(0, built.bytes.length - 2000);
  const reader = new MultipartReader(chunks(cut, [512]), 'xyz');
  const first = (await reader.next())!;
  assert.equal((await readAll(first.body)).toString(), 'complete');
  const second = (await reader.next())!;
  await expectProtocolError(readAll(second.body), /ended inside a part/);
  await expectProtocolError(reader.next(), /ended inside a part/);
});

test('a body without its closing boundary is cut short even when the last part is whole', async () => {
  const built = build('xyz', [Buffer.from('whole')], { close: false });
  const reader = new MultipartReader(chunks(Buffer.concat([built.bytes, Buffer.from('--xyz\r\n')]), [4]), 'xyz');
  assert.equal((await readAll((await reader.next())!.body)).toString(), 'whole');
  await expectProtocolError(reader.next(), /without its closing boundary/);
});

test('a body with no boundary at all, or text after a boundary, is a protocol error', async () => {
  await expectProtocolError(new MultipartReader(chunks(Buffer.from('{"error": "not multipart"}'), [5]), 'b').next(), /no multipart boundary/);
  await expectProtocolError(new MultipartReader(chunks(Buffer.from('--b junk\r\n\r\nx\r\n--b--'), []), 'b').next(), /Text follows/);
});

test('an error of the source reaches the part through mapError', async () => {
  async function* broken(): AsyncGenerator<Uint8Array> {
    yield Buffer.from('--b\r\n\r\nsome bytes, then the connection drops');
    throw new Error('socket hang up');
  }
  const reader = new MultipartReader(broken(), 'b', { mapError: () => new Error('mapped') });
  const part = (await reader.next())!;
  await assert.rejects(readAll(part.body), /mapped/);
});

test('the reader stays within a few chunks of a slow consumer', async () => {
  const chunk = Buffer.alloc(64 * 1024, 1);
  let pulled = 0;
  async function* big(): AsyncGenerator<Uint8Array> {
    yield Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\n');
    for (let i = 0; i < 1000; i++) { pulled++; yield chunk; } // 64 MB if read whole
    yield Buffer.from('\r\n--b--');
  }
  const reader = new MultipartReader(big(), 'b');
  const part = (await reader.next())!;
  const head = await part.head(100);
  assert.equal(head.length, 100);
  let read = 0;
  for await (const c of part.body) {
    read += (c as Buffer).length;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(pulled * chunk.length - read <= 4 * chunk.length, `read ahead ${pulled * chunk.length - read} bytes`);
    if (read >= 20 * chunk.length) break;
  }
  assert.ok(pulled < 30);
});

test('head() does not consume; an unread or abandoned part is skipped by next()', async () => {
  const built = build('b', [Buffer.from('0123456789'), Buffer.alloc(300_000, 2), Buffer.from('last')]);
  const reader = new MultipartReader(chunks(built.bytes, [1000]), 'b');
  const a: MultipartPart = (await reader.next())!;
  assert.equal((await a.head(4)).toString(), '0123');
  assert.equal((await a.head(100)).toString(), '0123456789');
  assert.equal((await readAll(a.body)).toString(), '0123456789');
  const b = (await reader.next())!;
  b.body.read(0); // start it (more than its buffer holds), then abandon it half-way
  await new Promise((resolve) => setImmediate(resolve));
  const c = (await reader.next())!;
  assert.ok(b.body.destroyed);
  assert.equal((await readAll(c.body)).toString(), 'last');
  assert.equal(await reader.next(), undefined);
});
