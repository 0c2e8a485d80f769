/**
 * `multipart/related` bodies (RFC 2387) as WADO-RS answers them (PS3.18 8.7.1.2), written part by part so a
 * study is streamed rather than held in memory, and the Accept header parsed to choose what to answer.
 */
import { randomBytes } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';

export interface Part {
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Content-Location of the part (the URL it can be retrieved from alone). */
  readonly location?: string;
}

export function newBoundary(): string {
  return `oncoatlas-${randomBytes(12).toString('hex')}`;
}

export function multipartType(partType: string, boundary: string): string {
  return `multipart/related; type="${partType}"; boundary=${boundary}`;
}

/** The body's chunks: each part's headers and bytes, then the closing delimiter. */
/** Parts up to this size are copied behind their header rather than written on their own. */
const COALESCE_BYTES = 64 * 1024;

export async function* multipartChunks(boundary: string, parts: Iterable<Part> | AsyncIterable<Part>): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const p of parts) {
    const head = `${first ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${p.contentType}\r\n${p.location ? `Content-Location: ${p.location}\r\n` : ''}Content-Length: ${p.body.length}\r\n\r\n`;
    first = false;
    // A small part goes out as one chunk with its header: each chunk is a write to the socket.
    if (p.body.length <= COALESCE_BYTES) yield Buffer.concat([Buffer.from(head, 'latin1'), p.body]);
    else {
      yield Buffer.from(head, 'latin1');
      yield p.body;
    }
  }
  yield Buffer.from(`${first ? '' : '\r\n'}--${boundary}--\r\n`, 'latin1');
}

export interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The media ranges of an Accept header (absent: anything), lower-cased, their parameters unquoted. */
export function mediaRanges(header: string | readonly string[] | undefined): MediaRange[] {
  const text = [header ?? []].flat().join(',').trim();
  if (text === '') return [{ type: '*/*', params: {} }];
  return text.split(',').map((range) => {
    const [type = '', ...rest] = range.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    }
    return { type: type.toLowerCase(), params };
  }).filter((r) => r.type !== '' && r.params.q !== '0');
}

/**
 * The first range of the Accept header that a `multipart/related` answer of `partType` parts satisfies (or the
 * single-part type itself, when `single` allows it); DICOMWEB_BAD_REQUEST (answered 406) when none does.
 */
export function acceptMultipart(header: string | readonly string[] | undefined, partType: string, what: string): MediaRange {
  for (const r of mediaRanges(header)) {
    if (r.type === '*/*' || r.type === 'multipart/*') return r;
    if (r.type === 'multipart/related' && (r.params.type === undefined || r.params.type.toLowerCase() === partType || r.params.type === '*/*')) return r;
  }
  throw notAcceptable(`${what} is answered as multipart/related; type="${partType}"`);
}

/** Whether the Accept header allows `type` (or a range covering it); DICOMWEB_BAD_REQUEST (answered 406) when not. */
export function acceptSingle(header: string | readonly string[] | undefined, type: string, what: string, also: readonly string[] = []): void {
  const [major] = type.split('/');
  for (const r of mediaRanges(header)) if (r.type === '*/*' || r.type === `${major}/*` || r.type === type || also.includes(r.type)) return;
  throw notAcceptable(`${what} is answered as ${type}`);
}

/** Marks a refusal the HTTP layer answers 406 Not Acceptable rather than 400 (PS3.18 8.7.5). */
export const NOT_ACCEPTABLE = 'notAcceptable';

function notAcceptable(what: string): Error {
  return oncoError('DICOMWEB_BAD_REQUEST', `Not acceptable: ${what}, which the Accept header does not allow.`, { [NOT_ACCEPTABLE]: true });
}
