/**
 * How a job's output is served. The file is the researcher's code's writing, so the browser is never asked to
 * render it as anything active: a reviewer reads text as text/plain (an HTML or SVG output shows its source),
 * PNG as an image, anything else as an attachment; a researcher downloads their released files with the type
 * their name says. The API's policy headers (no script, nosniff) apply on top (http/security-headers.ts).
 */
import { attachment } from '../http/attachment.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.csv': 'text/csv; charset=utf-8', '.tsv': 'text/tab-separated-values; charset=utf-8', '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8', '.png': 'image/png',
};

const extensionOf = (path: string): string => /\.[^./]+$/.exec(path.toLowerCase())?.[0] ?? '';

/** Valid UTF-8 without NUL bytes: shown as text, whatever its name. */
export function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function outputHeaders(path: string, bytes: Uint8Array, o: { readonly forReview: boolean }): Record<string, string> {
  const ext = extensionOf(path);
  const text = isText(bytes);
  if (o.forReview) {
    if (ext === '.png' && !text) return { 'content-type': 'image/png' };
    if (text) return { 'content-type': 'text/plain; charset=utf-8' };
    return { 'content-type': 'application/octet-stream', 'content-disposition': attachment(path, 'output') };
  }
  const type = TYPES[ext] ?? (text ? 'text/plain; charset=utf-8' : 'application/octet-stream');
  return { 'content-type': type, 'content-disposition': attachment(path, 'output') };
}
