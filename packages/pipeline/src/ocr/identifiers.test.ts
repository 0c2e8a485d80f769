import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePart10 } from '@oncoatlas/dicom';
import { el, part10, sq, TS } from '@oncoatlas/testkit';
import { identifiersOf } from './identifiers.ts';
import { parseTsv } from './tesseract.ts';

const US = '1.2.840.10008.5.1.4.1.1.6.1';

test('identifiersOf reads names, IDs, dates and the institution of the header, in its character set', () => {
  const bytes = part10({
    transferSyntax: TS.explicitLE, sopClassUid: US, sopInstanceUid: '1.2.3',
    dataset: [
      el(0x00080005, 'CS', 'ISO_IR 100'), el(0x00080020, 'DA', '20210312'), el(0x00080021, 'DA', '20210312'), el(0x0008002a, 'DT', '20210313101500'),
      el(0x00080050, 'SH', 'E144817256'), el(0x00080080, 'LO', Buffer.from('Hospital Sintètic', 'latin1')),
      el(0x00100010, 'PN', Buffer.from('PEÑA^JORDINA', 'latin1')), el(0x00100020, 'LO', '10000497'), el(0x00100030, 'DA', '19540420'),
      el(0x00101000, 'LO', 'OLD-1\\OLD-2'), sq(0x00101002, [[el(0x00100020, 'LO', 'CIP000497X')]]), el(0x00101001, 'PN', 'VIDAL^JORDINA'),
    ],
  });
  assert.deepEqual(identifiersOf(parsePart10(bytes)), {
    names: ['PEÑA^JORDINA', 'VIDAL^JORDINA'],
    ids: ['10000497', 'OLD-1', 'OLD-2', 'E144817256', 'CIP000497X'],
    dates: ['20210312', '19540420', '20210313'],
    institutions: ['Hospital Sintètic'],
  });
});

test('an instance without identifiers has empty lists', () => {
  const bytes = part10({ transferSyntax: TS.explicitLE, sopClassUid: US, sopInstanceUid: '1.2.3', dataset: [el(0x00080060, 'CS', 'US')] });
  assert.deepEqual(identifiersOf(parsePart10(bytes)), { names: [], ids: [], dates: [], institutions: [] });
});

test('parseTsv keeps words with their box, confidence and line, and skips the other levels', () => {
  const tsv = [
    'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
    '1\t1\t0\t0\t0\t0\t0\t0\t640\t480\t-1\t',
    '4\t1\t1\t1\t1\t0\t10\t8\t120\t14\t-1\t',
    '5\t1\t1\t1\t1\t1\t10\t8\t60\t14\t96.5\tGARCIA,',
    '5\t1\t1\t1\t1\t2\t76\t8\t54\t14\t91\tMARIA',
    '5\t1\t2\t1\t1\t1\t500\t450\t30\t12\t95\t ',
    '5\t1\t3\t1\t1\t1\t20\t40\t30\t12\t88\tTIS',
  ].join('\n');
  assert.deepEqual(parseTsv(tsv), [
    { text: 'GARCIA,', box: [10, 8, 60, 14], confidence: 96.5, line: '1.1.1.1' },
    { text: 'MARIA', box: [76, 8, 54, 14], confidence: 91, line: '1.1.1.1' },
    { text: 'TIS', box: [20, 40, 30, 12], confidence: 88, line: '1.3.1.1' },
  ]);
});
