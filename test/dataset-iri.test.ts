/**
 * A dataset's stable identity, end to end: published on the command line with the node's public URL, then
 * served by `oncoatlas serve` (the real command, a web UI in front) under the same IRI, which dereferences in
 * five formats (Turtle, JSON-LD, RDF/XML and N-Triples saying the same graph, and an HTML page for a browser),
 * by Accept or by suffix. The IRI survives unpublishing and republishing (even with another --public-url) and a
 * new version; an invalidated dataset answers 410 Gone with its tombstone; reactivated, 200 again at the same IRI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import { Parser, Writer, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { CATALOGUE_SETTINGS_FILE, CATALOGUE_STEWARD_FILE, generateHospital } from '@oncoatlas/synth';
import { agreementFilings, freePort, requireTool, startServe } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const ok = (...args: string[]): string => {
  const r = run(...args);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};

const UUID_V4 = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function createAndRelease(data: string, id: string): void {
  ok('dataset', 'create', '--data-dir', data, '--secret-file', join(dirname(data), 's'), '--id', id, '--title', id, '--by', 'steward', '--legal-basis', 'Synthetic data: no person behind any record', '--max-suppression', '0.2');
  const r = run('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf');
  if (r.status === 0) return;
  assert.match(r.stderr, /RISK_RELEASE_REFUSED/);
  ok('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf', '--override-risk', '--justification', 'Synthetic data only, no person behind any record');
}

function nTriples(quads: Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const w = new Writer({ format: 'N-Triples' });
    w.addQuads(quads);
    w.end((err, out: string) => (err ? reject(err) : resolve(out)));
  });
}

function rdfXmlQuads(xml: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    parser.end(xml);
  });
}

/** The graph a document says, as canonical N-Quads (RDFC-1.0), read by a parser of its own format. */
async function graphOf(body: string, type: string): Promise<string> {
  let nquads: string;
  if (type === 'application/ld+json') nquads = (await jsonld.toRDF(JSON.parse(body) as object, { format: 'application/n-quads' })) as string;
  else if (type === 'application/rdf+xml') nquads = await nTriples(await rdfXmlQuads(body));
  else nquads = await nTriples(new Parser({ format: type }).parse(body));
  return jsonld.canonize(await jsonld.fromRDF(nquads, { format: 'application/n-quads' }), { algorithm: 'URDNA2015', format: 'application/n-quads' });
}

