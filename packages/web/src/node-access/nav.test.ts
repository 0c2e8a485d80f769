import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessLinksFor } from './nav.ts';

const at = (roles: string[], site?: 'hub') => ({ kind: 'signed-in' as const, session: { subject: 's', roles, issuer: 'i', ...(site ? { site } : {}) } });
const labels = (s: Parameters<typeof accessLinksFor>[0]) => accessLinksFor(s).map((l) => l.label);

test('the access pages are offered to the roles that use them, at the right site', () => {
  assert.deepEqual(labels(at(['steward'], 'hub')), ['Onboarding']);
  assert.deepEqual(labels(at(['committee'], 'hub')), ['Onboarding reviews']);
  assert.deepEqual(labels(at(['operator'], 'hub')), ['Onboarding reviews']);
  assert.deepEqual(labels(at(['researcher'], 'hub')), []);
  assert.deepEqual(labels(at(['steward'])), ['Agreements', 'Permits']);
  assert.deepEqual(labels(at(['admin'])), ['Agreements', 'Permits']);
  assert.deepEqual(labels(at(['researcher'])), []);
  assert.deepEqual(labels({ kind: 'signed-out' }), []);
  assert.deepEqual(labels(undefined), []);
});
