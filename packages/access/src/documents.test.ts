import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { ONBOARDING_DOCUMENTS, REQUEST_DOCUMENTS, checklistFor, documentState, missingAgreementMessage, missingForPublication, type FiledDocument } from './documents.ts';
import { DEFAULT_REVIEW_STEPS, nextReviewStep, parseReviewSteps } from './review-steps.ts';

const NOW = new Date('2026-03-15T12:00:00Z');
const ids = (kinds: readonly { id: string }[]) => kinds.map((k) => k.id);

test('each path has its checklist, with the agreements needed to publish', () => {
  const both = ['ethics-training', 'legal-representation', 'ethics-approval', 'dpo-report', 'national-authorisation', 'data-user-restrictions', 'transfer-acknowledgement'];
  assert.deepEqual(ids(checklistFor('transfer')), [...both, 'dta']);
  assert.deepEqual(ids(checklistFor('federated')), [...both, 'dsa', 'dpia', 'security-evidence', 'access-conditions', 'negotiation-contact']);
  assert.deepEqual(ids(checklistFor('transfer').filter((k) => k.requiredForPublication)), ['dta']);
  assert.deepEqual(ids(checklistFor('federated').filter((k) => k.requiredForPublication)), ['dsa', 'access-conditions']);
  assert.equal(new Set(ids(ONBOARDING_DOCUMENTS)).size, ONBOARDING_DOCUMENTS.length);
  assert.deepEqual(REQUEST_DOCUMENTS.map((k) => [k.id, k.required]), [['ethics-approval', true], ['dpia', true], ['other', false]]);
  for (const k of ONBOARDING_DOCUMENTS) assert.ok(k.title !== '' && k.hint !== '' && k.paths.length > 0, k.id);
});

test('documentState: missing, submitted, accepted, rejected, and expired on a given date', () => {
  const doc = (state: FiledDocument['state'], validUntil: string | null): FiledDocument => ({ kind: 'dsa', state, validUntil });
  assert.equal(documentState(undefined, NOW), 'missing');
  assert.equal(documentState(doc('submitted', null), NOW), 'submitted');
  assert.equal(documentState(doc('rejected', null), NOW), 'rejected');
  assert.equal(documentState(doc('accepted', null), NOW), 'accepted');
  // A date is valid through its whole day (UTC).
  assert.equal(documentState(doc('accepted', '2026-03-15'), NOW), 'accepted');
  assert.equal(documentState(doc('accepted', '2026-03-14'), NOW), 'expired');
  assert.equal(documentState(doc('accepted', '2026-03-14'), new Date('2026-03-14T23:59:59Z')), 'accepted');
  assert.equal(documentState(doc('accepted', '2026-03-15T11:00:00Z'), NOW), 'expired');
  // Only an accepted document expires; a pending one stays pending.
  assert.equal(documentState(doc('submitted', '2020-01-01'), NOW), 'submitted');
});

test('missingForPublication: the agreements of the path not accepted or expired', () => {
  const accepted = (kind: string, validUntil: string | null = null): FiledDocument => ({ kind, state: 'accepted', validUntil });
  assert.deepEqual(ids(missingForPublication('federated', [], NOW)), ['dsa', 'access-conditions']);
  assert.deepEqual(ids(missingForPublication('transfer', [], NOW)), ['dta']);
  assert.deepEqual(ids(missingForPublication('federated', [accepted('dsa', '2027-01-01'), accepted('access-conditions')], NOW)), []);
  assert.deepEqual(ids(missingForPublication('federated', [accepted('dsa', '2026-01-01'), accepted('access-conditions')], NOW)), ['dsa']);
  assert.deepEqual(ids(missingForPublication('federated', [{ kind: 'dsa', state: 'submitted', validUntil: null }, { kind: 'access-conditions', state: 'rejected', validUntil: null, reason: 'unsigned' }], NOW)), ['dsa', 'access-conditions']);
  // The other path's agreement does not count.
  assert.deepEqual(ids(missingForPublication('transfer', [accepted('dsa')], NOW)), ['dta']);
  assert.deepEqual(ids(missingForPublication('transfer', [accepted('dta', '2026-12-31')], NOW)), []);
  assert.equal(missingAgreementMessage(missingForPublication('federated', [], NOW)),
    'Data Sharing Agreement (dsa) is not on file; Access conditions (access-conditions) is not on file');
});

test('review steps: defaults, parsing a configuration, and the next step', () => {
  assert.deepEqual(DEFAULT_REVIEW_STEPS.map((s) => [s.id, s.role]), [['access-committee', 'committee'], ['technical-board', 'operator'], ['ethical-legal-board', 'committee'], ['decision', 'operator']]);
  const steps = parseReviewSteps({ steps: [{ id: 'board', title: ' Board ', role: 'committee' }, { id: 'decision', title: 'Decision', role: 'operator' }] });
  assert.deepEqual(steps, [{ id: 'board', title: 'Board', role: 'committee' }, { id: 'decision', title: 'Decision', role: 'operator' }]);
  assert.deepEqual(parseReviewSteps(DEFAULT_REVIEW_STEPS), DEFAULT_REVIEW_STEPS);
  const bad = (raw: unknown, why: RegExp) => assert.throws(() => parseReviewSteps(raw), (e: unknown) => isOncoAtlasError(e, 'CONFIG_INVALID') && why.test((e as Error).message));
  bad('steps', /expected a list/);
  bad([], /at least one step/);
  bad([{ id: 'A b', title: 'x', role: 'committee' }], /needs an id/);
  bad([{ id: 'a', title: 'x', role: 'committee' }, { id: 'a', title: 'y', role: 'operator' }], /used twice/);
  bad([{ id: 'a', title: '', role: 'committee' }], /needs a title/);
  bad([{ id: 'a', title: 'x', role: 'holder' }], /role holder/);
  bad([{ id: 'a', title: 'x', role: 'committee', when: 'now' }], /unknown keys: when/);
  bad([null], /not an object/);
  assert.equal(nextReviewStep(DEFAULT_REVIEW_STEPS, [])?.id, 'access-committee');
  assert.equal(nextReviewStep(DEFAULT_REVIEW_STEPS, [{ step: 'access-committee', decision: 'approve' }])?.id, 'technical-board');
  // A later decision on a step replaces an earlier one.
  assert.equal(nextReviewStep(DEFAULT_REVIEW_STEPS, [{ step: 'access-committee', decision: 'approve' }, { step: 'access-committee', decision: 'return' }])?.id, 'access-committee');
  assert.equal(nextReviewStep(steps, [{ step: 'board', decision: 'approve' }, { step: 'decision', decision: 'approve' }]), null);
});
