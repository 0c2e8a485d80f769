import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from 'n3';
import { datasetConditions, unmappedValues } from './coded-values.ts';
import type { CodedCount, DatasetFacts } from './dataset-facts.ts';
import { datasetQuads } from './dataset-records.ts';
import { syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { expand } from './vocabulary.ts';

const coded = (value: string, count: number, ...codes: [string, string][]): CodedCount => ({ value, count, codings: codes.map(([system, code]) => ({ system, code })) });

/** A release's conditions as versionFacts counts them: ICD-10 categories, one pooled `other` under k. */
function withConditions(conditions: CodedCount[], primaryCondition?: string): DatasetFacts {
  const facts = syntheticDataset();
  return { ...facts, steward: { ...facts.steward, ...(primaryCondition ? { primaryCondition } : {}) }, generated: { ...facts.generated, conditions } };
}

const released = [
  coded('C50', 11, ['ICD-10', 'C50'], ['SNOMEDCT', '254837009'], ['EUCAIM', 'CLIN1000060']),
  coded('C34', 28, ['ICD-10', 'C34'], ['SNOMEDCT', '363358000'], ['EUCAIM', 'CLIN1000065']),
  coded('other', 3),
  coded('C20', 6, ['ICD-10', 'C20']),
  coded('C61', 0, ['ICD-10', 'C61'], ['SNOMEDCT', '399068003'], ['EUCAIM', 'CLIN1000075']),
];

function rdfConditions(facts: DatasetFacts): { hasCondition: string[]; hasCodeValues: string[] } {
  const store = new Store(datasetQuads(facts));
  const objects = (p: string): string[] => store.getObjects(facts.identifierIri, p, null).map((o) => o.value).sort();
  return { hasCondition: objects(expand('eucaim', 'hasCondition')), hasCodeValues: objects(expand('healthdcatap', 'hasCodeValues')) };
}

test('a dataset\'s conditions: those of at least one patient, most patients first, each with its own codes', () => {
  const { primary, conditions } = datasetConditions(withConditions(released));
  assert.equal(primary, 'CLIN1000065', 'the coded condition with most patients');
  assert.deepEqual(conditions, [
    { value: 'C34', count: 28, eucaimCode: 'CLIN1000065', codeValues: ['ICD-10: C34', 'SNOMED CT: 363358000'] },
    { value: 'C50', count: 11, eucaimCode: 'CLIN1000060', codeValues: ['ICD-10: C50', 'SNOMED CT: 254837009'] },
    { value: 'C20', count: 6, eucaimCode: null, codeValues: ['ICD-10: C20'] },
    { value: 'other', count: 3, eucaimCode: null, codeValues: [] },
  ], 'C61 counts no patient: it is none of the dataset\'s');
  assert.equal(datasetConditions(withConditions(released, 'CLIN1000060')).primary, 'CLIN1000060', 'the steward\'s choice wins');
  assert.equal(datasetConditions(withConditions([coded('C20', 6, ['ICD-10', 'C20'])])).primary, null, 'nothing is guessed');
});

test('the records state exactly these conditions: primary as eucaim:hasCondition, codes as hasCodeValues, the rest unmapped', () => {
  for (const facts of [syntheticDataset(), withConditions(released), withConditions(released, 'CLIN1000060')]) {
    const { primary, conditions } = datasetConditions(facts);
    const rdf = rdfConditions(facts);
    assert.deepEqual(rdf.hasCondition, primary === null ? [] : [expand('eucaim', primary)]);
    assert.deepEqual(rdf.hasCodeValues, [...new Set(conditions.flatMap((c) => c.codeValues))].sort());
    const unmapped = unmappedValues(facts.generated).filter((u) => u.property === 'eucaim:hasCondition');
    assert.deepEqual(unmapped.map((u) => u.value).sort(), conditions.filter((c) => c.eucaimCode === null).map((c) => c.value).sort());
  }
});
