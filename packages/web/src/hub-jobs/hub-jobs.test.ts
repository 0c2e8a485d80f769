import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PermitRow } from '../access/access-types.ts';
import { downloadName, federatedPermits, fileBytes, stateCounts } from './hub-jobs.ts';

const permit = (o: Partial<PermitRow>): PermitRow => ({
  id: 'p', request: 'r', resource: 'x', node: 'n1', nodeName: 'Hospital A', dataset: 'u', name: 'Lung CT', researcher: 'rita @ i',
  status: 'active', actions: ['federated-job'], expiresAt: '2999-01-01T00:00:00Z', issuedAt: '2020-01-01T00:00:00Z', ...o,
});

test('a federated job runs under the researcher\'s own active permits that allow it, grouped by node', () => {
  const groups = federatedPermits([
    permit({ id: 'a2', name: 'Prostate MR' }), permit({ id: 'a1' }), permit({ id: 'b', node: 'n2', nodeName: 'Clinic B' }),
    permit({ id: 'other', researcher: 'otto @ i' }), permit({ id: 'revoked', status: 'revoked' }), permit({ id: 'dl', actions: ['download'] }),
    permit({ id: 'old', expiresAt: '2001-01-01T00:00:00Z' }),
  ], 'rita @ i', Date.parse('2025-01-01'));
  assert.deepEqual(groups.map((g) => [g.nodeName, g.permits.map((p) => p.id)]), [['Clinic B', ['b']], ['Hospital A', ['a1', 'a2']]]);
});

test('a job\'s nodes read by state; files download under safe names', () => {
  assert.equal(stateCounts({ released: 2, 'awaiting-review': 1, submitting: 1 }), '1 sent to the node, 1 awaiting review, 2 released');
  assert.equal(downloadName({ name: 'out/stats table.csv', node: 'Hospital A' }), 'Hospital_A-stats_table.csv');
  assert.deepEqual([...fileBytes({ name: 'x', contentType: 'image/png', base64: 'AAEC' })], [0, 1, 2]);
});
