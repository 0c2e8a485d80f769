import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asciiValue, ByteSink, concatSegments, findElement, parsePart10, writePart10, type DataSet, type DicomFile, type NewElement } from '@oncoatlas/dicom';
import { el, part10, sq, TS } from '@oncoatlas/testkit';
import { ReleaseEditor, type StudyRelease } from './release-editor.ts';
import { anchoredDate, releaseMethod } from './release-dates.ts';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const SEG = '1.2.840.10008.5.1.4.1.1.66.4';

function file(sopClass: string): DicomFile {
  return parsePart10(part10({
    transferSyntax: TS.explicitLE, sopClassUid: sopClass, sopInstanceUid: '2.25.1',
    dataset: [
      el(0x00080012, 'DA', '20150108'), el(0x00080016, 'UI', sopClass), el(0x00080018, 'UI', '2.25.1'),
      el(0x00080020, 'DA', '20150108'), el(0x00080021, 'DA', '20150109'), el(0x00080030, 'TM', '120020'), el(0x00080033, 'TM', '120517.25'),
      el(0x0008002a, 'DT', '20150108120020'), el(0x00080070, 'LO', 'Philips'), el(0x00081090, 'LO', 'Ingenuity CT'),
      sq(0x00081111, [[el(0x00080018, 'UI', '2.25.9'), el(0x00400244, 'DA', '20150101'), el(0x00400245, 'TM', '0700')]]),
      el(0x00100010, 'PN', 'OA-X^ANONYMOUS'), el(0x00100040, 'CS', 'F'), el(0x00101010, 'AS', '063Y'), el(0x00101030, 'DS', '71'),
      el(0x00120063, 'LO', 'OncoAtlas 0.1.0'), el(0x00180015, 'CS', 'CHEST'), el(0x00181020, 'LO', 'VB20A'),
    ],
  }));
}

function edit(f: DicomFile, plan: StudyRelease): DicomFile {
  const sink = new ByteSink();
  const meta: NewElement[] = f.meta.elements.filter((e) => e.tag !== 0x00020000).map((e) => ({ tag: e.tag, vr: e.vr, value: f.source.subarray(e.valueOffset, e.valueOffset + e.length) }));
  writePart10(sink, f, { meta, editor: new ReleaseEditor(plan) });
  return parsePart10(concatSegments(sink.finish()));
}

const value = (f: DicomFile, tag: number, ds: DataSet = f.dataset): string | undefined => {
  const e = findElement(ds, tag);
  return e ? asciiValue(f.buffer, e).trim() : undefined;
};

const KEEP_ALL: StudyRelease = { date: anchoredDate('6w'), hour: '12', manufacturer: true, model: true, bodyPart: true, sex: true, method: releaseMethod('weeks', true) };

test('every date of the file becomes the study\'s offset from the anchor, every time its hour, at any depth', () => {
  const out = edit(file(CT), KEEP_ALL);
  for (const tag of [0x00080012, 0x00080020, 0x00080021]) assert.equal(value(out, tag), '20000212', 'week 6 after 2000-01-01');
  assert.equal(value(out, 0x00080030), '12');
  assert.equal(value(out, 0x00080033), '12');
  assert.equal(value(out, 0x0008002a), '2000021212');
  const item = findElement(out.dataset, 0x00081111)!.items![0]!;
  assert.equal(value(out, 0x00400244, item), '20000212');
  assert.equal(value(out, 0x00400245, item), '12');
  assert.equal(value(out, 0x00080070), 'Philips');
  assert.equal(value(out, 0x00100040), 'F');
  assert.equal(findElement(out.dataset, 0x00101010), undefined, 'Patient\'s Age removed');
  assert.equal(findElement(out.dataset, 0x00101030), undefined, 'Patient\'s Weight removed');
  assert.equal(value(out, 0x00120063), 'OncoAtlas 0.1.0\\OncoAtlas release: dates weeks since 20000101; times hour');
  assert.equal(value(out, 0x00280303), 'MODIFIED');
});

test('withdrawn dates, times, equipment, body part and sex follow the basic profile\'s action; Type 1 equipment keeps a dummy', () => {
  const plan: StudyRelease = { date: null, hour: null, manufacturer: false, model: false, bodyPart: false, sex: false, method: releaseMethod(null, false) };
  const out = edit(file(CT), plan);
  assert.equal(value(out, 0x00080020), '', 'Study Date (Z) emptied');
  assert.equal(value(out, 0x00080030), '', 'Study Time (Z) emptied');
  assert.notEqual(value(out, 0x00080021), '20150109', 'Series Date not kept');
  assert.equal(value(out, 0x00080070), '', 'Manufacturer emptied (Type 2)');
  assert.equal(findElement(out.dataset, 0x00081090), undefined, 'model removed');
  assert.equal(findElement(out.dataset, 0x00181020), undefined, 'software removed');
  assert.equal(findElement(out.dataset, 0x00180015), undefined, 'body part removed');
  assert.equal(value(out, 0x00100040), '');
  const seg = edit(file(SEG), plan);
  assert.equal(value(seg, 0x00080070), 'ANONYMIZED', 'Type 1 in Enhanced General Equipment');
  assert.equal(value(seg, 0x00081090), 'ANONYMIZED');
});

test('no time in a released file equals the original', () => {
  const out = edit(file(CT), KEEP_ALL);
  for (const [tag, original] of [[0x00080030, '120020'], [0x00080033, '120517.25']] as const) assert.notEqual(value(out, tag), original);
});
