import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from 'n3';
import type { Quad } from 'n3';
import { isOncoAtlasError } from '@oncoatlas/core';
import { DEFAULT_PAGE_SIZE, catalogueQuads, pageCount, pageIri } from './catalogue-records.ts';
import { syntheticCatalogue, syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { validateRecords } from './validate-records.ts';
import { PREFIXES } from './vocabulary.ts';

const CATALOGUE = syntheticCatalogue();
// Given out of order, to show the pages do not depend on it.
const DATASETS = [5, 2, 7, 1, 4, 6, 3].map((n) => syntheticDataset(n));
const HYDRA = PREFIXES.hydra;
const DCAT = PREFIXES.dcat;

function links(quads: readonly Quad[], page: string) {
  const store = new Store([...quads]);
  const one = (p: string) => store.getObjects(page, `${HYDRA}${p}`, null)[0]?.value;
  return {
    next: one('next'), previous: one('previous'), first: one('first'), last: one('last'),
    view: store.getObjects(CATALOGUE.iri, `${HYDRA}view`, null).map((o) => o.value),
    total: store.getObjects(CATALOGUE.iri, `${HYDRA}totalItems`, null)[0]?.value,
    linked: store.getObjects(CATALOGUE.iri, `${DCAT}dataset`, null).map((o) => o.value),
    records: store.getSubjects(`${PREFIXES.rdf}type`, `${DCAT}Dataset`, null).map((s) => s.value),
  };
}

test('page 1 of 3 links to the next page, the last page has no next, the middle one both ways', () => {
  const iri = (n: number) => pageIri(CATALOGUE.iri, n, 3);
  const p1 = links(catalogueQuads(CATALOGUE, DATASETS, { page: 1, pageSize: 3 }), iri(1));
  assert.deepEqual(p1.view, [iri(1)]);
  assert.equal(p1.next, iri(2));
  assert.equal(p1.previous, undefined);
  assert.equal(p1.first, iri(1));
  assert.equal(p1.last, iri(3));
  assert.equal(p1.total, '7');
  const p2 = links(catalogueQuads(CATALOGUE, DATASETS, { page: 2, pageSize: 3 }), iri(2));
  assert.deepEqual([p2.previous, p2.next], [iri(1), iri(3)]);
  const p3 = links(catalogueQuads(CATALOGUE, DATASETS, { page: 3, pageSize: 3 }), iri(3));
  assert.equal(p3.next, undefined);
  assert.equal(p3.previous, iri(2));
  assert.equal(iri(2), 'https://node.hospital-sintetic.example/catalogue?page=2&pageSize=3');
});

test('a harvester following hydra:next from page 1 meets every dataset exactly once, with its full record', async () => {
  const seen: string[] = [];
  let page: number | undefined = 1;
  let pages = 0;
  while (page !== undefined) {
    const quads = catalogueQuads(CATALOGUE, DATASETS, { page, pageSize: 3 });
    const l = links(quads, pageIri(CATALOGUE.iri, page, 3));
    assert.deepEqual([...l.linked].sort(), [...l.records].sort(), 'each page holds the records of the datasets it links');
    assert.ok(l.linked.length <= 3);
    assert.equal((await validateRecords(quads)).conforms, true, `page ${page} conforms`);
    seen.push(...l.linked);
    pages++;
    page = l.next ? Number(new URL(l.next).searchParams.get('page')) : undefined;
  }
  assert.equal(pages, 3);
  assert.deepEqual([...seen].sort(), DATASETS.map((d) => d.identifierIri).sort());
  assert.equal(new Set(seen).size, seen.length, 'no dataset on two pages');
});

test('the default page size is not written into the links; an empty catalogue has one page', () => {
  assert.equal(pageIri(CATALOGUE.iri, 1), 'https://node.hospital-sintetic.example/catalogue?page=1');
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(DEFAULT_PAGE_SIZE + 1), 2);
  const empty = links(catalogueQuads(CATALOGUE, []), pageIri(CATALOGUE.iri, 1));
  assert.deepEqual([empty.total, empty.next, empty.linked.length], ['0', undefined, 0]);
});

test('a page past the last, a bad page size, or one dataset given twice is refused', () => {
  const refused = (code: 'CATALOGUE_BAD_PAGE' | 'CATALOGUE_INVALID_FACTS') => (err: unknown) => isOncoAtlasError(err, code);
  assert.throws(() => catalogueQuads(CATALOGUE, DATASETS, { page: 4, pageSize: 3 }), refused('CATALOGUE_BAD_PAGE'));
  assert.throws(() => catalogueQuads(CATALOGUE, DATASETS, { page: 0 }), refused('CATALOGUE_BAD_PAGE'));
  assert.throws(() => catalogueQuads(CATALOGUE, DATASETS, { page: 1.5 }), refused('CATALOGUE_BAD_PAGE'));
  assert.throws(() => catalogueQuads(CATALOGUE, DATASETS, { pageSize: 0 }), refused('CATALOGUE_BAD_PAGE'));
  assert.throws(() => catalogueQuads(CATALOGUE, DATASETS, { pageSize: 501 }), refused('CATALOGUE_BAD_PAGE'));
  assert.throws(() => catalogueQuads(CATALOGUE, [...DATASETS, syntheticDataset(3)]), refused('CATALOGUE_INVALID_FACTS'));
});
