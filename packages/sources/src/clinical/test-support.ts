import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { isOncoAtlasError, type ErrorCode, type OncoAtlasError } from '@oncoatlas/core';

/**
 * Invented values planted in the synthetic fixtures. They stand for patient names and identifiers, so no
 * error message or warning may ever repeat them.
 */
export const PLANTED = ['Quimbalete', 'Xabiertxo', 'Urrutikoetxea', 'Pérez', 'NHC-99817'] as const;

export function assertNoPlanted(text: string): void {
  for (const value of PLANTED) assert.ok(!text.includes(value), `leaked a planted value: ${JSON.stringify(text)}`);
}

/** A fresh temporary folder for this test file, removed when its tests end. */
export function fixtureDir(): { dir: string; write: (name: string, content: string | Uint8Array) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-clinical-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

function checkError(err: unknown, code: ErrorCode): OncoAtlasError {
  assert.ok(isOncoAtlasError(err), `expected an OncoAtlasError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assertNoPlanted(err.message);
  assertNoPlanted(JSON.stringify(err.details));
  return err;
}

export function throwsOnco(fn: () => unknown, code: ErrorCode): OncoAtlasError {
  try {
    fn();
  } catch (err) {
    return checkError(err, code);
  }
  assert.fail(`expected ${code}`);
}

export async function rejectsOnco(fn: () => Promise<unknown>, code: ErrorCode): Promise<OncoAtlasError> {
  try {
    await fn();
  } catch (err) {
    return checkError(err, code);
  }
  assert.fail(`expected ${code}`);
}

/** Windows-1252 bytes for text in the Latin-1 range plus the euro sign (0x80), as Spanish Excel writes them. */
export function windows1252(text: string): Buffer {
  return Buffer.from(Array.from(text, (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0))));
}
