/**
 * Writes a DICOMDIR (PS3.10 Basic Directory, PS3.3 F.3) for a study "imported from a CD". The record offsets
 * are byte positions in the file, so records are encoded once with zero offsets to learn their sizes, then
 * again with the real ones (every offset is a fixed-size UL, so sizes do not change).
 */
import { attr, encodeDataset, part10, type Attr } from './dataset-builder.ts';

export interface DirectoryImage {
  readonly fileId: readonly string[]; // path components under the DICOMDIR's folder, e.g. ['DICOM','PAT00001',...]
  readonly sopClass: string;
  readonly sopUid: string;
  readonly transferSyntax: string;
  readonly instanceNumber: number;
}

export interface DirectorySeries {
  readonly uid: string;
  readonly modality: string;
  readonly number: number;
  readonly images: readonly DirectoryImage[];
}

export interface DirectoryStudy {
  readonly patientId: string;
  readonly patientName: string;
  readonly uid: string;
  readonly date: string;
  readonly time: string;
  readonly accession: string;
  readonly description: string;
  readonly characterSet?: string;
  readonly series: readonly DirectorySeries[];
}

const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

interface Record { type: string; attrs: Attr[]; next: number | null; lower: number | null }

function records(study: DirectoryStudy): Record[] {
  const out: Record[] = [];
  const add = (type: string, attrs: Attr[]): number => { out.push({ type, attrs, next: null, lower: null }); return out.length - 1; };
  const cs = study.characterSet ? [attr('SpecificCharacterSet', study.characterSet)] : [];
  const patient = add('PATIENT', [...cs, attr('PatientName', study.patientName), attr('PatientID', study.patientId)]);
  const st = add('STUDY', [...cs, attr('StudyDate', study.date), attr('StudyTime', study.time), attr('StudyDescription', study.description), attr('StudyInstanceUID', study.uid), attr('StudyID', study.accession.slice(-6)), attr('AccessionNumber', study.accession)]);
  out[patient]!.lower = st;
  let previousSeries: number | null = null;
  for (const se of study.series) {
    const s = add('SERIES', [attr('Modality', se.modality), attr('SeriesInstanceUID', se.uid), attr('SeriesNumber', se.number)]);
    if (previousSeries === null) out[st]!.lower = s; else out[previousSeries]!.next = s;
    previousSeries = s;
    let previousImage: number | null = null;
    for (const im of se.images) {
      const i = add('IMAGE', [attr('ReferencedFileID', [...im.fileId]), attr('ReferencedSOPClassUIDInFile', im.sopClass), attr('ReferencedSOPInstanceUIDInFile', im.sopUid), attr('ReferencedTransferSyntaxUIDInFile', im.transferSyntax), attr('InstanceNumber', im.instanceNumber)]);
      if (previousImage === null) out[s]!.lower = i; else out[previousImage]!.next = i;
      previousImage = i;
    }
  }
  return out;
}

function itemAttrs(r: Record, offsets: readonly number[]): Attr[] {
  return [
    attr('OffsetOfTheNextDirectoryRecord', r.next === null ? 0 : offsets[r.next]!),
    attr('RecordInUseFlag', 0xffff),
    attr('OffsetOfReferencedLowerLevelDirectoryEntity', r.lower === null ? 0 : offsets[r.lower]!),
    attr('DirectoryRecordType', r.type),
    ...r.attrs,
  ];
}

export function writeDicomdir(study: DirectoryStudy, fileSetUid: string): Buffer {
  const recs = records(study);
  const opts = { syntax: 'explicit-le' as const, text };
  const build = (offsets: readonly number[]): Buffer => encodeDataset([
    attr('FileSetID', 'ONCO_CD'),
    attr('OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity', offsets[0] ?? 0),
    attr('OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity', offsets[0] ?? 0),
    attr('FileSetConsistencyFlag', 0),
    attr('DirectoryRecordSequence', recs.map((r) => itemAttrs(r, offsets))),
  ], opts);
  const zeros = recs.map(() => 0);
  const draft = part10(MEDIA_STORAGE_DIRECTORY, fileSetUid, 'explicit-le', build(zeros));
  // Position of the first item: the end of the file minus all items (each 8-byte header + its dataset).
  const sizes = recs.map((r) => 8 + encodeDataset(itemAttrs(r, zeros), opts).length);
  let at = draft.length - sizes.reduce((a, b) => a + b, 0);
  const offsets = sizes.map((size) => { const o = at; at += size; return o; });
  return part10(MEDIA_STORAGE_DIRECTORY, fileSetUid, 'explicit-le', build(offsets));
}
