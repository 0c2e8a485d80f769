import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CdmResult } from '../transform/transform.ts';
import type { Finding } from './checks.ts';
import { formatQcReport, qcReport } from './report.ts';

const finding = (check: Finding['check'], severity: Finding['severity'], patient: string | null, row: number | null, column: string | null = 'C'): Finding =>
  ({ check, severity, patient, table: row === null ? null : 't.csv', row, column, note: 'not shown in the report' });

const RESULT = {
  records: {} as CdmResult['records'],
  outcomes: [
    { table: 't.csv', mappingTable: 't', row: 1, patient: 'ps-a', status: 'kept', reasons: [], mergedInto: null, records: [] },
    { table: 't.csv', mappingTable: 't', row: 2, patient: 'ps-a', status: 'merged', reasons: ['uniqueness.duplicate_row'], mergedInto: 1, records: [] },
    { table: 't.csv', mappingTable: 't', row: 3, patient: 'ps-b', status: 'excluded', reasons: ['consent.withdrawn'], mergedInto: null, records: [] },
    { table: 'u.csv', mappingTable: 'u', row: 1, patient: null, status: 'excluded', reasons: ['completeness.required_field'], mergedInto: null, records: [] },
  ],
  findings: [
    finding('plausibility.unit', 'warning', 'ps-a', 1),
    finding('plausibility.unit', 'warning', 'ps-a', 1, 'D'),
    finding('plausibility.unit', 'error', 'ps-c', 9),
    finding('consent.withdrawn', 'error', 'ps-b', 3),
    finding('linkage.images_without_clinical', 'warning', 'ps-z', null, null),
  ],
  linkageChecked: true,
  excludedPatients: [{ patient: 'ps-b', reasons: ['consent.withdrawn'] }],
} satisfies CdmResult;

test('the report counts findings per check and severity, with a bounded list of examples', () => {
  const report = qcReport(RESULT, { maxExamples: 2 });
  assert.deepEqual(report.rows, { total: 4, kept: 1, merged: 1, excluded: 2 });
  assert.deepEqual(report.tables, [{ table: 't.csv', rows: 3, kept: 1, merged: 1, excluded: 1 }, { table: 'u.csv', rows: 1, kept: 0, merged: 0, excluded: 1 }]);
  assert.deepEqual(report.patients, { total: 4, excluded: 1 });
  assert.deepEqual(report.checks.map((c) => [c.check, c.errors, c.warnings, c.patients, c.examples.length]), [
    ['consent.withdrawn', 1, 0, 1, 1],
    ['linkage.images_without_clinical', 0, 1, 1, 1],
    ['plausibility.unit', 1, 2, 2, 2],
  ]);
  assert.deepEqual(report.checks[2]!.examples[1], { patient: 'ps-a', table: 't.csv', row: 1, column: 'D' });
});

test('the text form names checks, counts and examples by pseudonym, row and column', () => {
  const text = formatQcReport(qcReport(RESULT, { maxExamples: 1 }));
  assert.equal(text.split('\n')[0], 'Clinical QC: 4 rows, 1 kept, 1 merged duplicates, 2 excluded; 4 patients, 1 excluded.');
  assert.match(text, /^plausibility\.unit: 1 error, 2 warnings \(2 patients\) — /m);
  assert.match(text, /^ {4}e\.g\. ps-a t\.csv row 1, column C$/m);
  assert.match(text, /^ {4}e\.g\. ps-z$/m);
  assert.ok(!text.includes('not shown'));
});
