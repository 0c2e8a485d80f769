import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import type { DeidSettings } from '@oncoatlas/deid';
import { generateHospital } from '@oncoatlas/synth';
import { parseCohortConfig } from '../select/cohort-config.ts';
import { loadClinicalExport, transformLoadedExport } from './clinical-export.ts';
import { startClinicalPreparation } from './clinical-prepare.ts';

const settings: DeidSettings = { profile: 'basic', options: [], secret: randomBytes(32), allowBurnedIn: false, recordMappings: false };

function hospital(t: { after(f: () => void): void }): { dir: string; source: NonNullable<ReturnType<typeof parseCohortConfig>['clinical']>; patients: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'oa-prepare-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: dir, studies: 40, seed: 'prepare' });
  const cohort = parseCohortConfig(JSON.parse(readFileSync(join(dir, 'cohort.json'), 'utf8')));
  // Some of the export's patients, as the inventory would give the imaged ones.
  const ids = readFileSync(join(dir, 'clinical', 'patients.csv'), 'latin1').split(/\r?\n/).slice(1, 20).map((l) => l.split(';')[0]!).filter((id) => id !== '');
  return { dir, source: cohort.clinical!, patients: ids };
}

test('the export mapped on its own thread is the export mapped on this one', async (t) => {
  const h = hospital(t);
  const prep = startClinicalPreparation({ source: h.source, baseDir: h.dir, settings });
  try {
    prep.imaged(h.patients);
    const there = await prep.result();
    const here = await transformLoadedExport(await loadClinicalExport(h.source, h.dir), settings, h.patients);
    assert.ok(there.records.patient.length > 0);
    assert.deepEqual(there, here);
  } finally {
    await prep.stop();
  }
});

test('an export that cannot be read fails the result with its own error code, without waiting for the patients', async (t) => {
  const h = hospital(t);
  const prep = startClinicalPreparation({ source: { ...h.source, mapping: 'missing.yaml' }, baseDir: h.dir, settings });
  try {
    await assert.rejects(prep.result(), (err: unknown) => isOncoAtlasError(err, 'CONFIG_INVALID') && /clinical\.mapping/.test(err.message));
  } finally {
    await prep.stop();
  }
});

test('a run that ends before the clinical stage stops the thread and leaves nothing pending', async (t) => {
  const h = hospital(t);
  const prep = startClinicalPreparation({ source: h.source, baseDir: h.dir, settings });
  await prep.stop();
});
