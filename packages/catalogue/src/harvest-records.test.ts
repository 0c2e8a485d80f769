import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Parser, Store } from 'n3';
import type { Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { isOncoAtlasError } from '@oncoatlas/core';
import { catalogueQuads, pageIri } from './catalogue-records.ts';
import { fdpCatalogueQuads, fdpDatasetQuads, fdpDistributionQuads, fdpRootQuads, type FdpContext } from './fdp-records.ts';
import { fdpProfileTurtle } from './fdp-profiles.ts';
import { FDP_RECORD_KINDS, harvestEndpoints } from './harvest-endpoints.ts';
import { FDPO, LDP, VOID } from './harvest-vocabulary.ts';
import { syntheticCatalogue, syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { toTurtle } from './serialise.ts';
import { validateRecords } from './validate-records.ts';
import { PREFIXES } from './vocabulary.ts';
import { voidQuads } from './void-records.ts';

const ENDPOINTS = harvestEndpoints('https://node.hospital-sintetic.example/');
const CATALOGUE = { ...syntheticCatalogue(), iri: ENDPOINTS.catalogue };
const DATASETS = [1, 2, 3].map((n) => ({ ...syntheticDataset(n), modifiedAt: `2026-03-2${n}T08:00:00Z` }));
const { dcat: DCAT, dct: DCT, hydra: HYDRA, rdf: RDF, foaf: FOAF } = PREFIXES;

const objects = (quads: readonly Quad[], s: string, p: string): string[] => new Store([...quads]).getObjects(s, p, null).map((o) => o.value);

test('the page links stay on the endpoint that answered, keeping its other parameters', () => {
  const endpoint = 'http://127.0.0.1:8123/api/catalogue?pageSize=1&modifiedSince=2026-01-01T00:00:00Z';
  const quads = catalogueQuads(CATALOGUE, DATASETS, { page: 2, pageSize: 1, endpoint });
  const view = pageIri(endpoint, 2, 1);
  assert.deepEqual(objects(quads, CATALOGUE.iri, `${HYDRA}view`), [view]);
  const next = objects(quads, view, `${HYDRA}next`)[0]!;
  assert.equal(new URL(next).origin + new URL(next).pathname, 'http://127.0.0.1:8123/api/catalogue');
  assert.deepEqual(Object.fromEntries(new URL(next).searchParams), { page: '3', pageSize: '1', modifiedSince: '2026-01-01T00:00:00Z' });
  const template = new Store(quads).getObjects(CATALOGUE.iri, `${HYDRA}search`, null)[0]!;
  assert.equal(new Store(quads).getObjects(template, `${HYDRA}template`, null)[0]?.value, 'http://127.0.0.1:8123/api/catalogue{?modifiedSince,page,pageSize}');
});

test('each dataset of a page has a catalogue record with dct:modified; modifiedSince lists only the changed', () => {
  const quads = catalogueQuads(CATALOGUE, DATASETS, { endpoints: ENDPOINTS });
  const records = objects(quads, CATALOGUE.iri, `${DCAT}record`);
  assert.equal(records.length, 3);
  const byTopic = new Map(records.map((r) => [objects(quads, r, `${FOAF}primaryTopic`)[0], r]));
  for (const d of DATASETS) {
    const record = byTopic.get(d.identifierIri)!;
    assert.ok(record, `a record about ${d.id}`);
    assert.deepEqual(objects(quads, record, `${DCT}modified`), [d.modifiedAt]);
    assert.ok(objects(quads, record, `${DCT}conformsTo`).length > 0);
    assert.equal(objects(quads, record, `${PREFIXES.adms}status`).length, 1);
  }
  const since = catalogueQuads(CATALOGUE, DATASETS, { endpoints: ENDPOINTS, modifiedSince: '2026-03-22T12:00:00Z' });
  assert.deepEqual(objects(since, CATALOGUE.iri, `${DCAT}dataset`), [DATASETS[2]!.identifierIri]);
  assert.throws(() => catalogueQuads(CATALOGUE, DATASETS, { modifiedSince: 'yesterday' }), (e: unknown) => isOncoAtlasError(e, 'USAGE'));
});

test('the catalogue describes its harvest and search services, which serve the datasets of the page', async () => {
  const quads = catalogueQuads(CATALOGUE, DATASETS, { pageSize: 2, endpoints: ENDPOINTS });
  const services = objects(quads, CATALOGUE.iri, `${DCAT}service`);
  assert.equal(services.length, 2);
  const endpointsOf = services.map((s) => objects(quads, s, `${DCAT}endpointURL`)[0]).sort();
  assert.deepEqual(endpointsOf, [ENDPOINTS.search, ENDPOINTS.catalogue].sort());
  for (const s of services) {
    assert.deepEqual(objects(quads, s, `${DCAT}endpointDescription`), [ENDPOINTS.openApi]);
    assert.equal(objects(quads, s, `${DCAT}servesDataset`).length, 2, 'only the datasets described on the page');
  }
  assert.equal((await validateRecords(quads)).conforms, true);
});

async function fdpProblems(quads: readonly Quad[]): Promise<string[]> {
  const shapes = new Store(FDP_RECORD_KINDS.flatMap((k) => new Parser().parse(fdpProfileTurtle(k))));
  const report = await new SHACLValidator(shapes).validate(new Store([...quads]));
  return report.results.map((r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join(' ')}`);
}

test('the FAIR Data Point: root -> catalogue -> dataset -> distribution and back, each conforming to its profile', async () => {
  const c: FdpContext = { endpoints: ENDPOINTS, catalogue: CATALOGUE, datasets: DATASETS, softwareVersion: '0.1.0' };
  const root = fdpRootQuads(c);
  const cat = fdpCatalogueQuads(c);
  const d = DATASETS[0]!;
  const dataset = fdpDatasetQuads(c, d);
  const distribution = fdpDistributionQuads(c, d)!;
  for (const [name, quads] of [['root', root], ['catalogue', cat], ['dataset', dataset], ['distribution', distribution]] as const) {
    assert.deepEqual(await fdpProblems(quads), [], `${name} conforms to the FDP profiles`);
    assert.ok((await toTurtle(quads)).length > 0);
  }
  assert.ok(objects(root, ENDPOINTS.fdp, `${RDF}type`).includes(`${FDPO}FAIRDataPoint`));
  assert.deepEqual(objects(root, ENDPOINTS.fdp, `${FDPO}metadataCatalog`), [ENDPOINTS.fdpCatalogue]);
  assert.deepEqual(objects(root, ENDPOINTS.fdpCatalogues, `${LDP}hasMemberRelation`), [`${FDPO}metadataCatalog`]);
  assert.deepEqual(objects(root, ENDPOINTS.fdp, `${FDPO}conformsToFdpSpec`), ['https://specs.fairdatapoint.org/fdp-specs-v1.2.html']);
  assert.deepEqual(objects(cat, ENDPOINTS.fdpCatalogue, `${DCT}isPartOf`), [ENDPOINTS.fdp]);
  assert.equal(objects(cat, ENDPOINTS.fdpCatalogue, `${DCAT}dataset`).length, 3);
  const datasetIri = ENDPOINTS.fdpDataset(d.uuid);
  assert.ok(objects(cat, ENDPOINTS.fdpCatalogue, `${DCAT}dataset`).includes(datasetIri));
  assert.deepEqual(objects(dataset, datasetIri, `${DCT}isPartOf`), [ENDPOINTS.fdpCatalogue]);
  assert.deepEqual(objects(dataset, datasetIri, `${DCAT}distribution`), [ENDPOINTS.fdpDistribution(d.uuid)]);
  assert.deepEqual(objects(dataset, datasetIri, `${DCT}identifier`), [d.identifierIri], 'the dataset keeps its stable identifier');
  assert.deepEqual(objects(distribution, ENDPOINTS.fdpDistribution(d.uuid), `${DCT}isPartOf`), [datasetIri]);
  assert.ok(!distribution.some((q) => q.subject.value === datasetIri), 'the distribution record names its dataset only');
});

test('VoID names the catalogue as its root resource', () => {
  const quads = voidQuads({ endpoints: ENDPOINTS, catalogue: CATALOGUE, datasets: DATASETS, shapes: [ENDPOINTS.shapes('oncoatlas.ttl')] });
  const topic = objects(quads, ENDPOINTS.void, `${FOAF}primaryTopic`)[0]!;
  assert.deepEqual(objects(quads, topic, `${VOID}rootResource`), [ENDPOINTS.catalogue]);
  assert.ok(objects(quads, topic, `${PREFIXES.rdfs}seeAlso`).includes(ENDPOINTS.shapes('oncoatlas.ttl')));
});
