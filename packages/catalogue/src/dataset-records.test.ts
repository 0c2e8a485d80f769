import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from 'n3';
import { isOncoAtlasError } from '@oncoatlas/core';
import { unmappedValues } from './coded-values.ts';
import type { DatasetFacts } from './dataset-facts.ts';
import { datasetQuads } from './dataset-records.ts';
import { syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { toTurtle } from './serialise.ts';
import { validateRecords } from './validate-records.ts';
import { expand } from './vocabulary.ts';

const facts = syntheticDataset();
const dataset = facts.identifierIri;

function objects(quads: ReturnType<typeof datasetQuads>, predicate: string): string[] {
  const [prefix, local] = predicate.split(':') as [Parameters<typeof expand>[0], string];
  return new Store(quads).getObjects(dataset, expand(prefix, local), null).map((o) => o.value).sort();
}

function withSteward(changes: Partial<DatasetFacts['steward']>): DatasetFacts {
  return { ...facts, steward: { ...facts.steward, ...changes } };
}

test('the records of a realistic released dataset conform to the shapes with no problem at all', async () => {
  const validation = await validateRecords(datasetQuads(facts));
  assert.deepEqual(validation, { conforms: true, problems: [] });
});

test('counts and codes come from the generated facts, hyperontology IRIs only for values that have a EUCAIM code', () => {
  const quads = datasetQuads(facts);
  assert.deepEqual(objects(quads, 'healthdcatap:numberOfUniqueIndividuals'), ['812']);
  assert.deepEqual(objects(quads, 'healthdcatap:numberOfRecords'), ['1390']);
  assert.deepEqual(objects(quads, 'eucaim:hasImageModality'), [expand('eucaim', 'IMG1000026'), expand('eucaim', 'IMG1000037')], 'CR has no code: left out');
  assert.deepEqual(objects(quads, 'eucaim:hasImageBodyPart'), [expand('eucaim', 'BP1000067')], 'PELVIS has no code: left out');
  assert.deepEqual(objects(quads, 'eucaim:hasEquipmentManufacturer'), [expand('eucaim', 'IMG1000044'), expand('eucaim', 'IMG1000047')]);
  assert.deepEqual(objects(quads, 'eucaim:hasBirthSex'), [expand('eucaim', 'COM1001366'), expand('eucaim', 'COM1001370')]);
  assert.deepEqual(objects(quads, 'eucaim:hasCondition'), [expand('eucaim', 'CLIN1000065')]);
  assert.deepEqual(objects(quads, 'healthdcatap:hasCodeValues'), ['ICD-10: C34.1', 'ICD-10: C34.3', 'ICD-10: C78.0', 'SNOMED CT: 363358000']);
  assert.deepEqual(objects(quads, 'dcat:version'), ['2.0.0']);
  assert.deepEqual(objects(quads, 'dct:identifier'), [dataset]);
});

test('what the records leave out for lack of a hyperontology code is listed for the steward', () => {
  assert.deepEqual(unmappedValues(facts.generated), [
    { property: 'eucaim:hasCondition', value: 'C78.0', count: 12 },
    { property: 'eucaim:hasImageModality', value: 'CR', count: 140 },
    { property: 'eucaim:hasImageBodyPart', value: 'PELVIS', count: 620 },
    { property: 'eucaim:hasEquipmentManufacturer', value: 'AGFA', count: 140 },
  ]);
});

test('the primary condition is the coded one with most patients unless the steward names another', async () => {
  const breastFirst: DatasetFacts = {
    ...facts,
    generated: {
      ...facts.generated,
      conditions: [
        { value: 'C34.1', count: 10, codings: [{ system: 'EUCAIM', code: 'CLIN1000065' }] },
        { value: 'C50.9', count: 11, codings: [{ system: 'EUCAIM', code: 'CLIN1000060' }] },
        { value: 'C80', count: 500, codings: [] },
      ],
    },
  };
  assert.deepEqual(objects(datasetQuads(breastFirst), 'eucaim:hasCondition'), [expand('eucaim', 'CLIN1000060')]);
  const chosen = { ...breastFirst, steward: { ...breastFirst.steward, primaryCondition: 'CLIN1000065' } };
  assert.deepEqual(objects(datasetQuads(chosen), 'eucaim:hasCondition'), [expand('eucaim', 'CLIN1000065')]);
  // No coded condition at all: nothing is guessed, and the validation says what to do.
  const uncoded = { ...facts, generated: { ...facts.generated, conditions: [{ value: 'C80', count: 500, codings: [] }] } };
  const validation = await validateRecords(datasetQuads(uncoded));
  assert.equal(validation.conforms, false);
  assert.deepEqual(validation.problems.map((p) => p.property), ['eucaim:hasCondition']);
  assert.match(validation.problems[0]!.message, /enter the primary condition's CLIN code in the catalogue form/);
});

test('a draft with missing steward fields still makes records, and validation names each missing field', async () => {
  const draft = withSteward({ title: { ca: 'Només en català' }, keywords: {}, tier: undefined, accessUrl: undefined, healthCategories: [] });
  const validation = await validateRecords(datasetQuads(draft));
  assert.equal(validation.conforms, false);
  assert.deepEqual(validation.problems.map((p) => p.property).sort(), [
    'dcat:accessURL', 'dcat:keyword', 'dct:title', 'eucaim:interoperabilityLevel', 'healthdcatap:healthCategory',
  ]);
  const title = validation.problems.find((p) => p.property === 'dct:title')!;
  assert.equal(title.focus, dataset);
  assert.equal(title.name, 'Title');
  assert.equal(title.message, 'The dataset has no English title (dct:title). Set the title in English in the catalogue form; titles in other languages are optional.');
});

test('values that would make a broken document are refused with the field named, not the value', () => {
  const cases: [DatasetFacts, string][] = [
    [withSteward({ accessUrl: 'negotiator page' }), 'accessUrl'],
    // Shown as links in the UI and by harvesters: a script or data IRI is never a place to ask for access.
    [withSteward({ accessUrl: 'javascript:alert(1)' }), 'accessUrl'],
    [withSteward({ accessUrl: 'ftp://files.example/ask' }), 'accessUrl'],
    [withSteward({ license: 'data:text/html,<b>x</b>' }), 'license'],
    [withSteward({ contactPoints: [{ name: 'Office', email: 'not an address' }] }), 'contactPoints[0].email'],
    [withSteward({ title: { 'en_GB!': 'Lung' } }), 'title'],
    [withSteward({ primaryCondition: 'lung cancer' }), 'primaryCondition'],
    [{ ...facts, releasedAt: '14/03/2026' }, 'releasedAt'],
    [{ ...facts, version: 0 }, 'version'],
    [{ ...facts, generated: { ...facts.generated, manifestSha256: 'ABC' } }, 'manifestSha256'],
    [{ ...facts, generated: { ...facts.generated, counts: { ...facts.generated.counts, patients: -1 } } }, 'counts.patients'],
    [{ ...facts, generated: { ...facts.generated, modalities: [{ value: 'CT', count: 1, codings: [{ system: 'EUCAIM', code: 'IMG 1' }] }] } }, 'modalities[0]'],
  ];
  for (const [bad, field] of cases) {
    assert.throws(() => datasetQuads(bad), (err: unknown) => isOncoAtlasError(err, 'CATALOGUE_INVALID_FACTS') && err.details.field === field, field);
  }
});

test('the same facts always give the same Turtle (blank nodes are named from the identifier)', async () => {
  assert.equal(await toTurtle(datasetQuads(syntheticDataset())), await toTurtle(datasetQuads(syntheticDataset())));
  const other = await toTurtle(datasetQuads(syntheticDataset(2)));
  const labels = (ttl: string) => new Set(ttl.match(/_:[A-Za-z0-9_]+/g));
  const mine = labels(await toTurtle(datasetQuads(facts)));
  assert.ok([...labels(other)].every((l) => !mine.has(l)), 'two datasets never share a blank node label');
});

test('a dataset without clinical tables says it has no structured data, and still conforms', async () => {
  const imagesOnly = { ...facts, generated: { ...facts.generated, clinicalTables: [] } };
  const quads = datasetQuads(imagesOnly);
  assert.deepEqual(objects(quads, 'healthdcatap:hasStructuredData'), ['false']);
  assert.deepEqual(objects(quads, 'healthdcatap:hasVariables'), []);
  assert.equal((await validateRecords(quads)).conforms, true);
});
