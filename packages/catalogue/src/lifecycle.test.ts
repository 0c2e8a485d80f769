import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { LIFECYCLE_ACTIONS, TRANSITIONS, allowedActions, applyTransition, assertPublishable, type DatasetState, type LifecycleAction } from './lifecycle.ts';
import type { RecordValidation } from './validate-records.ts';

const CONFORMING: RecordValidation = { conforms: true, problems: [] };
const ONLY_WARNING: RecordValidation = {
  conforms: true,
  problems: [{ property: 'healthdcatap:hdab', name: 'Health Data Access Body', focus: 'https://x.example/d', message: 'No HDAB yet.', severity: 'warning', rule: 'dataset-hdab', field: 'hdab.name', label: 'Health Data Access Body › Name', todo: 'Add it once designated.' }],
};
const FAILING: RecordValidation = {
  conforms: false,
  problems: [
    { property: 'dct:title', name: 'Title', focus: 'https://x.example/d', message: 'The dataset has no English title (dct:title).', severity: 'violation', rule: 'dataset-title', field: 'title', label: 'Title', todo: 'Write the title in English.' },
    { property: 'healthdcatap:hdab', name: 'Health Data Access Body', focus: 'https://x.example/d', message: 'No HDAB yet.', severity: 'warning', rule: 'dataset-hdab', field: 'hdab.name', label: 'Health Data Access Body › Name', todo: 'Add it once designated.' },
  ],
};

const LEGAL: readonly [DatasetState, LifecycleAction, DatasetState][] = [
  ['draft', 'RELEASE', 'released'],
  ['released', 'PUBLISH', 'published'],
  ['published', 'INVALIDATE', 'invalidated'],
  ['invalidated', 'REACTIVATE', 'published'],
  ['published', 'UNPUBLISH', 'released'],
];

test('the actions are the EUCAIM tracer\'s UPDATE_DATASET details (as in @oncoatlas/audit UPDATE_DETAILS)', () => {
  assert.deepEqual([...LIFECYCLE_ACTIONS], ['RELEASE', 'PUBLISH', 'INVALIDATE', 'REACTIVATE', 'UNPUBLISH']);
  assert.deepEqual(TRANSITIONS.map((t) => [t.from, t.action, t.to]), LEGAL);
});

for (const [from, action, to] of LEGAL) {
  test(`${from} --${action}--> ${to}`, () => {
    assert.equal(applyTransition(from, action, CONFORMING), to);
    assert.ok(allowedActions(from).includes(action));
  });
}

const ILLEGAL: readonly [DatasetState, LifecycleAction, RegExp][] = [
  ['draft', 'PUBLISH', /^A draft dataset cannot be changed by PUBLISH; from draft the only change is RELEASE\.$/],
  ['draft', 'REACTIVATE', /the only change is RELEASE/],
  ['released', 'RELEASE', /from released the only change is PUBLISH/],
  ['released', 'INVALIDATE', /the only change is PUBLISH/],
  ['published', 'PUBLISH', /from published the changes are INVALIDATE, UNPUBLISH/],
  ['published', 'REACTIVATE', /the changes are INVALIDATE, UNPUBLISH/],
  ['invalidated', 'UNPUBLISH', /from invalidated the only change is REACTIVATE/],
  ['invalidated', 'RELEASE', /the only change is REACTIVATE/],
];

for (const [from, action, message] of ILLEGAL) {
  test(`${from} cannot ${action}`, () => {
    assert.throws(() => applyTransition(from, action, CONFORMING), (err: unknown) =>
      isOncoAtlasError(err, 'CATALOGUE_ILLEGAL_TRANSITION') && message.test(err.message) && err.details.state === from && err.details.action === action);
  });
}

test('publishing and reactivating need conforming records; warnings do not block', () => {
  for (const [from, action] of [['released', 'PUBLISH'], ['invalidated', 'REACTIVATE']] as const) {
    assert.throws(() => applyTransition(from, action, FAILING), (err: unknown) =>
      isOncoAtlasError(err, 'CATALOGUE_INVALID_RECORD') && err.details.problems === 1 && /^- Title: Write the title/m.test(err.message) && !/Health Data Access Body|dct:/.test(err.message) && err.details.fields === 'title');
    assert.throws(() => applyTransition(from, action), (err: unknown) => isOncoAtlasError(err, 'CATALOGUE_INVALID_RECORD') && /validate them first/.test(err.message));
    assert.equal(applyTransition(from, action, ONLY_WARNING), 'published');
  }
  // Leaving publication never needs a validation.
  assert.equal(applyTransition('published', 'UNPUBLISH'), 'released');
  assert.equal(applyTransition('published', 'INVALIDATE', FAILING), 'invalidated');
});

test('assertPublishable lists every violation as a field of the form and what to set', () => {
  assert.doesNotThrow(() => assertPublishable(ONLY_WARNING));
  assert.throws(() => assertPublishable(FAILING), {
    message: 'The dataset\'s catalogue record cannot be published: 1 field needs a value or a change.\n- Title: Write the title in English.',
  });
});
