import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qido, type QidoSeries, type QidoStudy } from './qido.ts';

const urls = { study: (s: string) => `u/${s}`, series: (s: string, se: string) => `u/${s}/${se}`, instance: (s: string, se: string, i: string) => `u/${s}/${se}/${i}` };
const inst = (uid: string, n: number) => ({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: uid, instanceNumber: n, transferSyntaxUid: '1.2.840.10008.1.2.1', frames: 1, rows: 4, columns: 4 });
const series = (uid: string, modality: string, n: number, instances = [inst(`${uid}.1`, 1), inst(`${uid}.2`, 2)]): QidoSeries =>
  ({ seriesInstanceUid: uid, modality, seriesNumber: n, seriesDescription: `${modality} series`, bodyPartExamined: 'CHEST', instances });
const study = (uid: string, patientId: string, date: string | null, time: string | null, s: QidoSeries[]): QidoStudy =>
  ({ studyInstanceUid: uid, patientId, patientName: `${patientId}^ANON`, studyDate: date, studyTime: time, accessionNumber: null, studyId: null, studyDescription: 'Thorax', series: s });

const STUDIES = [
  study('2.25.1', 'OA-AB1', '20200105', '0930', [series('2.25.1.1', 'CT', 1), series('2.25.1.2', 'SEG', 2)]),
  study('2.25.2', 'OA-AB2', '20210610', '143000.25', [series('2.25.2.1', 'MR', 1)]),
  study('2.25.3', 'OA-XY3', null, null, [series('2.25.3.1', 'CT', 1)]),
];
const uids = (q: Record<string, string | string[]>, level: 'studies' | 'series' | 'instances' = 'studies', key = '0020000D'): unknown[] =>
  qido(STUDIES, level, q, urls).matches.map((m) => m[key]?.Value?.[0]);

test('QIDO matches UID lists, wildcards, date and time ranges and modalities', () => {
  assert.deepEqual(uids({}), ['2.25.1', '2.25.2', '2.25.3']);
  assert.deepEqual(uids({ StudyInstanceUID: '2.25.3,2.25.1' }), ['2.25.1', '2.25.3']);
  assert.deepEqual(uids({ '0020000D': '2.25.2\\2.25.9' }), ['2.25.2'], 'a tag as the key, a backslash list');
  assert.deepEqual(uids({ PatientID: 'OA-AB?' }), ['2.25.1', '2.25.2']);
  assert.deepEqual(uids({ PatientName: 'oa-xy*' }), ['2.25.3'], 'person names match without regard to case');
  assert.deepEqual(uids({ StudyDate: '20200101-20201231' }), ['2.25.1']);
  assert.deepEqual(uids({ StudyDate: '20210101-' }), ['2.25.2']);
  assert.deepEqual(uids({ StudyDate: '-20250101' }), ['2.25.1', '2.25.2'], 'a study without a date matches no date range');
  assert.deepEqual(uids({ StudyDate: '20200105' }), ['2.25.1']);
  assert.deepEqual(uids({ StudyTime: '1400-1500' }), ['2.25.2']);
  assert.deepEqual(uids({ ModalitiesInStudy: 'SEG' }), ['2.25.1']);
  assert.deepEqual(uids({ ModalitiesInStudy: 'MR,SEG' }), ['2.25.1', '2.25.2']);
  assert.deepEqual(uids({ Modality: 'CT' }, 'series', '0020000E'), ['2.25.1.1', '2.25.3.1']);
  assert.deepEqual(uids({ SeriesInstanceUID: '2.25.1.2', InstanceNumber: '2' }, 'instances', '00080018'), ['2.25.1.2.2']);
  assert.deepEqual(uids({ PatientID: '*', StudyDate: '' }), ['2.25.1', '2.25.2', '2.25.3'], 'empty and * keys match everything');
});

test('QIDO pages with limit and offset and answers the study attributes a viewer lists', () => {
  assert.deepEqual(uids({ limit: '1', offset: '1' }), ['2.25.2']);
  const [first] = qido(STUDIES, 'studies', {}, urls).matches;
  assert.deepEqual(first!['00201206'], { vr: 'IS', Value: [2] });
  assert.deepEqual(first!['00201208'], { vr: 'IS', Value: [4] });
  assert.deepEqual(first!['00080061'], { vr: 'CS', Value: ['CT', 'SEG'] });
  assert.deepEqual(first!['00100010'], { vr: 'PN', Value: [{ Alphabetic: 'OA-AB1^ANON' }] });
  assert.deepEqual(first!['00081190'], { vr: 'UR', Value: ['u/2.25.1'] });
  assert.deepEqual(Object.keys(first!), [...Object.keys(first!)].sort(), 'attributes in tag order');
  const [instance] = qido(STUDIES, 'instances', { limit: '1' }, urls).matches;
  assert.equal(instance!['00081190']?.Value?.[0], 'u/2.25.1/2.25.1.1/2.25.1.1.1', 'an instance\'s own retrieve URL');
  assert.equal(instance!['00100020']?.Value?.[0], 'OA-AB1', 'a query across studies carries the study attributes');
});

test('QIDO ignores keys it cannot match with a warning and refuses what is no key at all', () => {
  const a = qido(STUDIES, 'studies', { Modality: 'CT', PatientSex: 'F', fuzzymatching: 'true', includefield: 'StudyDescription,00081030' }, urls);
  assert.equal(a.matches.length, 3);
  assert.equal(a.warnings.length, 3);
  assert.throws(() => qido(STUDIES, 'studies', { NoSuchKeyword: 'x' }, urls), { code: 'DICOMWEB_BAD_REQUEST' });
  assert.throws(() => qido(STUDIES, 'studies', { includefield: 'Nonsense' }, urls), { code: 'DICOMWEB_BAD_REQUEST' });
  assert.throws(() => qido(STUDIES, 'studies', { limit: '-1' }, urls), { code: 'DICOMWEB_BAD_REQUEST' });
  assert.throws(() => qido(STUDIES, 'studies', { StudyDate: 'last week' }, urls), { code: 'DICOMWEB_BAD_REQUEST' });
});
