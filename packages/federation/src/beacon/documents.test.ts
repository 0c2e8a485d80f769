import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEARCH_KEYS } from '../search-keys.ts';
import { beaconConfiguration, beaconInfo, beaconMap, filteringTerms } from './documents.ts';
import { beaconTermIndex } from './filter-terms.ts';
import { validateBeaconDocument } from './schemas.ts';
import { HUB } from './test-fixtures.ts';

interface ListedTerm { id: string; type: string; label: string; scopes: string[] }

test('info, map, configuration and filtering_terms conform to their framework schemas', () => {
  assert.deepEqual(validateBeaconDocument('beaconInfoResponse', beaconInfo(HUB)), []);
  assert.deepEqual(validateBeaconDocument('beaconMapResponse', beaconMap(HUB)), []);
  assert.deepEqual(validateBeaconDocument('beaconConfigurationResponse', beaconConfiguration(HUB)), []);
  assert.deepEqual(validateBeaconDocument('beaconFilteringTermsResponse', filteringTerms(HUB)), []);
});

test('the map points at the individuals endpoint under the base URL, without a doubled slash', () => {
  const map = beaconMap(HUB) as { response: { endpointSets: { individual: { rootUrl: string; filteringTermsUrl: string } } } };
  assert.equal(map.response.endpointSets.individual.rootUrl, 'https://hub.oncoatlas.test/beacon/v2/individuals');
  assert.equal(map.response.endpointSets.individual.filteringTermsUrl, 'https://hub.oncoatlas.test/beacon/v2/filtering_terms');
});

test('filtering terms: ontology ids where a standard code exists, ICD-10 for diagnoses, custom terms otherwise', () => {
  const terms = (filteringTerms(HUB) as { response: { filteringTerms: ListedTerm[] } }).response.filteringTerms;
  const byId = new Map(terms.map((t) => [t.id, t]));
  assert.equal(byId.size, terms.length, 'ids are unique');
  assert.equal(byId.get('SNOMEDCT:363358000')?.type, 'ontologyTerm'); // lung cancer (C34)
  assert.equal(byId.get('SNOMEDCT:248152002')?.label, 'Sex: Female');
  assert.equal(byId.get('ICD10:C15')?.type, 'ontologyTerm'); // no SNOMED code in the registry: its ICD-10 category
  assert.equal(byId.get('oncoatlas:stage:IIA')?.type, 'custom');
  assert.equal(byId.get('oncoatlas:age_at_diagnosis')?.type, 'alphanumeric');
  assert.ok(terms.every((t) => t.scopes.length === 1 && t.scopes[0] === 'individuals'));
});

test('every listed term resolves back to the key and value it was listed for', () => {
  const index = beaconTermIndex(SEARCH_KEYS);
  for (const term of index.terms) {
    const target = index.resolve(term.id);
    assert.equal(target?.key.id, term.key, term.id);
    assert.equal(target?.value, term.value, term.id);
  }
  // Any other code of a value, and the custom form, are accepted too.
  assert.equal(index.resolve('EUCAIM:COM1001370')?.value, 'female');
  assert.equal(index.resolve('RadLex:RID10312')?.value, 'MR');
  assert.equal(index.resolve('oncoatlas:modality:CT')?.value, 'CT');
  assert.equal(index.resolve('oncoatlas:modality:XA')?.value, 'XA'); // an open DICOM defined term
  assert.equal(index.resolve('icd10:c45')?.value, 'C45');
  assert.equal(index.resolve('HP:0000001'), undefined);
});
