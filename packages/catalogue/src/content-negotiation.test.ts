import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentTypeFor, FORMAT_SUFFIXES, PAGE_CONTENT_TYPES, suffixOf } from './content-negotiation.ts';

const CASES: readonly [string | undefined, string | null][] = [
  [undefined, 'text/turtle'],
  ['', 'text/turtle'],
  ['*/*', 'text/turtle'],
  ['text/turtle', 'text/turtle'],
  ['application/ld+json', 'application/ld+json'],
  ['application/json', 'application/ld+json'],
  ['Application/LD+JSON; charset=utf-8', 'application/ld+json'],
  ['application/ld+json;q=0.9, text/turtle;q=0.5', 'application/ld+json'],
  ['text/turtle;q=0.4, application/ld+json;q=0.8, */*;q=0.1', 'application/ld+json'],
  // Equal q: the more specific range wins, then our preference (Turtle).
  ['application/*, */*', 'application/ld+json'],
  ['application/ld+json, text/turtle', 'text/turtle'],
  // q=0 excludes a type even when a wildcard would allow it.
  ['text/turtle;q=0, */*', 'application/ld+json'],
  ['text/html, application/xhtml+xml', null],
  ['text/html, */*;q=0.1', 'text/turtle'],
  ['application/rdf+xml', 'application/rdf+xml'],
  ['application/n-triples', 'application/n-triples'],
  ['application/n-triples;q=0.5, application/rdf+xml', 'application/rdf+xml'],
  // A generic XML client is not sent RDF/XML unasked: application/xml is not application/rdf+xml.
  ['application/xml', null],
  ['text/plain', null],
  ['garbage', null],
];

/** What a dataset's IRI answers: the same, plus HTML for a browser. */
const PAGE_CASES: readonly [string | undefined, string | null][] = [
  [undefined, 'text/turtle'],
  ['*/*', 'text/turtle'],
  // Firefox's and Chrome's Accept for a page they navigate to.
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/html'],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7', 'text/html'],
  // text/* ties Turtle and HTML: the harvester's format comes first.
  ['text/*', 'text/turtle'],
  ['text/html;q=0.5, text/turtle', 'text/turtle'],
  ['application/rdf+xml, text/html;q=0.9', 'application/rdf+xml'],
  ['image/png', null],
];

for (const [accept, expected] of CASES) {
  test(`Accept: ${accept === undefined ? '(none)' : JSON.stringify(accept)} -> ${expected ?? '406'}`, () => {
    assert.equal(contentTypeFor(accept), expected);
  });
}

for (const [accept, expected] of PAGE_CASES) {
  test(`a dataset's IRI, Accept: ${accept === undefined ? '(none)' : JSON.stringify(accept)} -> ${expected ?? '406'}`, () => {
    assert.equal(contentTypeFor(accept, PAGE_CONTENT_TYPES), expected);
  });
}

test('every format a dataset\'s IRI answers has one suffix, and each suffix one format', () => {
  assert.deepEqual(Object.values(FORMAT_SUFFIXES).sort(), [...PAGE_CONTENT_TYPES].sort());
  for (const type of PAGE_CONTENT_TYPES) assert.equal(FORMAT_SUFFIXES[suffixOf(type)], type);
  assert.deepEqual(Object.keys(FORMAT_SUFFIXES).sort(), ['html', 'jsonld', 'nt', 'rdf', 'ttl']);
});
