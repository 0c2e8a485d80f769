import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeStepIndex, documentStateText, mayDo, needsReason, openRequired, startProblems } from './onboarding.ts';
import type { DocumentKind, OnboardingView, ReviewStep } from './onboarding-types.ts';

const steps: ReviewStep[] = [
  { id: 'access-committee', title: 'Access committee', role: 'committee' },
  { id: 'technical-board', title: 'Technical board', role: 'operator' },
  { id: 'decision', title: 'Decision', role: 'operator' },
];
const review = (decisions: (null | 'approve' | 'return')[]) => steps.map((step, i) => ({ step, decision: decisions[i] ?? null, reason: null, by: null, at: null }));

test('a document state reads with its reason or date', () => {
  assert.equal(documentStateText('rejected', { reason: 'unsigned', validUntil: null }), 'Rejected: unsigned');
  assert.equal(documentStateText('expired', { reason: null, validUntil: '2024-12-31T00:00:00.000Z' }), 'Expired on 2024-12-31');
  assert.equal(documentStateText('accepted', { reason: null, validUntil: '2030-01-01' }), 'Accepted, valid until 2030-01-01');
  assert.equal(documentStateText('missing', null), 'Not uploaded yet');
});

test('the current review step follows the approvals and the hub\'s next step', () => {
  assert.equal(activeStepIndex({ onboarding: { status: 'in-review' }, reviews: review([]), nextStep: steps[0]! }), 0);
  assert.equal(activeStepIndex({ onboarding: { status: 'in-review' }, reviews: review(['approve']), nextStep: steps[1]! }), 1);
  assert.equal(activeStepIndex({ onboarding: { status: 'returned' }, reviews: review(['approve', 'return']), nextStep: null }), 1);
  assert.equal(activeStepIndex({ onboarding: { status: 'approved' }, reviews: review(['approve', 'approve', 'approve']), nextStep: null }), 3);
});

test('return and reject need a reason', () => {
  assert.ok(needsReason('return') && needsReason('reject') && !needsReason('approve'));
});

test('the start form names every field it lacks', () => {
  assert.deepEqual(Object.keys(startProblems({ node: ' ', path: '', organisation: '', contactName: '', contactEmail: 'nobody' })).sort(),
    ['contactEmail', 'contactName', 'node', 'organisation', 'path']);
  assert.deepEqual(startProblems({ node: 'n1', path: 'federated', organisation: 'Hospital', contactName: 'A. Holder', contactEmail: 'a@h.example' }), {});
});

test('required documents missing, rejected or expired are the ones still open', () => {
  const kind = (id: string, required: boolean): DocumentKind => ({ id, title: id.toUpperCase(), paths: ['federated'], required, requiredForPublication: false, expires: false, hint: '' });
  const checklist: OnboardingView['checklist'] = [
    { kind: kind('dsa', true), state: 'missing', document: null },
    { kind: kind('dpia', true), state: 'accepted', document: null },
    { kind: kind('other', false), state: 'missing', document: null },
    { kind: kind('ethics', true), state: 'expired', document: null },
  ];
  assert.deepEqual(openRequired({ checklist }), ['DSA', 'ETHICS']);
});

test('the controls follow the hub\'s actions, a review only for the current step', () => {
  assert.deepEqual(mayDo({ actions: ['upload', 'submit'], nextStep: null }), { upload: true, submit: true, decideDocuments: false, review: false });
  assert.equal(mayDo({ actions: ['decide-documents', 'review:technical-board'], nextStep: steps[0]! }).review, false);
  assert.equal(mayDo({ actions: ['decide-documents', 'review:access-committee'], nextStep: steps[0]! }).review, true);
});
