import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argsOf, isLive, limitsOf, limitsProblem, outputUrl, outputVerdict, peekPermit, reviewSummary, stateLabel } from './jobs.ts';
import { jobLinksFor } from './nav.ts';

const flag = (severity: 'block' | 'warn') => ({ code: 'PSEUDONYM' as const, severity, detail: 'line 3 holds a patient pseudonym of this dataset' });
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

test('states read as words and only queued or running jobs are polled', () => {
  assert.equal(stateLabel('awaiting-review'), 'awaiting review');
  assert.deepEqual((['queued', 'running', 'awaiting-review', 'released', 'refused', 'failed'] as const).filter(isLive), ['queued', 'running']);
});

test('an output is blocked, warned or clean by its worst flag, and a review says what a release lets leave', () => {
  assert.equal(outputVerdict({ flags: [], blocked: false }), 'clean');
  assert.equal(outputVerdict({ flags: [flag('warn')], blocked: false }), 'warn');
  assert.equal(outputVerdict({ flags: [flag('warn'), flag('block')], blocked: false }), 'block');
  assert.equal(outputVerdict({ flags: [], blocked: true }), 'block');
  const out = (flags: ReturnType<typeof flag>[], blocked = false) => ({ path: 'x', bytes: 1, sha256: 'a', flags, blocked, released: false });
  assert.deepEqual(reviewSummary({ outputs: [out([]), out([flag('warn')]), out([], true)] }), { leaving: 2, blocked: 1, warned: 1 });
});

test('output URLs escape each segment and keep the folders', () => {
  assert.equal(outputUrl('j-1', 'tables/series stats.csv'), '/api/jobs/j-1/outputs/tables/series%20stats.csv');
  assert.equal(outputUrl('j-1', '../x?y'), '/api/jobs/j-1/outputs/%2E%2E/x%3Fy');
});

test('arguments are one a line, and the limits fields send only what was filled in', () => {
  assert.deepEqual(argsOf('--modality CT\r\n\n  --min 5 \n'), ['--modality CT', '--min 5']);
  assert.equal(limitsOf({ wallSeconds: '', cpuSeconds: '', memoryMiB: '' }), undefined);
  assert.deepEqual(limitsOf({ wallSeconds: '60', cpuSeconds: '', memoryMiB: '512' }), { wallSeconds: 60, memoryBytes: 512 * 2 ** 20 });
  assert.equal(limitsProblem({ wallSeconds: '60', cpuSeconds: '', memoryMiB: '' }), null);
  assert.match(limitsProblem({ wallSeconds: '1.5', cpuSeconds: '', memoryMiB: '' }) ?? '', /Wall time/);
  assert.match(limitsProblem({ wallSeconds: '', cpuSeconds: '', memoryMiB: '8' }) ?? '', /Memory/);
});

test('a pasted permit shows its claims before it is sent; anything else says why it is no permit', () => {
  const claims = { permit: { researcher: 'alice @ https://login.example', dataset: { uuid: 'u', id: 'lung', version: 2 }, actions: ['in-situ'], expiresAt: '2030-01-01T00:00:00Z' } };
  const peek = peekPermit(`  ${b64url({ alg: 'EdDSA' })}.${b64url(claims)}.c2ln \n`);
  assert.deepEqual(peek, { researcher: 'alice @ https://login.example', dataset: 'lung v2', actions: ['in-situ'], expiresAt: '2030-01-01T00:00:00Z' });
  assert.ok('problem' in peekPermit(''));
  assert.ok('problem' in peekPermit('not a token'));
  assert.ok('problem' in peekPermit('a.!!!.c'));
  assert.ok('problem' in peekPermit(`a.${b64url({ sub: 'x' })}.c`));
});

test('the Jobs page is offered at a node to researchers and stewards, not at the hub nor to the committee', () => {
  const at = (roles: string[], site?: 'hub') => ({ kind: 'signed-in' as const, session: { subject: 's', roles, issuer: 'i', ...(site ? { site } : {}) } });
  assert.deepEqual(jobLinksFor(at(['researcher'])).map((l) => l.to), ['/jobs']);
  assert.deepEqual(jobLinksFor(at(['steward'])).map((l) => l.to), ['/jobs']);
  assert.deepEqual(jobLinksFor(at(['committee'])), []);
  assert.deepEqual(jobLinksFor(at(['researcher'], 'hub')), []);
  assert.deepEqual(jobLinksFor({ kind: 'signed-out' }), []);
});
