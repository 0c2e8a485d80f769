import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import jsonld from 'jsonld';
import { DataFactory, Parser } from 'n3';
import type { Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { requireTool } from '@oncoatlas/testkit';
import { catalogueQuads } from './catalogue-records.ts';
import { syntheticCatalogue, syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { JSONLD_CONTEXT } from './jsonld-context.ts';
import { serialise, toJsonLd, toNTriples, toRdfXml, toTurtle } from './serialise.ts';
import { RECORD_CONTENT_TYPES, type RecordContentType } from './content-negotiation.ts';
import { tombstoneQuads } from './tombstone-records.ts';

// A page with two datasets: every kind of node and literal the records make (language tags, typed
// literals, booleans, blank nodes, IRIs with fragments and queries).
const QUADS = catalogueQuads(syntheticCatalogue(), [syntheticDataset(1), syntheticDataset(2)]);

// What XML escapes or normalises (markup characters, quotes, line ends, a tab) and a blank node whose label is
// no XML name, beside a tombstone: every serialisation must carry them unchanged.
const { namedNode, literal, blankNode, quad } = DataFactory;
const AWKWARD: Quad[] = [
  ...tombstoneQuads({ identifierIri: 'https://node.example/catalogue/datasets/6f1c2e7a-4d4c-4b1e-8e8f-000000000001', title: { en: 'Lung <CT> & "PET"' }, description: { en: 'Line one\r\nline two\ttabbed, café, 肺' }, version: 3, withdrawnAt: '2026-05-02T09:00:00.000Z' }),
  quad(namedNode('https://node.example/x'), namedNode('http://purl.org/dc/terms/relation'), blankNode('1-not-an-xml-name')),
  quad(blankNode('1-not-an-xml-name'), namedNode('http://www.w3.org/2000/01/rdf-schema#label'), literal('it\'s ]]> here', 'en-gb')),
];

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
  // dcat:Resource too: a harvester's SHACL check of foaf:primaryTopic sees the class without RDFS inference.
  assert.deepEqual(dataset['@type'], ['dcat:Dataset', 'dcat:Resource']);
  assert.deepEqual(dataset['dcat:version'], '2.0.0');
  assert.deepEqual(dataset['eucaim:hasCondition'], { '@id': 'eucaim:CLIN1000065' });
  assert.deepEqual(dataset['healthdcatap:numberOfRecords'], { '@type': 'xsd:nonNegativeInteger', '@value': '1390' });
  assert.match(await serialise(QUADS, 'text/turtle'), /^@prefix rdf: /);
});

function parseRdfXml(xml: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(xml);
    parser.end();
  });
}

/** Reads a document of any of the four formats back into quads (n3 for Turtle and N-Triples, jsonld, rdfxml-streaming-parser). */
async function readBack(text: string, type: RecordContentType): Promise<string> {
  switch (type) {
    case 'text/turtle': return toNTriples(new Parser({ format: 'text/turtle' }).parse(text));
    case 'application/n-triples': return toNTriples(new Parser({ format: 'application/n-triples' }).parse(text));
    case 'application/ld+json': return (await jsonld.toRDF(JSON.parse(text) as object, { format: 'application/n-quads' })) as string;
    case 'application/rdf+xml': return toNTriples(await parseRdfXml(text));
  }
}

for (const [name, quads] of [['a catalogue page', QUADS], ['texts XML must escape, and a tombstone', AWKWARD]] as const) {
  test(`the four serialisations of ${name} are the same graph (RDFC-1.0 canonical N-Quads)`, async () => {
    const expected = await canonical(await toNTriples(quads));
    assert.equal(expected.trim().split('\n').length, quads.length, 'the canonical form keeps every triple');
    for (const type of RECORD_CONTENT_TYPES) {
      assert.equal(await canonical(await readBack(await serialise(quads, type), type)), expected, type);
    }
  });
}

test('RDF/XML and N-Triples parse with rapper into the same graph as the quads', async (t) => {
  if (!requireTool(t, 'rapper')) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-catalogue-'));
  try {
    for (const quads of [QUADS, AWKWARD]) {
      const expected = await canonical(await toNTriples(quads));
      for (const [syntax, text] of [['rdfxml', await toRdfXml(quads)], ['ntriples', await toNTriples(quads)]] as const) {
        const file = join(dir, `records.${syntax}`);
        writeFileSync(file, text);
        const { stdout, stderr } = await promisify(execFile)('rapper', ['-i', syntax, '-o', 'ntriples', file, 'https://node.example/base'], { maxBuffer: 64 << 20 });
        assert.doesNotMatch(stderr, /error|warning/i, `${syntax}: ${stderr}`);
        assert.equal(await canonical(stdout), expected, syntax);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a text with a control character XML cannot carry is refused in RDF/XML, named', async () => {
  const bad = [quad(namedNode('https://node.example/x'), namedNode('http://purl.org/dc/terms/title'), literal('bell \u0007'))];
  await assert.rejects(toRdfXml(bad), /CATALOGUE_INVALID_FACTS|control character/);
});
