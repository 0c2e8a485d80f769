/**
 * Which serialisation to answer with, from an HTTP Accept header (RFC 9110 §12.5.1): highest q first, then
 * the more specific range, then our preference (Turtle, the format DCAT-AP harvesters are tested with).
 * `application/json` is served JSON-LD: a compacted JSON-LD document is JSON. Returns null when nothing we
 * make is acceptable, for the server to answer 406.
 */
export const RECORD_CONTENT_TYPES = ['text/turtle', 'application/ld+json'] as const;
export type RecordContentType = (typeof RECORD_CONTENT_TYPES)[number];

interface Range {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [media, ...params] = part.split(';').map((p) => p.trim());
    const m = /^([a-z0-9!#$&^_.+-]+|\*)\/([a-z0-9!#$&^_.+-]+|\*)$/i.exec(media ?? '');
    if (!m) continue;
    let q = 1;
    for (const param of params) {
      const qm = /^q\s*=\s*([01](?:\.\d{0,3})?)$/i.exec(param);
      if (qm) q = Math.min(1, Number(qm[1]));
    }
    ranges.push({ type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), q });
  }
  return ranges;
}

/** How well a range matches a content type: 3 exact, 2 `type/*`, 1 `*\/*`, 0 not at all. */
function specificity(range: Range, contentType: RecordContentType): number {
  const [type, subtype] = contentType.split('/') as [string, string];
  if (range.type === '*' && range.subtype === '*') return 1;
  if (range.type !== type) return 0;
  if (range.subtype === '*') return 2;
  if (range.subtype === subtype) return 3;
  if (contentType === 'application/ld+json' && range.subtype === 'json') return 3;
  return 0;
}

/**
 * @example contentTypeFor('application/ld+json;q=0.9, text/turtle;q=0.5') // 'application/ld+json'
 * @example contentTypeFor(undefined) // 'text/turtle'
 * @example contentTypeFor('text/html') // null -> 406 Not Acceptable
 */
export function contentTypeFor(accept: string | undefined): RecordContentType | null {
  if (accept === undefined || accept.trim() === '') return 'text/turtle';
  const ranges = parseAccept(accept);
  let best: { type: RecordContentType; q: number; specificity: number } | null = null;
  for (const type of RECORD_CONTENT_TYPES) {
    // The most specific range that matches decides the type's q (a `text/turtle;q=0` beats `*/*`).
    let match: { q: number; specificity: number } | null = null;
    for (const range of ranges) {
      const s = specificity(range, type);
      if (s > 0 && (!match || s > match.specificity)) match = { q: range.q, specificity: s };
    }
    if (!match || match.q === 0) continue;
    if (!best || match.q > best.q || (match.q === best.q && match.specificity > best.specificity)) best = { type, ...match };
  }
  return best?.type ?? null;
}
