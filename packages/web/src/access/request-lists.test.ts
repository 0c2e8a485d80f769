import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionState } from '../api/queries.ts';
import type { RequestSummary, ResourceView } from './access-types.ts';
import { accessNavFor, accessRolesOf, notificationTarget, requestFromCart, requestsPerspective, resourcesByNode, sortRequests } from './request-lists.ts';

const at = (site: 'hub' | undefined, roles: string[]): SessionState =>
  ({ kind: 'signed-in', session: { subject: 's', issuer: 'i', roles, ...(site ? { site } : {}) } as never });

test('hub users with an access role get the requests and permits pages; node users and visitors do not', () => {
  assert.deepEqual(accessNavFor(at('hub', ['researcher'])).map((l) => l.to), ['/requests', '/permits']);
  assert.deepEqual(accessNavFor(at('hub', ['committee'])).map((l) => l.to), ['/requests', '/permits']);
  assert.deepEqual(accessNavFor(at('hub', ['steward'])).map((l) => l.to), ['/requests', '/permits']);
  assert.deepEqual(accessNavFor(at(undefined, ['steward', 'researcher'])), []);
  assert.deepEqual(accessNavFor(at('hub', ['admin'])), []);
  assert.deepEqual(accessNavFor({ kind: 'signed-out' }), []);
  assert.deepEqual(accessRolesOf(at('hub', ['operator', 'researcher'])), ['researcher', 'operator']);
  assert.match(requestsPerspective(['committee']).intro, /queue/);
  assert.equal(requestsPerspective(['researcher']).title, 'My access requests');
});

test('a cart becomes one request with its datasets grouped by node', () => {
  const body = requestFromCart([
    { site: 'node-b', collectionId: 'u2', name: 'Breast MR', addedAt: '2025-01-01T00:00:00Z' },
    { site: 'node-a', collectionId: 'u3', name: 'Prostate', addedAt: '2025-01-02T00:00:00Z' },
    { site: 'node-a', collectionId: 'u1', name: 'Lung CT', addedAt: '2025-01-03T00:00:00Z' },
  ]);
  assert.equal(body.title, 'Access to 3 datasets at 2 nodes');
  assert.deepEqual(body.resources, [
    { node: 'node-a', dataset: 'u1', name: 'Lung CT' },
    { node: 'node-a', dataset: 'u3', name: 'Prostate' },
    { node: 'node-b', dataset: 'u2', name: 'Breast MR' },
  ]);
  assert.equal(requestFromCart([{ site: 'x', collectionId: 'y', name: 'Z', addedAt: '' }]).title, 'Access to 1 dataset at 1 node');
});

const summary = (id: string, state: string, updatedAt: string): RequestSummary =>
  ({ id, title: id, state, creator: 'r', createdAt: updatedAt, updatedAt, lastActivityAt: updatedAt, resources: [] });

test('the queue lists requests waiting for the committee first, newest first', () => {
  const sorted = sortRequests([
    summary('old-progress', 'IN_PROGRESS', '2025-01-01T00:00:00Z'),
    summary('old-submitted', 'SUBMITTED', '2025-01-02T00:00:00Z'),
    summary('new-progress', 'IN_PROGRESS', '2025-03-01T00:00:00Z'),
    summary('new-submitted', 'SUBMITTED', '2025-02-01T00:00:00Z'),
  ]);
  assert.deepEqual(sorted.map((r) => r.id), ['new-submitted', 'old-submitted', 'new-progress', 'old-progress']);
});

test("a request's resources group by node, by the node's name", () => {
  const r = (id: string, node: string, nodeName: string): ResourceView =>
    ({ id, node, nodeName, dataset: id, name: id, state: 'SUBMITTED', allowedEvents: [], conditions: null, permit: null });
  const groups = resourcesByNode([r('1', 'n2', 'Beta'), r('2', 'n1', 'Alpha'), r('3', 'n2', 'Beta'), r('4', 'n3', '')]);
  assert.deepEqual(groups.map((g) => [g.nodeName, g.resources.map((x) => x.id)]), [['Alpha', ['2']], ['Beta', ['1', '3']], ['n3', ['4']]]);
});

test('a notification leads to its request or onboarding', () => {
  assert.equal(notificationTarget({ requestId: 'a b', onboardingId: null }), '/requests/a%20b');
  assert.equal(notificationTarget({ requestId: null, onboardingId: 'o1' }), '/onboarding/o1');
  assert.equal(notificationTarget({ requestId: null, onboardingId: null }), null);
});
