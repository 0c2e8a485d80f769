import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { cleansPixelData, parseOptionNames } from './options.ts';

test('clean-pixel-data (or its code) is accepted and adds no profile column', () => {
  assert.deepEqual([...parseOptionNames(['clean-pixel-data', 'clean-descriptors'])], ['cleanDescOpt']);
  assert.deepEqual([...parseOptionNames(['113101'])], []);
  assert.equal(cleansPixelData(['clean-descriptors,clean-pixel-data']), true);
  assert.equal(cleansPixelData(['113101']), true);
  assert.equal(cleansPixelData(['clean-descriptors']), false);
  assert.equal(cleansPixelData([]), false);
});

test('defacing stays refused, and an unknown option names the known ones', () => {
  assert.throws(() => parseOptionNames(['clean-recognizable-visual-features']), (e: unknown) => isOncoAtlasError(e, 'DEID_UNSUPPORTED_OPTION'));
  assert.throws(() => parseOptionNames(['clean-pixels']), (e: unknown) => isOncoAtlasError(e, 'DEID_UNKNOWN_OPTION') && /clean-pixel-data/.test((e as Error).message));
});
