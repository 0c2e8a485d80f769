import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lookupKeyword } from '@oncoatlas/dicom';
import { CONFIDENTIALITY_PROFILE } from './confidentiality-profile.ts';

const row = (tag: string) => CONFIDENTIALITY_PROFILE.find((r) => r.tag === tag)!;

test('Table E.1-1 as generated: every row, known actions, sorted', () => {
  assert.equal(CONFIDENTIALITY_PROFILE.length, 621);
  assert.equal(row('(0010,0010)').basic, 'Z');
  assert.equal(row('(0010,0020)').basic, 'Z/D');
  assert.equal(row('(0020,000D)').basic, 'U');
  assert.equal(row('(0008,0050)').basic, 'Z');
  assert.deepEqual(row('(0008,0020)').options, { rtnLongFullDatesOpt: 'K', rtnLongModifDatesOpt: 'C' });
  assert.equal(row('(0010,0010)').keyword, 'PatientName');
  for (let i = 1; i < CONFIDENTIALITY_PROFILE.length; i++) assert.ok(CONFIDENTIALITY_PROFILE[i - 1]!.value <= CONFIDENTIALITY_PROFILE[i]!.value);
  assert.equal(lookupKeyword('PatientName')?.vr, 'PN');
});

test('the generators rebuild the checked-in tables byte for byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-tables-'));
  try {
    for (const [script, target] of [
      ['../../../dicom/scripts/generate-dictionary.ts', '../../../dicom/src/generated/dictionary.ts'],
      ['../../scripts/generate-profile.ts', './confidentiality-profile.ts'],
    ] as const) {
      const out = join(dir, 'table.ts');
      execFileSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), '--out', out]);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(new URL(target, import.meta.url), 'utf8'), `${target} is stale: run ${script}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
