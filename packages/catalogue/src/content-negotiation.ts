/**
 * Which serialisation to answer with, from an HTTP Accept header (RFC 9110 §12.5.1): highest q first, then
 * the more specific range, then our preference (the order of the offered types: Turtle first, the format
 * DCAT-AP harvesters are tested with). `application/json` is served JSON-LD: a compacted JSON-LD document is
 * JSON. Returns null when nothing offered is acceptable, for the server to answer 406.
 *
 * The RDF formats are the four a Linked Data client may ask for (Turtle, JSON-LD, RDF/XML, N-Triples); a
 * dataset's IRI also offers HTML, for a person who opens it in a browser (PAGE_CONTENT_TYPES).
 */
export const RECORD_CONTENT_TYPES = ['text/turtle', 'application/ld+json', 'application/rdf+xml', 'application/n-triples'] as const;
export type RecordContentType = (typeof RECORD_CONTENT_TYPES)[number];

/** What a dataset's IRI answers: the records in any RDF format, or a landing page for a browser. */
export const PAGE_CONTENT_TYPES = [...RECORD_CONTENT_TYPES, 'text/html'] as const;
export type PageContentType = (typeof PAGE_CONTENT_TYPES)[number];

/**
 * The file suffix (or `?format=`) for clients that cannot send an Accept header: `<iri>.ttl`, `<iri>.rdf`, …
 * Each names exactly one type, whatever the client's Accept says.
 */
export const FORMAT_SUFFIXES: Readonly<Record<string, PageContentType>> = {
  ttl: 'text/turtle',
  jsonld: 'application/ld+json',
  rdf: 'application/rdf+xml',
  nt: 'application/n-triples',
  html: 'text/html',
};

/** The suffix of a content type (`application/rdf+xml` -> `rdf`). */
export function suffixOf(type: PageContentType): string {
  return Object.entries(FORMAT_SUFFIXES).find(([, t]) => t === type)![0];
}

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
function specificity(range: Range, contentType: string): number {
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
 * @example contentTypeFor('text/html,application/xhtml+xml,*\/*;q=0.8', PAGE_CONTENT_TYPES) // 'text/html'
 */
export function contentTypeFor<T extends string = RecordContentType>(accept: string | undefined, offered: readonly T[] = RECORD_CONTENT_TYPES as unknown as readonly T[]): T | null {
  if (accept === undefined || accept.trim() === '') return offered[0] ?? null;
  const ranges = parseAccept(accept);
  let best: { type: T; q: number; specificity: number } | null = null;
  for (const type of offered) {
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