test('a dataset\'s IRI is assigned once, dereferences in five formats, survives versions, and is gone (410) with a tombstone when withdrawn', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-dataset-iri-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'h');
  generateHospital({ out: hospital, studies: 60, seed: 'dataset-iri' });
  const data = join(dir, 'data');
  const steward = join(hospital, CATALOGUE_STEWARD_FILE);
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  createAndRelease(data, 'lung');
  for (const args of agreementFilings(join(dir, 'agreements'), data)) ok(...args);

  // Published on the command line, with the address the node will be served at.
  const url = `http://127.0.0.1:${await freePort()}`;
  assert.match(run('catalogue', 'publish', 'lung', '--data-dir', data, '--by', 'steward', '--steward', steward).stderr, /USAGE[^\n]*--public-url/);
  const iri = (JSON.parse(ok('catalogue', 'publish', 'lung', '--data-dir', data, '--by', 'steward', '--steward', steward, '--public-url', `${url}/`, '--json')) as { identifier: string }).identifier;
  assert.match(iri, new RegExp(`^${url}/catalogue/datasets/${UUID_V4}$`));

  // Served, with a web UI in front (its fallback page must not take the IRI from a browser).
  const web = join(dir, 'web');
  mkdirSync(web);
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>UI</title><div id="root"></div>');
  await startServe(t, ['--data-dir', data, '--port', new URL(url).port, '--public-url', url, '--catalogue-settings', join(hospital, CATALOGUE_SETTINGS_FILE), '--web', web]);
  const get = (address: string, accept?: string): Promise<Response> => fetch(address, accept ? { headers: { accept } } : {});

  // Five formats at the one IRI, by Accept; the four RDF ones are one graph.
  const graphs = new Set<string>();
  for (const type of ['text/turtle', 'application/ld+json', 'application/rdf+xml', 'application/n-triples']) {
    const res = await get(iri, type);
    assert.equal(res.status, 200, type);
    assert.equal(res.headers.get('content-type')?.split(';')[0], type);
    assert.equal(res.headers.get('vary'), 'Accept');
    const body = await res.text();
    assert.ok(body.includes(iri), `${type} names the dataset by its IRI`);
    graphs.add(await graphOf(body, type));
  }
  assert.equal(graphs.size, 1, 'Turtle, JSON-LD, RDF/XML and N-Triples say the same triples');
  const [graph] = graphs;
  assert.ok(graph!.includes(`<${iri}> <http://purl.org/dc/terms/identifier> "${iri}"^^<http://www.w3.org/2001/XMLSchema#anyURI>`), 'dct:identifier is the IRI');
  const page = await get(iri, BROWSER);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(page.headers.get('content-security-policy') ?? '', /^default-src 'none'; style-src 'sha256-/);
  const html = await page.text();
  assert.match(html, /<h1>Synthetic hospital cancer imaging cohort<\/h1>/);
  assert.doesNotMatch(html, /id="root"/, 'the landing page, not the web UI');
  for (const suffix of ['ttl', 'jsonld', 'rdf', 'nt']) assert.ok(html.includes(`href="${iri}.${suffix}"`), suffix);

  // Clients that cannot negotiate: a suffix or ?format= names the format, whatever Accept says.
  for (const [address, type] of [[`${iri}.ttl`, 'text/turtle'], [`${iri}.rdf`, 'application/rdf+xml'], [`${iri}.nt`, 'application/n-triples'], [`${iri}.jsonld`, 'application/ld+json'], [`${iri}?format=nt`, 'application/n-triples'], [`${iri}.html`, 'text/html']] as const) {
    const res = await get(address, BROWSER);
    assert.equal(res.status, 200, address);
    assert.equal(res.headers.get('content-type')?.split(';')[0], type, address);
  }
  assert.equal((await get(iri, 'image/png')).status, 406);
  assert.equal((await get(`${url}/catalogue/datasets/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'text/turtle')).status, 404, 'an unknown UUID');
  assert.equal((await get(`${url}/catalogue/datasets/lung`, 'text/turtle')).status, 404, 'the local id is no IRI');

  if (requireTool(t, 'rapper')) {
    for (const [suffix, syntax] of [['rdf', 'rdfxml'], ['nt', 'ntriples']] as const) {
      const file = join(dir, `lung.${suffix}`);
      writeFileSync(file, await (await get(`${iri}.${suffix}`)).text());
      const parsed = spawnSync('rapper', ['-i', syntax, '-o', 'ntriples', file, iri], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(parsed.status, 0, parsed.stderr);
      assert.doesNotMatch(parsed.stderr, /error|warning/i);
      assert.equal(await graphOf(parsed.stdout, 'application/n-triples'), graph, `rapper reads the same graph from ${syntax}`);
    }
  }

  // The catalogue lists it under the same IRI, at /catalogue too; a browser there gets the web UI's catalogue page,
  // with the page's own query parameters (its facets), which the harvest endpoint does not read.
  assert.ok((await (await get(`${url}/api/catalogue`, 'text/turtle')).text()).includes(`<${iri}>`));
  assert.ok((await (await get(`${url}/catalogue?pageSize=5`, 'text/turtle')).text()).includes(`<${iri}>`));
  const ui = await get(`${url}/catalogue?modality=CT&q=lung`, BROWSER);
  assert.equal(ui.status, 200);
  assert.match(await ui.text(), /id="root"/, 'the web UI');
  assert.equal((await get(`${url}/catalogue?modality=CT`, 'text/turtle')).status, 400, 'a harvester is told of a parameter the endpoint does not know');

  // Unpublished: not found; published again, with another address given: warned about, the same IRI.
  ok('catalogue', 'unpublish', 'lung', '--data-dir', data, '--by', 'steward');
  assert.equal((await get(iri, 'text/turtle')).status, 404);
  const again = run('catalogue', 'publish', 'lung', '--data-dir', data, '--by', 'steward', '--public-url', 'https://elsewhere.example');
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /Warning: [^\n]*named under http:\/\/127\.0\.0\.1:\d+[^\n]*never change/);
  assert.ok(again.stdout.includes(`Its identifier: ${iri}`));

  // A new version: the same IRI describes it.
  createAndRelease(data, 'lung');
  const v2 = await get(iri, 'application/n-triples');
  assert.equal(v2.status, 200);
  assert.ok((await v2.text()).includes(`<${iri}> <http://www.w3.org/ns/dcat#version> "2.0.0"`), 'the records are the new version\'s');

  // Withdrawn: 410 Gone, with the tombstone in the format asked for.
  ok('catalogue', 'invalidate', 'lung', '--data-dir', data, '--by', 'steward');
  const gone = await get(iri, 'text/turtle');
  assert.equal(gone.status, 410);
  const tombstone = await gone.text();
  assert.match(tombstone, /dcat:CatalogRecord/);
  assert.ok(tombstone.includes('<http://purl.org/adms/changetype/deleted>'), 'the record says the dataset was deleted from the catalogue');
  assert.match(tombstone, /dct:modified "\d{4}-\d{2}-\d{2}T[^"]+"\^\^xsd:dateTime/);
  assert.ok(tombstone.includes('dct:title "Synthetic hospital cancer imaging cohort"@en'), 'and what it was');
  assert.doesNotMatch(tombstone, /numberOfUniqueIndividuals|dcat:distribution/, 'but no longer its records');
  for (const type of ['application/ld+json', 'application/rdf+xml', 'application/n-triples']) {
    const res = await get(iri, type);
    assert.equal(res.status, 410, type);
    assert.equal(await graphOf(await res.text(), type), await graphOf(tombstone, 'text/turtle'), type);
  }
  const withdrawnPage = await get(iri, BROWSER);
  assert.equal(withdrawnPage.status, 410);
  assert.match(await withdrawnPage.text(), /<strong>Withdrawn\.<\/strong>/);
  assert.ok(!(await (await get(`${url}/api/catalogue`, 'text/turtle')).text()).includes(`<${iri}> a`), 'no longer in the catalogue');

  // Reactivated: the records again, at the same IRI.
  assert.ok(ok('catalogue', 'reactivate', 'lung', '--data-dir', data, '--by', 'steward').includes(`Its identifier: ${iri}`));
  const back = await get(iri, 'text/turtle');
  assert.equal(back.status, 200);
  assert.ok((await back.text()).includes(`<${iri}> a dcat:Dataset`));
});
