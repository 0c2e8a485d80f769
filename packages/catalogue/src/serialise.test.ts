import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { requireTool } from '@oncoatlas/testkit';
import { catalogueQuads } from './catalogue-records.ts';
import { syntheticCatalogue, syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { JSONLD_CONTEXT } from './jsonld-context.ts';
import { serialise, toJsonLd, toNTriples, toTurtle } from './serialise.ts';

// A page with two datasets: every kind of node and literal the records make (language tags, typed
// literals, booleans, blank nodes, IRIs with fragments and queries).
const QUADS = catalogueQuads(syntheticCatalogue(), [syntheticDataset(1), syntheticDataset(2)]);

/** Canonical N-Quads (RDF Dataset Canonicalization), so blank-node labels do not matter. */
async function canonical(nquads: string): Promise<string> {
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  return jsonld.canonize(expanded, { algorithm: 'URDNA2015', format: 'application/n-quads' });
}

test('the Turtle parses with rapper, an independent parser, into as many triples as we made', async (t) => {
  if (!requireTool(t, 'rapper')) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-catalogue-'));
  try {
    const file = join(dir, 'catalogue.ttl');
    writeFileSync(file, await toTurtle(QUADS));
    const { stderr } = await promisify(execFile)('rapper', ['-i', 'turtle', '-c', file]);
    const m = /Parsing returned (\d+) triples/.exec(stderr);
    assert.ok(m, `rapper said: ${stderr}`);
    assert.equal(Number(m[1]), QUADS.length);
    assert.doesNotMatch(stderr, /error|warning/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Turtle reads back (n3) to exactly the same triples', async () => {
  const back = new Parser().parse(await toTurtle(QUADS));
  assert.equal(await canonical(await toNTriples(back)), await canonical(await toNTriples(QUADS)));
});

test('JSON-LD round trip: toRDF of our JSON-LD gives the same set of triples as the quads', async () => {
  const doc = await toJsonLd(QUADS);
  assert.deepEqual(doc['@context'], JSONLD_CONTEXT);
  const back = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as string;
  assert.equal(back.trim().split('\n').length, QUADS.length);
  const expected = await canonical(await toNTriples(QUADS));
  assert.equal(expected.trim().split('\n').length, QUADS.length, 'the canonical form keeps every triple');
  assert.equal(await canonical(back), expected);
});

test('the JSON-LD uses the profile\'s property names', async () => {
  const text = await serialise(QUADS, 'application/ld+json');
  const doc = JSON.parse(text) as { '@graph': Record<string, unknown>[] };
  const dataset = doc['@graph'].find((n) => n['@id'] === syntheticDataset(1).identifierIri)!;
  assert.equal(dataset['@type'], 'dcat:Dataset');
  assert.deepEqual(dataset['dcat:version'], '2.0.0');
  assert.deepEqual(dataset['eucaim:hasCondition'], { '@id': 'eucaim:CLIN1000065' });
  assert.deepEqual(dataset['healthdcatap:numberOfRecords'], { '@type': 'xsd:nonNegativeInteger', '@value': '1390' });
  assert.match(await serialise(QUADS, 'text/turtle'), /^@prefix rdf: /);
});
