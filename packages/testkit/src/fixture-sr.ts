import { el, sq, type El } from './dicom-bytes.ts';
import type { StudyIds } from './fixture-instances.ts';
import type { FixturePatient } from './fixture-patients.ts';

export interface ImageRef {
  readonly uid: string;
  readonly seriesUid: string;
  readonly sopClassUid: string;
}

const code = (value: string, scheme: string, meaning: string): El[] => [el(0x00080100, 'SH', value), el(0x00080102, 'SH', scheme), el(0x00080104, 'LO', meaning)];

/**
 * SR document or key object content: a report whose text names the patient, an observer's name, a date,
 * UID references, image references, and the evidence sequence that points at the study's images.
 */
export function srElements(p: FixturePatient, s: StudyIds, kind: 'sr' | 'kos', images: readonly ImageRef[], undefinedLength: boolean): El[] {
  const bySeries = new Map<string, ImageRef[]>();
  for (const i of images) bySeries.set(i.seriesUid, [...(bySeries.get(i.seriesUid) ?? []), i]);
  const evidence: El[][] = [[
    el(0x0020000d, 'UI', s.studyUid),
    sq(0x00081115, [...bySeries].map(([series, refs]) => [
      el(0x0020000e, 'UI', series),
      sq(0x00081199, refs.map((r) => [el(0x00081150, 'UI', r.sopClassUid), el(0x00081155, 'UI', r.uid)]), undefinedLength),
    ]), undefinedLength),
  ]];
  const imageItems = images.slice(0, 2).map((r): El[] => [
    el(0x0040a010, 'CS', 'CONTAINS'),
    el(0x0040a040, 'CS', 'IMAGE'),
    sq(0x00081199, [[el(0x00081150, 'UI', r.sopClassUid), el(0x00081155, 'UI', r.uid)]], undefinedLength),
  ]);
  const content: El[][] = kind === 'kos' ? imageItems : [
    [el(0x0040a010, 'CS', 'CONTAINS'), el(0x0040a040, 'CS', 'TEXT'), sq(0x0040a043, [code('121071', 'DCM', 'Finding')]),
      el(0x0040a160, 'UT', Buffer.concat([Buffer.from('Patient ', 'latin1'), p.name, Buffer.from(` (${p.id}) seen on ${s.studyDate}: nodule 8 mm, follow-up.`, 'latin1')]))],
    [el(0x0040a010, 'CS', 'HAS OBS CONTEXT'), el(0x0040a040, 'CS', 'PNAME'), sq(0x0040a043, [code('121008', 'DCM', 'Person Observer Name')]), el(0x0040a123, 'PN', s.referring)],
    [el(0x0040a010, 'CS', 'CONTAINS'), el(0x0040a040, 'CS', 'DATE'), sq(0x0040a043, [code('111060', 'DCM', 'Study Date')]), el(0x0040a121, 'DA', s.studyDate)],
    [el(0x0040a010, 'CS', 'CONTAINS'), el(0x0040a040, 'CS', 'UIDREF'), sq(0x0040a043, [code('110180', 'DCM', 'Study Instance UID')]), el(0x0040a124, 'UI', s.studyUid)],
    ...imageItems,
  ];
  return [
    el(0x00080033, 'TM', '101500'),
    el(0x0040a040, 'CS', 'CONTAINER'),
    sq(0x0040a043, [kind === 'kos' ? code('113000', 'DCM', 'Of Interest') : code('18748-4', 'LN', 'Diagnostic Imaging Report')]),
    el(0x0040a050, 'CS', 'SEPARATE'),
    ...(kind === 'kos' ? [] : [
      el(0x0040a491, 'CS', 'COMPLETE'),
      el(0x0040a493, 'CS', 'VERIFIED'),
      sq(0x0040a073, [[el(0x0040a027, 'LO', 'Hospital Sintetic de Prova'), el(0x0040a030, 'DT', `${s.studyDate}101500`), el(0x0040a075, 'PN', s.referring)]], undefinedLength),
    ]),
    // Current Requested Procedure Evidence Sequence: what the document was made from.
    sq(0x0040a375, evidence, undefinedLength),
    sq(0x0040a730, content, undefinedLength),
  ];
}
