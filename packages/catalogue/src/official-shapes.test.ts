import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Quad } from 'n3';
import { catalogueQuads } from './catalogue-records.ts';
import { harvestEndpoints } from './harvest-endpoints.ts';
import { datasetQuads } from './dataset-records.ts';
import type { DatasetFacts } from './dataset-facts.ts';
import { syntheticCatalogue, syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { describeResults, OFFICIAL_PROFILES, officialShapeFiles, validateOfficial, type OfficialProfileId, type OfficialResult } from './official-shapes.ts';
import { validateRecords } from './validate-records.ts';
import { fdpCatalogueQuads, fdpDatasetQuads, fdpDistributionQuads, fdpRootQuads, type FdpContext } from './fdp-records.ts';
import { tombstoneQuads } from './tombstone-records.ts';

/**
 * The one violation we keep, on purpose: EUCAIM v2.0 writes a distribution's data-use conditions as further
 * `dct:rights` beside its access condition (1..n), DCAT-AP 3.0.1 allows 0..n (its issue 370), but the DCAT-AP 3.0.x
 * `html/shacl/shapes.ttl` that HealthDCAT-AP's validator imports still says at most one. Only a distribution with
 * data-use conditions meets it, and then also the dataset's `sh:node` check of that distribution.
 */
const KNOWN: readonly ((r: OfficialResult) => boolean)[] = [
  (r) => r.path === 'dct:rights' && r.constraint === 'sh:MaxCountConstraintComponent',
  (r) => r.path === 'dcat:distribution' && r.constraint === 'sh:NodeConstraintComponent',
];

const violations = (results: readonly OfficialResult[], allowKnown: boolean): OfficialResult[] =>
  results.filter((r) => r.severity === 'violation' && !(allowKnown && KNOWN.some((k) => k(r))));

/** Violations of both engines, checked to be the same (focus, path) pairs. */
async function conform(quads: Quad[], id: OfficialProfileId, allowKnown = false): Promise<readonly OfficialResult[]> {
  const v = await validateOfficial(quads, id);
  const a = violations(v.shaclEngine, allowKnown);
  const b = violations(v.rdfValidateShacl, allowKnown);
  const key = (r: OfficialResult) => `${r.focus} ${r.path}`;
  assert.deepEqual([...new Set(a.map(key))].sort(), [...new Set(b.map(key))].sort(), `the engines disagree on ${id}:\n${describeResults(a)}\n---\n${describeResults(b)}`);
  assert.equal(a.length, 0, `${id}, shacl-engine:\n${describeResults(a)}`);
  assert.equal(b.length, 0, `${id}, rdf-validate-shacl:\n${describeResults(b)}`);
  return [...v.shaclEngine, ...v.rdfValidateShacl].filter((r) => r.severity !== 'violation');
}

/** The fixture's access offer without data-use conditions: what the demo's steward offers. */
const accessConditionOnly = (d: DatasetFacts): DatasetFacts => ({ ...d, steward: { ...d.steward, dataUseConditions: [] } });

test('every fixture dataset conforms to DCAT-AP 3.0.1 (full shapes with ranges), HealthDCAT-AP and our shapes, by both engines', async () => {
  for (const n of [1, 2, 3]) {
    const quads = datasetQuads(syntheticDataset(n));
    assert.equal((await validateRecords(quads)).conforms, true, 'our EUCAIM shapes');
    await conform(quads, 'dcat-ap-3.0.1');
    await conform(quads, 'healthdcat-ap', true);
    await conform(datasetQuads(accessConditionOnly(syntheticDataset(n))), 'healthdcat-ap');
  }
});

test('the one HealthDCAT-AP violation kept is the data-use conditions as further dct:rights, and both engines report it', async () => {
  const v = await validateOfficial(datasetQuads(syntheticDataset()), 'healthdcat-ap');
  for (const results of [v.shaclEngine, v.rdfValidateShacl]) {
    const found = results.filter((r) => r.severity === 'violation');
    assert.ok(found.length > 0 && found.every((r) => KNOWN.some((k) => k(r))), describeResults(found));
  }
});

test('a catalogue page (catalogue, catalogue records, data services, datasets) conforms to both official profiles', async () => {
  const endpoints = harvestEndpoints('https://node.hospital-sintetic.example');
  const page = catalogueQuads(syntheticCatalogue(), [1, 2, 3].map((n) => accessConditionOnly(syntheticDataset(n))), { page: 1, pageSize: 2, endpoints });
  assert.equal((await validateRecords(page)).conforms, true, 'our EUCAIM shapes');
  await conform(page, 'dcat-ap-3.0.1');
  await conform(page, 'healthdcat-ap');
});

test('the records fill the recommended properties they have facts for: only the expected warnings remain', async () => {
  const quads = datasetQuads(syntheticDataset());
  const warned = new Set((await conform(quads, 'dcat-ap-3.0.1')).map((r) => r.path));
  assert.deepEqual([...warned], [], 'DCAT-AP 3.0.1 full shapes: no warning');
  const health = new Set((await validateOfficial(quads, 'healthdcat-ap')).shaclEngine.filter((r) => r.severity === 'warning').map((r) => r.path));
  for (const filled of ['dct:language', 'dct:spatial', 'dct:modified', 'dct:format', 'dct:description', 'dct:temporal', 'dct:license']) {
    assert.ok(!health.has(filled), `${filled} is written, so not warned`);
  }
});

test('the vendored files are those PROVENANCE.md names, byte for byte', () => {
  for (const profile of OFFICIAL_PROFILES) {
    const { files, provenance } = officialShapeFiles(profile.id);
    for (const file of files) {
      const sha = createHash('sha256').update(readFileSync(new URL(`../shapes/vendor/${file.name}`, import.meta.url))).digest('hex');
      assert.ok(provenance.includes(sha), `${file.name}: SHA-256 ${sha} is recorded in its PROVENANCE.md`);
    }
  }
});

test('a tombstone and the FAIR Data Point\'s records conform to DCAT-AP 3.0.1 too', async () => {
  const d = syntheticDataset();
  await conform(tombstoneQuads({ identifierIri: d.identifierIri, title: d.steward.title, description: d.steward.description, version: 2, withdrawnAt: '2026-05-02T09:00:00Z' }), 'dcat-ap-3.0.1');
  const endpoints = harvestEndpoints('https://node.hospital-sintetic.example');
  const c: FdpContext = { endpoints, catalogue: { ...syntheticCatalogue(), iri: endpoints.catalogue }, datasets: [1, 2].map((n) => syntheticDataset(n)), softwareVersion: '0.1.0' };
  await conform([...fdpRootQuads(c), ...fdpCatalogueQuads(c)], 'dcat-ap-3.0.1');
  for (const dataset of c.datasets) await conform([...fdpDatasetQuads(c, dataset), ...(fdpDistributionQuads(c, dataset) ?? [])], 'dcat-ap-3.0.1');
});
