import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readClinicalCsv } from '@oncoatlas/sources';
import { generateHospital } from '@oncoatlas/synth';
import { readFacts, studyKeyOfDamaged } from '../inventory/instance-facts.ts';
import { ClinicalIndex, exportDateAsDicom } from './clinical-index.ts';
import { parseCohortConfig } from './cohort-config.ts';
import { selectStudy } from './select-study.ts';
import { StudySummaries } from './study-summaries.ts';

test('clinical dates are read as the export writes them, never guessed', () => {
  assert.equal(exportDateAsDicom('10/12/1937', true), '19371210');
  assert.equal(exportDateAsDicom('1937-12-10', true), '19371210');
  assert.equal(exportDateAsDicom('10-12-37', true), '??371210');
  assert.equal(exportDateAsDicom('12/10/1937', false), '19371210');
  assert.equal(exportDateAsDicom('31/13/1990', true), null);
  assert.equal(exportDateAsDicom('desconocida', true), null);
});

test('cohort configuration errors name the field', () => {
  assert.throws(() => parseCohortConfig({ modalitis: ['CT'] }), /modalitis is not a known setting/);
  assert.throws(() => parseCohortConfig({ requireConsent: true, patients: { file: 'p.csv', id: 'NHC' } }), /patients.consent is required/);
  assert.throws(() => parseCohortConfig({ studyDates: { from: '2020-01-01' } }), /studyDates.from must be YYYYMMDD/);
});

test('on a synthetic hospital, selection reaches the end state truth.json gives for every study', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-select-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const truth = generateHospital({ out: dir, studies: 300, seed: 'select' });
  const config = parseCohortConfig(JSON.parse(readFileSync(join(dir, 'cohort.json'), 'utf8')));
  const clinical = ClinicalIndex.fromTable(readClinicalCsv(join(dir, config.patients!.file)), config);
  const summaries = new StudySummaries();
  for (const e of readdirSync(join(dir, 'pacs'), { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || e.name === 'DICOMDIR') continue;
    const bytes = readFileSync(join(e.parentPath, e.name));
    try {
      summaries.add(readFacts(bytes));
    } catch {
      const key = studyKeyOfDamaged(bytes);
      if (key) summaries.addDamaged(key, createHash('sha256').update(bytes).digest('hex'));
    }
  }
  assert.equal(summaries.keys().length, truth.studies.length, 'every study is found, even one whose files are all damaged');
  for (const s of truth.studies) {
    const got = selectStudy(summaries.get(s.study)!, clinical, config);
    assert.deepEqual(got, s.reason === null ? { selected: true } : { selected: false, reason: s.reason }, `study of ${s.modalities.join('+')}`);
  }
});
