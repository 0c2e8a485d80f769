/**
 * QIDO-RS searches (PS3.18 10.6) and the little of the DICOM JSON model (PS3.18 F.2) the source needs:
 * tag keys of 8 hex digits, each with a `Value` array.
 */
import { oncoError } from '@oncoatlas/core';
import { ROOT_HINT, type Endpoint } from './http.ts';

export type DicomJson = Record<string, { readonly vr?: string; readonly Value?: readonly unknown[] }>;

export const TAG = {
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  sopInstanceUid: '00080018',
  numberOfStudyRelatedInstances: '00201208',
} as const;

export function stringValue(ds: DicomJson, tag: string): string | undefined {
  const v = ds[tag]?.Value?.[0];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** IS values are JSON numbers in the standard, strings from some servers. */
export function numberValue(ds: DicomJson, tag: string): number | undefined {
  const v = ds[tag]?.Value?.[0];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Every match of a search, page by page (limit/offset), without duplicates by `key`. Paging stops at a short
 * page; at a page longer than asked (the server ignored limit and sent everything); and at a page with
 * nothing new (the server ignored offset and sent the first page again). A server that silently caps pages
 * below `pageSize` looks like the end, so keep pageSize at or under the server's cap.
 */
export async function qidoAll(ep: Endpoint, path: string, query: Record<string, string>, key: string, pageSize: number, signal?: AbortSignal): Promise<DicomJson[]> {
  const seen = new Set<string>();
  const all: DicomJson[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await qido(ep, path, { ...query, limit: String(pageSize), offset: String(offset) }, signal);
    let fresh = 0;
    for (const ds of page) {
      const k = stringValue(ds, key);
      if (k === undefined || seen.has(k)) continue;
      seen.add(k);
      all.push(ds);
      fresh++;
    }
    if (page.length !== pageSize || fresh === 0) return all;
  }
}

/** One QIDO-RS request: a JSON array of DICOM JSON objects, or SOURCE_PROTOCOL saying what came instead. */
export async function qido(ep: Endpoint, path: string, query: Record<string, string>, signal?: AbortSignal): Promise<DicomJson[]> {
  const res = await ep.get(ep.url(path, query), 'application/dicom+json, application/json;q=0.9', signal);
  const what = 'a QIDO-RS search';
  if (res.status === 204) return []; // "no matches" for some servers
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw ep.statusError(res.status, what);
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/dicom+json' && type !== 'application/json') {
    await res.body?.cancel().catch(() => undefined);
    throw protocol(ep, `answered a QIDO-RS search with ${type || 'no Content-Type'} where application/dicom+json was expected`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw ep.bodyError(err);
  }
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw protocol(ep, 'answered a QIDO-RS search with text that is not JSON', err);
  }
  if (!Array.isArray(value) || !value.every(isDicomJson)) throw protocol(ep, 'answered a QIDO-RS search with JSON that is not an array of DICOM JSON datasets');
  return value;
}

function isDicomJson(v: unknown): v is DicomJson {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.entries(v).every(([k, e]) => /^[0-9A-Fa-f]{8}$/.test(k) && typeof e === 'object' && e !== null);
}

function protocol(ep: Endpoint, what: string, cause?: unknown): Error {
  return oncoError('SOURCE_PROTOCOL', `The DICOMweb server ${ep.where} ${what}: ${ROOT_HINT}`, { host: ep.where }, cause);
}
