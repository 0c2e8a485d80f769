import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogueEntry } from '../api/types.ts';
import { facetCounts, filterEntries, matchesText, parseQuery, toggleFacet, withText, withoutFacets, type CatalogueQuery } from './catalogue-search.ts';

const card = (id: string, over: Partial<CatalogueEntry>): CatalogueEntry => ({
  id, title: id, description: '', keywords: [], state: 'published', version: 1, releasedAt: null, studies: 10, subjects: 10,
  modalities: [], bodyParts: [], conditions: [], conditionNames: {}, sexes: [], ageRange: null, ...over,
});

const lung = card('lung-ct', {
  title: 'Cohorte de pulmón', keywords: ['thorax'], modalities: ['CT', 'PT'], bodyParts: ['CHEST'],
  conditions: ['C34', 'other'], conditionNames: { C34: 'Malignant neoplasm of bronchus and lung' }, sexes: ['male', 'unknown'], ageRange: { min: 50, max: 79 },
});
const breast = card('breast-mr', {
  title: 'Breast MR', description: 'Screening follow-up', modalities: ['MR', 'MG'], bodyParts: ['BREAST'],
  conditions: ['C50'], conditionNames: { C50: 'Malignant neoplasm of breast' }, sexes: ['female'], ageRange: { min: 40, max: 59 },
});
const all = [lung, breast];
const query = (search: string): CatalogueQuery => parseQuery(new URLSearchParams(search));

test('words are found in condition names and codes, without case or accents, and all of them must match', () => {
  assert.deepEqual(filterEntries(all, query('q=lung')).map((e) => e.id), ['lung-ct'], 'a lung cohort is found by "lung" through its ICD-10 title');
  assert.ok(matchesText(lung, 'c34') && matchesText(lung, 'BRONCHUS') && matchesText(lung, 'pulmon') && matchesText(lung, 'Pulmón'));
  assert.ok(matchesText(lung, 'C34.'), 'a code is found with or without its dot');
  assert.ok(matchesText(lung, 'lung thorax'), 'words may come from different fields');
  assert.ok(!matchesText(lung, 'lung breast'), 'every word must match');
  assert.deepEqual(filterEntries(all, query('q=%20%20')).length, 2, 'blank words list everything');
  assert.ok(matchesText(breast, 'screening'), 'the description is searched');
});

test('facets: any value within a facet, every facet with a selection, counts in datasets', () => {
  assert.deepEqual(filterEntries(all, query('modality=CT')).map((e) => e.id), ['lung-ct']);
  assert.deepEqual(filterEntries(all, query('modality=CT&modality=MR')).map((e) => e.id), ['lung-ct', 'breast-mr']);
  assert.deepEqual(filterEntries(all, query('modality=CT&sex=female')).map((e) => e.id), []);
  assert.deepEqual(filterEntries(all, query('age=40-49')).map((e) => e.id), ['breast-mr'], 'an age band is in a dataset when its published range spans it');
  assert.deepEqual(filterEntries(all, query('age=50-59')).map((e) => e.id), ['lung-ct', 'breast-mr']);

  const modality = facetCounts(all, query('modality=CT'), 'modality');
  assert.deepEqual(modality.map((v) => [v.value, v.count, v.selected]), [['CT', 1, true], ['MG', 1, false], ['MR', 1, false], ['PT', 1, false]],
    'a facet is counted without its own selection, so the other values say what they would add');
  const sex = facetCounts(all, query('modality=CT'), 'sex');
  assert.deepEqual(sex.map((v) => [v.value, v.count]), [['male', 1], ['unknown', 1]], 'other facets narrow the counts; the pooled value is last');
  assert.equal(sex[1]!.label, 'Unknown (or fewer than k patients)', 'the pooling the release did is said, not undone');
  assert.deepEqual(facetCounts(all, query(''), 'age').map((v) => [v.value, v.count]), [['40-49', 1], ['50-59', 2], ['60-69', 1], ['70-79', 1]]);
  const conditions = facetCounts(all, query('q=lung'), 'condition');
  assert.deepEqual(conditions.map((v) => [v.label, v.count]), [['C34 · Malignant neoplasm of bronchus and lung', 1], ['Other (conditions of fewer than k patients)', 1]]);
  assert.deepEqual(facetCounts(all, query('q=lung&condition=C50'), 'condition').find((v) => v.value === 'C50'), { value: 'C50', label: 'C50 · Malignant neoplasm of breast', count: 0, selected: true },
    'a selected value stays listed at 0, to be unticked');
});

test('the URL holds the whole query and survives a round trip', () => {
  let p = withText(new URLSearchParams('tab=x'), 'lung ct');
  p = toggleFacet(p, 'modality', 'CT', true);
  p = toggleFacet(p, 'modality', 'PT', true);
  p = toggleFacet(p, 'sex', 'male', true);
  assert.equal(p.toString(), 'tab=x&q=lung+ct&modality=CT&modality=PT&sex=male');
  assert.deepEqual(parseQuery(p), { text: 'lung ct', facets: { condition: [], modality: ['CT', 'PT'], bodyPart: [], sex: ['male'], age: [] } });
  assert.equal(toggleFacet(p, 'modality', 'CT', false).getAll('modality').join(), 'PT');
  assert.equal(toggleFacet(p, 'modality', 'PT', true).getAll('modality').join(), 'CT,PT', 'ticking twice adds nothing');
  assert.equal(withoutFacets(p).toString(), 'tab=x&q=lung+ct');
  assert.equal(withText(p, '').has('q'), false);
  assert.deepEqual(parseQuery(new URLSearchParams('modality=CT&modality=CT&modality=')).facets.modality, ['CT']);
});
