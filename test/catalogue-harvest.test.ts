/**
 * A harvester's view of a node: three datasets of one small synthetic hospital are published through the API of
 * a node listening on a real port; a crawler pointed at the catalogue's entry point (pageSize=1) follows only
 * the links it is given (hydra:next, dcat:dataset, dcat:record), finds all three, and dereferences each
 * dataset's IRI in five formats. After one dataset's fields change, an incremental harvest fetches that
 * dataset only. The FAIR Data Point's root, catalogue, dataset and distribution link to each other.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Parser, Store, type Quad } from 'n3';
import { describeResults, validateOfficial, validateRecords, type OfficialProfileId } from '@oncoatlas/catalogue';
import { CATALOGUE_STEWARD_FILE, catalogueSettings, generateHospital } from '@oncoatlas/synth';
import { buildServer, createTokenVerifier, mintLocalToken } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { agreementFilings } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const ok = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/', hydra: 'http://www.w3.org/ns/hydra/core#', ldp: 'http://www.w3.org/ns/ldp#', fdp: 'https://w3id.org/fdp/fdp-o#',
};

function createAndRelease(data: string, id: string): void {
  ok('dataset', 'create', '--data-dir', data, '--secret-file', join(dirname(data), 's'), '--id', id, '--title', id, '--by', 'steward', '--legal-basis', 'Synthetic data: no person behind any record', '--max-suppression', '0.2');
  const r = spawnSync(process.execPath, [cli, 'dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf'], { encoding: 'utf8' });
  if (r.status === 0) return;
  assert.match(r.stderr, /RISK_RELEASE_REFUSED/);
  ok('dataset', 'release', id, '--data-dir', data, '--by', 'dpo', '--no-pdf', '--override-risk', '--justification', 'Synthetic data only, no person behind any record');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A harvester's HTTP: GETs without credentials, counting what it fetched. */
class Client {
  readonly fetched: string[] = [];

  async get(url: string, accept = 'text/turtle'): Promise<Response> {
    this.fetched.push(url);
    return fetch(url, { headers: { accept } });
  }

  async graph(url: string): Promise<Store> {
    const r = await this.get(url);
    assert.equal(r.status, 200, `${url}: ${await r.clone().text()}`);
    assert.match(r.headers.get('content-type') ?? '', /^text\/turtle/);
    return new Store(new Parser({ baseIRI: url }).parse(await r.text()));
  }
}

const one = (g: Store, s: string, p: string): string | undefined => g.getObjects(s, p, null)[0]?.value;
const all = (g: Store, s: string, p: string): string[] => g.getObjects(s, p, null).map((o) => o.value);

interface Harvest {
  /** Dataset IRI -> the dct:modified of its catalogue record. */
  readonly modified: Map<string, string>;
  readonly pages: string[];
  /** The catalogue's hydra:search template, as the first page gives it. */
  readonly template: string | undefined;
}

/** Crawls from an entry point, following hydra:next only; reads each dataset's catalogue record. */
async function crawl(client: Client, entry: string): Promise<Harvest> {
  const modified = new Map<string, string>();
  const pages: string[] = [];
  let template: string | undefined;
  let url: string | undefined = entry;
  while (url) {
    assert.ok(!pages.includes(url), `page ${url} is not visited twice`);
    pages.push(url);
    const g = await client.graph(url);
    const catalogue = g.getSubjects(`${NS.rdf}type`, `${NS.dcat}Catalog`, null)[0]!.value;
    const linked = all(g, catalogue, `${NS.dcat}dataset`);
    const topics = all(g, catalogue, `${NS.dcat}record`).map((record) => {
      const topic = one(g, record, `${NS.foaf}primaryTopic`)!;
      modified.set(topic, one(g, record, `${NS.dct}modified`)!);
      return topic;
    });
    assert.deepEqual(topics.sort(), linked.sort(), 'one catalogue record per dataset the page lists');
    const search = g.getObjects(catalogue, `${NS.hydra}search`, null)[0];
    if (search && !template) template = g.getObjects(search, `${NS.hydra}template`, null)[0]?.value;
    const view = one(g, catalogue, `${NS.hydra}view`)!;
    url = one(g, view, `${NS.hydra}next`);
  }
  return { modified, pages, template };
}

