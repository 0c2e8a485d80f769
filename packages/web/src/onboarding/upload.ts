/**
 * Uploading a document as the raw request body (the hub's and the node's document routes take the bytes with
 * the file's content type, the kind and file name in the query), so no multipart parser sits in front of the
 * hash the server computes. Used by the onboarding checklist and the node's agreements page.
 */
import { ApiError, problemOf } from '../api/client.ts';

/** The content types the document routes accept; anything else is sent as application/octet-stream. */
export const UPLOAD_MEDIA_TYPES: readonly string[] = ['application/pdf', 'text/plain', 'image/png', 'image/jpeg', 'application/octet-stream'];

/** The routes' limit (20 MiB), checked before sending so a too large file fails at once with the reason. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const BY_EXTENSION: Readonly<Record<string, string>> = { pdf: 'application/pdf', txt: 'text/plain', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

/** The content type to send: the browser's when the route accepts it, else guessed from the extension. */
export function mediaTypeOf(file: { readonly name: string; readonly type: string }): string {
  if (UPLOAD_MEDIA_TYPES.includes(file.type)) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}

/** A date input's value as the routes take it (YYYY-MM-DD), or null for none or an impossible date. */
export function isoDay(value: string): string | null {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? null : v;
}

/** `base?kind=K&filename=F[&validUntil=D]`, each value escaped. */
export function uploadUrl(base: string, o: { readonly kind: string; readonly filename: string; readonly validUntil?: string | null }): string {
  const q = new URLSearchParams({ kind: o.kind, filename: o.filename });
  if (o.validUntil) q.set('validUntil', o.validUntil);
  return `${base}?${q.toString()}`;
}

/** Why this file cannot be sent, or null: the same limits the route enforces, said before the upload. */
export function uploadProblem(file: { readonly size: number } | null): string | null {
  if (!file) return 'Choose a file.';
  if (file.size === 0) return 'The file is empty.';
  if (file.size > MAX_UPLOAD_BYTES) return 'The file is larger than 20 MiB.';
  return null;
}

export async function uploadFile<T>(url: string, file: File): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': mediaTypeOf(file) },
      body: file,
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK', detail: 'The upload did not reach the server; check the connection and try again.' });
  }
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}
