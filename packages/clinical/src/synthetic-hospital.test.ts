/**
 * The acceptance test: the synthetic hospital's clinical export, read by the real readers and transformed with
 * its mapping, must have every planted clinical defect reported by its check (same patient, same place), no
 * defect-check finding that was not planted, and no patient ID, name or birth date in the QC report.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readClinicalFile, type ClinicalTable } from '@oncoatlas/sources';
import { CLINICAL_DEFECT_KINDS, CLINICAL_MAPPING_FILE, generateHospital, SYNTHETIC_CLINICAL_MAPPING_YAML } from '@oncoatlas/synth';
import { formatQcReport, parseMapping, qcReport, transformToCdm } from './index.ts';
import { SYNTHETIC_DEFECT_CHECKS } from './synthetic-hospital.ts';

const syntheticHospitalMapping = () => parseMapping(SYNTHETIC_CLINICAL_MAPPING_YAML, CLINICAL_MAPPING_FILE);

const pseudonymOf = (id: string): string => `EUCAIM-${createHash('sha256').update(`site-secret:${id}`).digest('hex').slice(0, 16)}`;

test('the synthetic hospital\'s mapping is valid, and every synthetic defect kind has a check', () => {
  assert.deepEqual(Object.keys(SYNTHETIC_DEFECT_CHECKS).sort(), [...CLINICAL_DEFECT_KINDS].sort());
  assert.equal(syntheticHospitalMapping().tables.length, 4);
});

// Seed 'qc' is the agreed one; seed '7' also plants withdrawn consent and a "Desconocido" sex.
for (const seed of ['qc', '7']) {
  test(`synthetic hospital (seed ${seed}): every planted clinical defect is caught by its check, and only those`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-clinical-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const truth = generateHospital({ out: dir, studies: 300, seed });
    assert.equal(readFileSync(join(dir, CLINICAL_MAPPING_FILE), 'utf8'), SYNTHETIC_CLINICAL_MAPPING_YAML, 'synth writes the mapping beside cohort.json');
    const tables: ClinicalTable[] = [];
    for (const file of ['patients.csv', 'diagnosticos.xlsx', 'outcomes.csv']) tables.push(...await readClinicalFile(join(dir, 'clinical', file)));

    const result = transformToCdm(tables, syntheticHospitalMapping(), {
      pseudonymOf,
      datePolicy: (date) => date,
      imagedPatientIds: truth.studies.map((s) => s.patient),
    });
    const defects = truth.clinical.defects;
    assert.ok(defects.length > 100);
    const where = (check: string, patient: string, table: string | null, row: number | null, column: string | null): string => `${check} ${patient} ${table ?? '-'}#${row ?? '-'} ${column ?? '-'}`;
    // A linkage defect of a patient without any row has no table position; every other is exact to the cell.
    const expected = new Set(defects.map((d) => d.kind === 'no_clinical_record'
      ? where(SYNTHETIC_DEFECT_CHECKS[d.kind]!, pseudonymOf(d.patient), null, null, null)
      : where(SYNTHETIC_DEFECT_CHECKS[d.kind]!, pseudonymOf(d.patient), d.table, d.row ?? null, d.column ?? null)));
    const defectChecks = new Set(Object.values(SYNTHETIC_DEFECT_CHECKS));
    const reported = new Set(result.findings.filter((f) => defectChecks.has(f.check)).map((f) => where(f.check, f.patient ?? '?', f.table, f.row, f.column)));
    const missed = [...expected].filter((e) => !reported.has(e));
    const unplanted = [...reported].filter((r) => !expected.has(r));
    assert.deepEqual(missed, [], 'planted defects no check reported');
    assert.deepEqual(unplanted, [], 'findings of defect checks with no planted defect');

    // Withdrawn consent reaches every table of the patient; nothing else in the synthetic export is fatal.
    const withdrawn = new Set(defects.filter((d) => d.kind === 'consent_withdrawn').map((d) => pseudonymOf(d.patient)));
    for (const o of result.outcomes) {
      assert.equal(o.status === 'excluded', withdrawn.has(o.patient!), `${o.table} row ${o.row}: ${o.status} ${o.reasons.join(',')}`);
      if (o.status === 'excluded') assert.deepEqual(o.reasons, ['consent.withdrawn']);
    }
    assert.equal(result.outcomes.filter((o) => o.status === 'merged').length, truth.summary.clinicalDuplicateRows);
    const noRecord = new Set(defects.filter((d) => d.kind === 'no_clinical_record').map((d) => d.patient)).size;
    assert.equal(result.records.patient.length, truth.summary.patients - noRecord + truth.summary.clinicalOnlyPatients - withdrawn.size);

    // The report holds pseudonyms, row numbers and column names: never an ID, a name or a birth date.
    const report = qcReport(result, { maxExamples: 1000 });
    const text = JSON.stringify(report) + formatQcReport(report) + JSON.stringify(result.findings);
    const patients = tables.find((x) => x.name === 'patients.csv')!;
    for (const row of patients.rows) {
      for (const column of ['NHC', 'Apellidos', 'Nombre', 'Fecha_nacimiento']) assert.ok(!text.includes(row[column]!), `${column} leaked into the QC report`);
    }
  });
}