/** Dereferences each changed dataset (modified after what was seen last), as an incremental harvester does. */
async function fetchChanged(client: Client, now: Harvest, before: ReadonlyMap<string, string>): Promise<string[]> {
  const fetched: string[] = [];
  for (const [iri, modified] of now.modified) {
    if (before.get(iri) === modified) continue;
    const g = await client.graph(iri);
    assert.ok(g.has(new Parser().parse(`<${iri}> a <${NS.dcat}Dataset> .`)[0] as Quad), `${iri} describes the dataset`);
    fetched.push(iri);
  }
  return fetched;
}

test('a harvester crawls the catalogue from its entry point, dereferences every dataset, and harvests incrementally', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-harvest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 40, seed: 'harvest' });
  const data = join(dir, 'data');
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  const ids = ['alpha', 'beta', 'gamma'];
  for (const id of ids) createAndRelease(data, id);
  // Publishing needs the node's agreements on file (docs/access.md).
  for (const args of agreementFilings(join(dir, 'agreements'), data)) ok(...args);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const localKey = new TextEncoder().encode('the local key of the harvest test node, long enough');
  const app = await buildServer({
    ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey }), version: 'test', publicUrl: base,
    catalogue: { dataDir: data, settings: catalogueSettings() as never, publicUrl: base },
  });
  t.after(() => app.close());
  await app.listen({ host: '127.0.0.1', port });
  const steward = { authorization: `Bearer ${await mintLocalToken(localKey, { subject: 'steward', roles: ['steward'], hours: 1 })}`, 'content-type': 'application/json' };
  const fields = JSON.parse(readFileSync(join(dir, 'h', CATALOGUE_STEWARD_FILE), 'utf8')) as Record<string, unknown>;
  const change = async (id: string, action: string, body: object = {}): Promise<void> => {
    const r = await fetch(`${base}/api/catalogue/datasets/${id}/${action}`, { method: 'POST', headers: steward, body: JSON.stringify(body) });
    assert.equal(r.status, 200, await r.text());
  };
  for (const id of ids) await change(id, 'publish', { steward: { ...fields, title: { en: `Synthetic cohort ${id}` } } });

  // The full harvest: from the entry point, one dataset a page, links from the answers only.
  const client = new Client();
  const first = await crawl(client, `${base}/catalogue?pageSize=1`);
  assert.equal(first.pages.length, 3);
  assert.equal(first.modified.size, 3, 'all three datasets are found');
  for (const page of first.pages) assert.ok(page.startsWith(`${base}/catalogue?`), `${page} stays on the entry point`);
  for (const iri of first.modified.keys()) assert.ok(iri.startsWith(`${base}/catalogue/datasets/`), `${iri} is an IRI of the node`);

  // Each dataset's IRI in five formats.
  const formats = [
    ['text/turtle', /^text\/turtle/], ['application/ld+json', /^application\/ld\+json/], ['application/rdf+xml', /^application\/rdf\+xml/],
    ['application/n-triples', /^application\/n-triples/], ['text/html', /^text\/html/],
  ] as const;
  for (const iri of first.modified.keys()) {
    for (const [accept, type] of formats) {
      const r = await client.get(iri, accept);
      assert.equal(r.status, 200, `${iri} as ${accept}`);
      assert.match(r.headers.get('content-type') ?? '', type);
      const body = await r.text();
      if (accept === 'text/turtle' || accept === 'application/n-triples') {
        const g = new Store(new Parser({ format: accept === 'text/turtle' ? 'text/turtle' : 'application/n-triples' }).parse(body));
        assert.ok(all(g, iri, `${NS.rdf}type`).includes(`${NS.dcat}Dataset`), `${accept} describes ${iri}`);
      } else if (accept === 'application/ld+json') {
        assert.ok(JSON.stringify(JSON.parse(body)).includes(iri));
      } else {
        assert.ok(body.includes(iri), `${accept} names ${iri}`);
      }
    }
  }

  // What the node serves, as a validator receives it: the whole catalogue in one page and each dataset's own
  // record, against DCAT-AP 3.0.1 (full shapes with ranges), HealthDCAT-AP and our EUCAIM shapes, by both engines.
  const served = [
    new Parser().parse(await (await client.get(`${base}/catalogue.ttl?pageSize=100`)).text()),
    ...await Promise.all([...first.modified.keys()].map(async (iri) => new Parser().parse(await (await client.get(iri)).text()))),
  ];
  for (const quads of served) {
    assert.equal((await validateRecords(quads)).conforms, true, 'our EUCAIM shapes');
    for (const profile of ['dcat-ap-3.0.1', 'healthdcat-ap'] as OfficialProfileId[]) {
      const v = await validateOfficial(quads, profile);
      for (const results of [v.shaclEngine, v.rdfValidateShacl]) {
        const violations = results.filter((r) => r.severity === 'violation');
        assert.equal(violations.length, 0, `${profile}:\n${describeResults(violations)}`);
      }
    }
  }
  // The clinical variables are described as HealthDCAT-AP asks: every column with a title, a datatype and a description.
  const columns = served[0]!.filter((q) => q.predicate.value === 'http://www.w3.org/ns/csvw#column').map((q) => q.object.value);
  assert.ok(columns.length > 10, `the released clinical tables' columns are listed (${columns.length})`);
  // The official shapes the records are tested with are served verbatim.
  assert.equal((await fetch(`${base}/shapes/dcat-ap-3.0.1/ranges.ttl`)).status, 200);

  // The other entry points a harvester may be given keep their own links.
  const api = await crawl(new Client(), `${base}/api/catalogue?pageSize=1`);
  assert.deepEqual([...api.modified.keys()].sort(), [...first.modified.keys()].sort());
  for (const page of api.pages) assert.ok(page.startsWith(`${base}/api/catalogue?`), `${page} stays on /api/catalogue`);
  const rdfxml = await fetch(`${base}/catalogue.rdf?pageSize=1`);
  assert.match(rdfxml.headers.get('content-type') ?? '', /^application\/rdf\+xml/);
  assert.ok((await rdfxml.text()).includes(`${base}/catalogue.rdf?page=2&amp;pageSize=1`), 'the RDF/XML pages link to RDF/XML pages');

  // One dataset changes: its fields are published anew.
  const changedId = 'beta';
  await change(changedId, 'unpublish');
  await change(changedId, 'publish', { steward: { ...fields, title: { en: 'Synthetic cohort beta, corrected title' } } });

  // Incremental: the crawl compares each record's dct:modified with the last harvest and fetches only the changed.
  const incremental = new Client();
  const second = await crawl(incremental, `${base}/catalogue?pageSize=1`);
  const fetched = await fetchChanged(incremental, second, first.modified);
  assert.equal(fetched.length, 1, 'only the changed dataset is dereferenced');
  const g = new Store(new Parser().parse(await (await fetch(fetched[0]!, { headers: { accept: 'text/turtle' } })).text()));
  assert.ok(g.getObjects(fetched[0]!, `${NS.dct}title`, null).some((o) => o.value === 'Synthetic cohort beta, corrected title'));
  assert.equal(incremental.fetched.filter((u) => u.includes('/catalogue/datasets/')).length, 1, 'one dataset fetch in all');

  // Or, with the search template the catalogue advertises: only what changed since the last harvest is listed.
  assert.equal(first.template, `${base}/catalogue{?modifiedSince,page,pageSize}`);
  const since = [...first.modified.values()].sort().at(-1)!;
  const listed = await crawl(new Client(), `${first.template!.replace(/\{\?.*\}$/, '')}?modifiedSince=${encodeURIComponent(since)}&pageSize=1`);
  assert.deepEqual([...listed.modified.keys()], fetched);
});

