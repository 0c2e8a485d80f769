import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { toTurtle } from './serialise.ts';
import { catalogueRecordIri, CHANGE_TYPE_DELETED, tombstoneQuads, type TombstoneFacts } from './tombstone-records.ts';

const IRI = 'https://node.hospital-sintetic.example/catalogue/datasets/6f1c2e7a-4d4c-4b1e-8e8f-000000000001';
const FACTS: TombstoneFacts = {
  identifierIri: IRI, title: { en: 'Lung cancer CT cohort', ca: 'Cohort de TC de càncer de pulmó' }, description: { en: 'Chest CT of lung cancer patients.' },
  version: 3, withdrawnAt: '2026-05-02T09:00:00.000Z',
};

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';

function objects(quads: ReturnType<typeof tombstoneQuads>, subject: string, predicate: string): string[] {
  return quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
}

test('a tombstone is a catalogue record of the dataset, deleted (ADMS change type), with when', () => {
  const quads = tombstoneQuads(FACTS);
  const record = catalogueRecordIri(IRI);
  assert.equal(record, `${IRI}#record`);
  assert.deepEqual(objects(quads, record, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), [`${DCAT}CatalogRecord`]);
  assert.deepEqual(objects(quads, record, 'http://xmlns.com/foaf/0.1/primaryTopic'), [IRI]);
  assert.deepEqual(objects(quads, record, 'http://www.w3.org/ns/adms#status'), [CHANGE_TYPE_DELETED]);
  const modified = quads.find((q) => q.subject.value === record && q.predicate.value === `${DCT}modified`)!;
  assert.equal(modified.object.value, FACTS.withdrawnAt);
  assert.equal((modified.object as { datatype: { value: string } }).datatype.value, 'http://www.w3.org/2001/XMLSchema#dateTime');
  // The status is typed as the DCAT-AP range shapes expect of adms:status (skos:Concept), in its scheme.
  assert.deepEqual(objects(quads, CHANGE_TYPE_DELETED, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), ['http://www.w3.org/2004/02/skos/core#Concept']);
  assert.deepEqual(objects(quads, CHANGE_TYPE_DELETED, 'http://www.w3.org/2004/02/skos/core#inScheme'), ['http://purl.org/adms/changetype/1.0']);
});

test('a tombstone says what the dataset was: identifier, titles, description, last version', async () => {
  const quads = tombstoneQuads(FACTS);
  assert.deepEqual(objects(quads, IRI, `${DCT}identifier`), [IRI]);
  assert.deepEqual(objects(quads, IRI, `${DCT}title`).sort(), ['Cohort de TC de càncer de pulmó', 'Lung cancer CT cohort']);
  assert.deepEqual(objects(quads, IRI, `${DCT}description`), ['Chest CT of lung cancer patients.']);
  assert.deepEqual(objects(quads, IRI, `${DCAT}version`), ['3.0.0']);
  // Nothing of the published record beyond that: no counts, no distribution, no access offer.
  assert.equal(objects(quads, IRI, `${DCAT}distribution`).length, 0);
  assert.doesNotMatch(await toTurtle(quads), /numberOf|accessURL/);
});

test('a tombstone refuses a withdrawal time that is not a date, naming it', () => {
  assert.throws(() => tombstoneQuads({ ...FACTS, withdrawnAt: 'yesterday' }), (err: unknown) => isOncoAtlasError(err, 'CATALOGUE_INVALID_FACTS') && /withdrawnAt/.test(err.message));
});

test('the record of an IRI that already has a fragment stays one IRI', () => {
  assert.equal(catalogueRecordIri('https://catalogue.eucaim.cancerimage.eu/#/collection/x'), 'https://catalogue.eucaim.cancerimage.eu/#/collection/x/record');
});
