import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { DEFAULT_DISCLOSURE_POLICY } from '@oncoatlas/federation';
import { countTaskHandler, disclosurePolicyOf, NOISE_KEY_FILE, noiseKeyOf } from './federation-answerer.ts';

test('the disclosure settings file overrides the defaults field by field and refuses unknown or mistyped fields', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-disclosure-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (v: unknown): string => { const p = join(dir, `${Math.random()}.json`); writeFileSync(p, JSON.stringify(v)); return p; };
  assert.deepEqual(disclosurePolicyOf(undefined), DEFAULT_DISCLOSURE_POLICY);
  assert.deepEqual(disclosurePolicyOf(file({ threshold: 5, epsilon: null, mode: 'zero' })), { ...DEFAULT_DISCLOSURE_POLICY, threshold: 5, epsilon: null, mode: 'zero' });
  for (const bad of [{ treshold: 5 }, { threshold: 0 }, { epsilon: -1 }, { mode: 'loose' }, { noiseZero: 'yes' }, []]) {
    assert.throws(() => disclosurePolicyOf(file(bad)), (e) => isOncoAtlasError(e, 'CONFIG_INVALID'), JSON.stringify(bad));
  }
});

test('the noise key is made once, owner-only, and kept', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-noise-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = noiseKeyOf(dir);
  assert.equal(statSync(join(dir, NOISE_KEY_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(noiseKeyOf(dir), first);
});

test('the agent handler answers count and ping, passes the requester and asked ε, and refuses other task types', async () => {
  const seen: unknown[] = [];
  const handler = countTaskHandler(async (request, actor) => { seen.push([request, actor]); return { total: { studies_count: 0, subjects_count: 0 } } as never; });
  const task = (type: string, payload: unknown) => ({ id: 't', type, payload, ttl: 1000, retry: { maxTries: 1, backoffMs: 1 }, createdAt: Date.now() });
  assert.deepEqual(await handler(task('ping', null), AbortSignal.timeout(1000)), { pong: true });
  await handler(task('count', { ast: { operand: 'OR', children: [] }, stratifiers: ['sex', 3], requester: 'alice @ idp', epsilon: 0.1 }), AbortSignal.timeout(1000));
  assert.deepEqual(seen, [[{ ast: { operand: 'OR', children: [] }, stratifiers: ['sex'], requester: 'hub:alice @ idp', epsilon: 0.1 }, 'oncoatlas hub agent']]);
  await assert.rejects(handler(task('delete-everything', {}), AbortSignal.timeout(1000)), (e) => isOncoAtlasError(e, 'USAGE'));
});
