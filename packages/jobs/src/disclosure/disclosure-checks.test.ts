import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOutput, type DisclosureKeys } from './disclosure-checks.ts';

const PSEUDONYM = 'OA-0AGSJ81CW03N8FJMVA48';
const STUDY = '2.25.165899391674524141958208388573051226727';
const keys: DisclosureKeys = { pseudonyms: new Set([PSEUDONYM, 'OA-12DW565FZT9F44ZT8VFH', 'OA-647R1PDYC56EWNXP7BE7']), studyKeys: new Set([STUDY]), patients: 4, minCell: 5 };
const codes = (path: string, text: string | Uint8Array): string[] => checkOutput(path, typeof text === 'string' ? Buffer.from(text) : text, keys).map((f) => `${f.severity} ${f.code}`);

test('a DICOM object is blocked, with or without its preamble', () => {
  const part10 = Buffer.alloc(200);
  part10.write('DICM', 128, 'latin1');
  assert.deepEqual(codes('x.bin', part10), ['block DICOM_FILE']);
  const bare = Buffer.from([0x08, 0x00, 0x05, 0x00, 0x43, 0x53, 0x0a, 0x00, ...Buffer.from('ISO_IR 100')]);
  assert.deepEqual(codes('x.dat', bare), ['block DICOM_FILE']);
});

test('pseudonyms and study keys are flagged by line, never quoting the value', () => {
  const flags = checkOutput('notes.txt', Buffer.from(`ok\nfiles/${PSEUDONYM}/${STUDY}/1.2.dcm\npatient ${PSEUDONYM}.\n`), keys);
  assert.deepEqual(flags, [
    { code: 'PSEUDONYM', severity: 'warn', detail: 'lines 2, 3 hold a patient pseudonym of this dataset' },
    { code: 'STUDY_KEY', severity: 'warn', detail: 'line 2 holds a study, series or instance UID or an accession number of this dataset' },
  ]);
  assert.ok(flags.every((f) => !f.detail.includes(PSEUDONYM) && !f.detail.includes(STUDY)));
  assert.deepEqual(codes('a.txt', 'OA-0AGSJ81CW03N8FJMVA48X and 2.25.1658993916745241419582083885730512267270'), [], 'a longer token is another value');
});

test('tables: small cells and patient-level rows are flagged; aggregates pass', () => {
  assert.deepEqual(codes('summary.csv', 'modality,n_series,mean\nCT,40,1.5\nMR,3,2\nCR,0,\n'), ['warn SMALL_CELL']);
  assert.deepEqual(codes('summary.csv', 'modality,count\nCT,40\nMR,12\n'), []);
  assert.deepEqual(codes('rows.csv', `id,volume\n${PSEUDONYM},1\nOA-12DW565FZT9F44ZT8VFH,2\n`), ['warn PSEUDONYM', 'warn PATIENT_LEVEL']);
  assert.deepEqual(codes('rows.tsv', 'patient_id\tvolume\na\t1\nb\t2\nc\t3\n'), ['warn PATIENT_LEVEL']);
  assert.deepEqual(codes('rows.csv', 'case,volume\n1,1.5\n2,2.5\n3,1\n4,7\n'), ['warn PATIENT_LEVEL'], 'one row for each of the 4 patients');
  assert.deepEqual(codes('r.json', JSON.stringify({ groups: [{ label: 'a', patients: 2 }, { label: 'b', patients: 9 }] })), ['warn SMALL_CELL']);
});

test('binary files other than PNG are flagged for the reviewer; PNG and text pass', () => {
  assert.deepEqual(codes('model.bin', new Uint8Array([1, 0, 2, 255, 0, 7, 9, 9, 9])), ['warn BINARY']);
  assert.deepEqual(codes('plot.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), []);
  assert.deepEqual(codes('readme.md', 'All good.\n'), []);
});
