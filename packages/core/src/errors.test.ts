import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES, isOncoAtlasError, normalizeError, oncoError } from './errors.ts';

test('every error code is explained in docs/errors.md', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  for (const code of Object.keys(ERROR_CODES)) assert.ok(doc.includes(`| \`${code}\` |`), `${code} is not in docs/errors.md`);
});

test('foreign errors are normalised without carrying their message (it may hold a path)', () => {
  const sys = Object.assign(new Error("ENOENT: no such file or directory, open '/exports/GARCIA_MARIA/IM1'"), { code: 'ENOENT', syscall: 'open' });
  const e = normalizeError(sys);
  assert.equal(e.code, 'IO_FAILED');
  assert.doesNotMatch(e.message, /GARCIA/);
  assert.ok(isOncoAtlasError(oncoError('USAGE', 'x'), 'USAGE'));
  assert.equal(normalizeError(new TypeError('boom')).code, 'INTERNAL');
});
