import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentTypeFor } from './content-negotiation.ts';

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
  ['application/rdf+xml', null],
  ['garbage', null],
];

for (const [accept, expected] of CASES) {
  test(`Accept: ${accept === undefined ? '(none)' : JSON.stringify(accept)} -> ${expected ?? '406'}`, () => {
    assert.equal(contentTypeFor(accept), expected);
  });
}
