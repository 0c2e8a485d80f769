import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionsLabel, datasetLabel, permitStatus, requiredRows, revokeProblem } from './node-access.ts';
import type { Agreement } from './node-access-types.ts';
import type { DocumentKind } from '../onboarding/onboarding-types.ts';

const kind = (id: string): DocumentKind => ({ id, title: id.toUpperCase(), paths: ['federated'], required: true, requiredForPublication: true, expires: true, hint: '' });
const agreement = (kind: string, filedAt: string, validUntil: string | null, state: Agreement['state'] = 'accepted'): Agreement =>
  ({ id: `${kind}-${filedAt}`, kind, title: kind, filename: `${kind}.pdf`, sha256: 'a'.repeat(64), source: 'node', state, validUntil, filedBy: 'steward', filedAt });

test('each required document is on file, missing or expired, by its latest accepted agreement', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const rows = requiredRows({
    required: [kind('dsa'), kind('access-conditions'), kind('dta')],
    agreements: [
      agreement('dsa', '2026-01-01T00:00:00Z', '2025-12-31'),
      agreement('dsa', '2026-02-01T00:00:00Z', '2027-01-01'),
      agreement('access-conditions', '2026-01-01T00:00:00Z', '2026-05-31'),
      agreement('dta', '2026-01-01T00:00:00Z', null, 'withdrawn'),
    ],
    missing: [kind('access-conditions'), kind('dta')],
  }, now);
  assert.deepEqual(rows.map((r) => [r.kind.id, r.state]), [['dsa', 'on file'], ['access-conditions', 'expired'], ['dta', 'missing']]);
  assert.equal(rows[0]!.agreement?.validUntil, '2027-01-01');
});

test('an agreement counts through its last day', () => {
  const rows = requiredRows({ required: [kind('dsa')], agreements: [agreement('dsa', '2026-01-01T00:00:00Z', '2026-06-01')], missing: [] }, new Date('2026-06-01T20:00:00Z'));
  assert.equal(rows[0]!.state, 'on file');
});

test('a permit reads expired past its expiry, revoked stays revoked', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  assert.equal(permitStatus({ status: 'active', expiresAt: '2026-05-31T00:00:00Z' }, now), 'expired');
  assert.equal(permitStatus({ status: 'active', expiresAt: '2027-01-01T00:00:00Z' }, now), 'active');
  assert.equal(permitStatus({ status: 'revoked', expiresAt: '2020-01-01T00:00:00Z' }, now), 'revoked');
  assert.equal(datasetLabel({ dataset: { id: 'lung', uuid: 'u', version: 2 } }), 'lung v2');
  assert.equal(actionsLabel(['download', 'federated-job']), 'download, federated job');
  assert.ok(revokeProblem(' ') && !revokeProblem('consent withdrawn'));
});
