import assert from 'node:assert/strict';
import { test } from 'node:test';
import dcmjs from 'dcmjs';
import { acceptMultipart, acceptSingle, multipartChunks, newBoundary } from './multipart.ts';

test('a multipart body dcmjs decodes into the same parts', async () => {
  const boundary = newBoundary();
  const parts = [new Uint8Array([1, 2, 3]), new Uint8Array(Buffer.from(`\r\n--${boundary.slice(0, 5)}`)), new Uint8Array(0)];
  const chunks: Uint8Array[] = [];
  for await (const c of multipartChunks(boundary, parts.map((body) => ({ contentType: 'application/dicom', body })))) chunks.push(c);
  const body = Buffer.concat(chunks);
  const decoded = dcmjs.utilities.message.multipartDecode(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength)) as ArrayBuffer[];
  assert.deepEqual(decoded.map((p) => [...new Uint8Array(p)]), parts.map((p) => [...p]));
});

test('Accept negotiation: what a WADO-RS client asks for is served, anything else is not acceptable', () => {
  assert.equal(acceptMultipart(undefined, 'application/dicom', 'x').type, '*/*');
  assert.equal(acceptMultipart('multipart/related; type="application/dicom"; transfer-syntax=*', 'application/dicom', 'x').params['transfer-syntax'], '*');
  assert.equal(acceptMultipart('multipart/related; type=application/dicom', 'application/dicom', 'x').type, 'multipart/related');
  assert.throws(() => acceptMultipart('multipart/related; type="image/jpeg"', 'application/octet-stream', 'Frames'), (e: Error & { code?: string; details?: Record<string, unknown> }) => e.code === 'DICOMWEB_BAD_REQUEST' && e.details?.notAcceptable === true);
  assert.doesNotThrow(() => acceptSingle('image/*', 'image/png', 'x'));
  assert.doesNotThrow(() => acceptSingle('application/json', 'application/dicom+json', 'x', ['application/json']));
  assert.throws(() => acceptSingle('image/jpeg', 'image/png', 'x'));
});
