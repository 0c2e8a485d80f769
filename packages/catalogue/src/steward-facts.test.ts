import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { datasetQuads } from './dataset-records.ts';
import { syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { parseStewardFacts } from './steward-facts.ts';
import { validateRecords } from './validate-records.ts';

test('a steward file that leaves fields out gives records whose validation names each of them', async () => {
  const steward = parseStewardFacts({ description: { en: 'Only a description.' } });
  const problems = (await validateRecords(datasetQuads({ ...syntheticDataset(), steward }))).problems.map((p) => p.property);
  for (const property of ['dct:title', 'dct:publisher', 'dcat:contactPoint', 'dct:provenance']) assert.ok(problems.includes(property), `${property} is named`);
});

test('a field of the wrong kind, or an unknown one, is an error naming it', () => {
  const named = (value: unknown, field: string): void => assert.throws(() => parseStewardFacts(value), (e) => isOncoAtlasError(e, 'CATALOGUE_INVALID_FACTS') && e.message.includes(field));
  named([], 'the file');
  named({ title: 'no language' }, 'title');
  named({ contactPoints: { name: 'x' } }, 'contactPoints');
  named({ publisher: { email: 'x@example.org' } }, 'publisher');
  named({ titel: { en: 'typo' } }, 'titel');
  assert.deepEqual(parseStewardFacts(syntheticDataset().steward), syntheticDataset().steward);
});
