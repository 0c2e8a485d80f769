import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datasetQuads } from './dataset-records.ts';
import { syntheticDataset } from './fixtures/synthetic-datasets.ts';
import { applyTransition } from './lifecycle.ts';
import { FORM_FIELDS, formFieldOf } from './problem-fields.ts';
import { CATALOGUE_RULES, DATASET_RULES, DATASET_VARIABLES_RULE, DISTRIBUTION_RULES } from './shape-rules.ts';
import { parseStewardFacts } from './steward-facts.ts';
import { validateRecords } from './validate-records.ts';

const RULE_IDS = [...DATASET_RULES, ...DISTRIBUTION_RULES, ...CATALOGUE_RULES].map((r) => r.id).concat(DATASET_VARIABLES_RULE.id);
/** The steward JSON's top-level fields (steward-facts.ts): a form path must start with one of them. */
const STEWARD_FIELDS = Object.keys(parseStewardFacts({ publisher: { name: '' }, hdab: { name: '' }, accessRights: 'PUBLIC', accessUrl: 'x', license: 'x', tier: '1', primaryCondition: 'x' }));

test('every shape rule is a field of the form in the form\'s words, or says that the form cannot change it', () => {
  assert.deepEqual(Object.keys(FORM_FIELDS).sort(), [...RULE_IDS].sort(), 'one entry per rule, no stale ones');
  for (const [rule, f] of Object.entries(FORM_FIELDS)) {
    assert.doesNotMatch(`${f.label} ${f.todo}`, /_:|\b(dct|dcat|dcatap|eucaim|healthdcatap|foaf|vcard|cv|spdx):/, `${rule} speaks in RDF`);
    if (f.field) assert.ok(STEWARD_FIELDS.includes(f.field.split('.')[0]!), `${rule}: ${f.field} is not a steward field`);
    else assert.match(f.todo, /cannot change|catalogue settings|released data|release a new version/, `${rule} has no field and must say where it is fixed`);
  }
});

test('a contact point is named by its place in the form; an unknown rule keeps its name', () => {
  assert.deepEqual(formFieldOf('dataset-contact-reachable', '_:n0123456789ab_contact1'), {
    field: 'contactPoints.1.email', label: 'Contact point 2 › Email', todo: FORM_FIELDS['dataset-contact-reachable']!.todo,
  });
  assert.equal(formFieldOf('dataset-publisher-name').label, 'Publisher › Name');
  assert.equal(formFieldOf('distribution-access-url', '_:n0123456789ab_distribution').field, 'accessUrl');
  assert.deepEqual(formFieldOf('some-future-rule', undefined, 'Spatial coverage'), { label: 'Spatial coverage', todo: 'See the message.' });
});

test('the problems of a nearly empty form name form fields, never a blank node', async () => {
  const steward = parseStewardFacts({
    description: { en: 'Only a description.' },
    publisher: { name: '' },
    contactPoints: [{ name: 'Office', email: 'office@hospital.example' }, { name: 'Nobody' }],
  });
  const { problems } = await validateRecords(datasetQuads({ ...syntheticDataset(), steward }));
  const labels = problems.map((p) => p.label);
  for (const label of ['Title', 'Contact point 2 › Email', 'Publisher › Email', 'Access URL', 'Access conditions', 'Keywords', 'Provenance', 'Tier']) {
    assert.ok(labels.includes(label), `${label} is named; got ${labels.join(', ')}`);
  }
  assert.ok(!labels.includes('Contact point 1 › Email'), 'the reachable contact point is not blamed');
  assert.equal(problems.find((p) => p.label === 'Contact point 2 › Email')!.field, 'contactPoints.1.email');
  for (const p of problems) assert.doesNotMatch(`${p.label} ${p.todo}`, /_:n|dct:|dcat:/);
  assert.equal(new Set(problems.map((p) => `${p.rule}|${p.field}`)).size, problems.length, 'one problem per rule and field');
  // The API's CATALOGUE_INVALID_RECORD detail is the same list, in the same words.
  let detail = '';
  try { applyTransition('released', 'PUBLISH', { conforms: false, problems }); } catch (err) { detail = (err as Error).message; }
  assert.match(detail, /^- Title: Write the title in English/m);
  assert.match(detail, /^- Contact point 2 › Email: /m);
  assert.doesNotMatch(detail, /_:n|dcat:accessURL|dct:publisher/);
});