test('the FAIR Data Point: root, catalogue, dataset and distribution answer in Turtle and link to each other', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-fdp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 30, seed: 'fdp' });
  const data = join(dir, 'data');
  ok('secret', 'new', join(dir, 's'));
  ok('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 's'), '--jobs', '2', '--json');
  createAndRelease(data, 'fdp-one');
  for (const args of agreementFilings(join(dir, 'agreements'), data)) ok(...args);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  ok('catalogue', 'publish', 'fdp-one', '--data-dir', data, '--by', 'steward', '--steward', join(dir, 'h', CATALOGUE_STEWARD_FILE), '--public-url', base);
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const app = await buildServer({
    ledger: new StudyLedger(store.db), verifier: createTokenVerifier({ issuers: [], localKey: new TextEncoder().encode('the local key of the fdp test node, long enough') }),
    version: 'test', publicUrl: base, catalogue: { dataDir: data, settings: catalogueSettings() as never, publicUrl: base },
  });
  t.after(() => app.close());
  await app.listen({ host: '127.0.0.1', port });
  const client = new Client();

  // No Accept header: an FDP answers Turtle by default.
  const bare = await fetch(`${base}/fdp`);
  assert.match(bare.headers.get('content-type') ?? '', /^text\/turtle/);
  const root = await client.graph(`${base}/fdp`);
  const rootIri = `${base}/fdp`;
  assert.ok(all(root, rootIri, `${NS.rdf}type`).includes(`${NS.fdp}FAIRDataPoint`));
  for (const p of ['metadataIdentifier', 'metadataIssued', 'metadataModified', 'conformsToFdpSpec', 'hasSoftwareVersion']) assert.ok(one(root, rootIri, `${NS.fdp}${p}`), `the root has fdp-o:${p}`);
  const container = root.getSubjects(`${NS.ldp}membershipResource`, rootIri, null)[0]!.value;
  assert.equal(one(root, container, `${NS.ldp}hasMemberRelation`), `${NS.fdp}metadataCatalog`);
  const catalogueIri = one(root, rootIri, `${NS.fdp}metadataCatalog`)!;
  assert.deepEqual(all(root, container, `${NS.ldp}contains`), [catalogueIri]);

  const catalogue = await client.graph(catalogueIri);
  assert.equal(one(catalogue, catalogueIri, `${NS.dct}isPartOf`), rootIri);
  const datasetIri = one(catalogue, catalogueIri, `${NS.dcat}dataset`)!;
  const datasets = catalogue.getSubjects(`${NS.ldp}membershipResource`, catalogueIri, null)[0]!.value;
  assert.deepEqual(all(catalogue, datasets, `${NS.ldp}contains`), [datasetIri]);

  const dataset = await client.graph(datasetIri);
  assert.equal(one(dataset, datasetIri, `${NS.dct}isPartOf`), catalogueIri);
  assert.ok(one(dataset, datasetIri, `${NS.fdp}metadataModified`));
  const distributionIri = one(dataset, datasetIri, `${NS.dcat}distribution`)!;
  const distribution = await client.graph(distributionIri);
  assert.equal(one(distribution, distributionIri, `${NS.dct}isPartOf`), datasetIri);
  assert.ok(all(distribution, distributionIri, `${NS.rdf}type`).includes(`${NS.dcat}Distribution`));

  // Each record names its SHACL profile, which is served.
  for (const [g, iri] of [[root, rootIri], [catalogue, catalogueIri], [dataset, datasetIri], [distribution, distributionIri]] as const) {
    const profile = one(g, iri, `${NS.dct}conformsTo`)!;
    const r = await fetch(all(g, iri, `${NS.dct}conformsTo`).find((p) => p.startsWith(`${base}/fdp/profiles/`)) ?? profile);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /sh:NodeShape/);
  }
  const jsonld = await fetch(`${base}/fdp`, { headers: { accept: 'application/ld+json' } });
  assert.match(jsonld.headers.get('content-type') ?? '', /^application\/ld\+json/);

  // VoID at the well-known path points to the catalogue; the shapes are served.
  const voidGraph = await client.graph(`${base}/.well-known/void`);
  assert.ok(voidGraph.getObjects(null, 'http://rdfs.org/ns/void#rootResource', null).some((o) => o.value === `${base}/catalogue`));
  assert.equal((await fetch(`${base}/shapes/oncoatlas.ttl`)).status, 200);
});
