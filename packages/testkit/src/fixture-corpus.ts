import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { el, part10, sq, TS, type El } from './dicom-bytes.ts';
import { commonElements, imageElements, pixels16, privateElements, type StudyIds } from './fixture-instances.ts';
import { FIXTURE_PATIENTS, type FixturePatient } from './fixture-patients.ts';
import { rleFrame } from './rle.ts';
import { srElements } from './fixture-sr.ts';

export interface Planted {
  /** Keyword or description of where the value was planted. */
  readonly attribute: string;
  readonly value: string;
  /** The value's bytes as written in the file. */
  readonly bytes: number[];
}

export interface FixtureFile {
  readonly path: string;
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly patientId: string;
  readonly characterSet: string;
  readonly burnedIn: 'YES' | 'NO' | 'absent';
  readonly planted: Planted[];
  /** UIDs this file references that belong to other corpus files (or are shared with them). */
  readonly references: { readonly attribute: string; readonly uid: string }[];
  readonly features: string[];
}

export interface FixtureManifest {
  readonly files: FixtureFile[];
}

export const SOP = {
  ct: '1.2.840.10008.5.1.4.1.1.2',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  us: '1.2.840.10008.5.1.4.1.1.6.1',
  sc: '1.2.840.10008.5.1.4.1.1.7',
  scMultiframeWord: '1.2.840.10008.5.1.4.1.1.7.3',
  dx: '1.2.840.10008.5.1.4.1.1.1.1',
  comprehensiveSr: '1.2.840.10008.5.1.4.1.1.88.33',
  basicTextSr: '1.2.840.10008.5.1.4.1.1.88.11',
  kos: '1.2.840.10008.5.1.4.1.1.88.59',
} as const;

const ROOT = '1.2.826.0.1.3680043.10.1234';

interface Spec {
  readonly name: string;
  readonly modality: string;
  readonly sopClassUid: string;
  readonly ts: string;
  readonly series: number;
  readonly burnedIn?: 'YES' | 'NO';
  readonly undefinedLength?: boolean;
  readonly privates?: boolean;
  readonly kind: 'image' | 'rle' | 'jpeg' | 'multiframe' | 'sr' | 'kos';
}

/** Studies and their instances: every transfer syntax, character set and object type the tests need. */
const STUDIES: readonly { patient: string; date: string; specs: Spec[] }[] = [
  { patient: 'garcia', date: '20230115', specs: [
    { name: 'ct-explicit-1', modality: 'CT', sopClassUid: SOP.ct, ts: TS.explicitLE, series: 1, kind: 'image', privates: true },
    { name: 'ct-explicit-2', modality: 'CT', sopClassUid: SOP.ct, ts: TS.explicitLE, series: 1, kind: 'image', undefinedLength: true },
    { name: 'ct-implicit-1', modality: 'CT', sopClassUid: SOP.ct, ts: TS.implicitLE, series: 2, kind: 'image', privates: true, undefinedLength: true },
    { name: 'ct-implicit-2', modality: 'CT', sopClassUid: SOP.ct, ts: TS.implicitLE, series: 2, kind: 'image' },
    { name: 'sr-comprehensive', modality: 'SR', sopClassUid: SOP.comprehensiveSr, ts: TS.explicitLE, series: 3, kind: 'sr', undefinedLength: true },
    { name: 'kos', modality: 'KO', sopClassUid: SOP.kos, ts: TS.explicitLE, series: 4, kind: 'kos' },
  ] },
  { patient: 'yamada', date: '20220607', specs: [
    { name: 'mr-big-endian-1', modality: 'MR', sopClassUid: SOP.mr, ts: TS.explicitBE, series: 1, kind: 'image', privates: true },
    { name: 'mr-big-endian-2', modality: 'MR', sopClassUid: SOP.mr, ts: TS.explicitBE, series: 1, kind: 'image', undefinedLength: true },
    { name: 'mr-deflated', modality: 'MR', sopClassUid: SOP.mr, ts: TS.deflated, series: 2, kind: 'image', privates: true },
  ] },
  { patient: 'hong', date: '20210318', specs: [
    { name: 'us-burned-in', modality: 'US', sopClassUid: SOP.us, ts: TS.explicitLE, series: 1, kind: 'image', burnedIn: 'YES' },
    { name: 'sc-no-flag', modality: 'OT', sopClassUid: SOP.sc, ts: TS.explicitLE, series: 2, kind: 'image' },
    { name: 'dx-declared-clean', modality: 'DX', sopClassUid: SOP.dx, ts: TS.implicitLE, series: 3, kind: 'image', burnedIn: 'NO' },
  ] },
  { patient: 'muller', date: '20240229', specs: [
    { name: 'ct-rle', modality: 'CT', sopClassUid: SOP.ct, ts: TS.rle, series: 1, kind: 'rle', privates: true },
    { name: 'ct-jpeg-baseline', modality: 'CT', sopClassUid: SOP.ct, ts: TS.jpegBaseline, series: 1, kind: 'jpeg' },
    { name: 'sc-multiframe', modality: 'OT', sopClassUid: SOP.scMultiframeWord, ts: TS.explicitLE, series: 2, kind: 'multiframe', burnedIn: 'NO' },
  ] },
  { patient: 'smith', date: '20191107', specs: [
    { name: 'ct-default-charset', modality: 'CT', sopClassUid: SOP.ct, ts: TS.explicitLE, series: 1, kind: 'image', undefinedLength: true },
    { name: 'sr-basic-text', modality: 'SR', sopClassUid: SOP.basicTextSr, ts: TS.implicitLE, series: 2, kind: 'sr' },
  ] },
];

function plant(list: Planted[], attribute: string, value: string | Buffer): void {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  list.push({ attribute, value: typeof value === 'string' ? value : bytes.toString('latin1'), bytes: [...bytes] });
}

/** Writes the corpus (deterministic: the same bytes on every run) and returns its manifest. */
export async function writeFixtureCorpus(dir: string): Promise<FixtureManifest> {
  const files: FixtureFile[] = [];
  STUDIES.forEach((study, si) => {
    const p = FIXTURE_PATIENTS.find((x) => x.key === study.patient)!;
    const s: StudyIds = {
      studyUid: `${ROOT}.${si + 1}`, accession: `ACC${si + 1}0772`, studyDate: study.date,
      frameOfReferenceUid: `${ROOT}.${si + 1}.9`, institution: 'Hospital Sintetic de Prova', referring: 'VILANOVA^JORDI^^DR',
      operator: 'TECNICA^ANNA', station: `STATION${si + 1}X`, serial: `SN-${si + 1}88123`, requestedProcedureId: `RP${si + 1}5501`,
    };
    const instances = study.specs.map((spec, k) => ({ spec, uid: `${ROOT}.${si + 1}.${spec.series}.${k + 1}`, seriesUid: `${ROOT}.${si + 1}.${spec.series}` }));
    const images = instances.filter((x) => x.spec.kind !== 'sr' && x.spec.kind !== 'kos');
    instances.forEach(({ spec, uid, seriesUid }, k) => {
      const planted: Planted[] = [];
      const references: { attribute: string; uid: string }[] = [];
      const ul = spec.undefinedLength ?? false;
      const ds: El[] = commonElements(p, s, { sopClassUid: spec.sopClassUid, sopInstanceUid: uid, seriesUid, modality: spec.modality, number: k + 1 }, ul);
      if (spec.privates) ds.push(...privateElements(p, s));
      if (spec.burnedIn) ds.push(el(0x00280301, 'CS', spec.burnedIn));
      const other = images.find((x) => x.uid !== uid);
      if (spec.kind === 'sr' || spec.kind === 'kos') {
        ds.push(...srElements(p, s, spec.kind, images.map((x) => ({ uid: x.uid, seriesUid: x.seriesUid, sopClassUid: x.spec.sopClassUid })), ul));
        for (const x of images) references.push({ attribute: 'ReferencedSOPInstanceUID (evidence)', uid: x.uid });
      } else {
        ds.push(...imagePixels(spec, s, k));
        if (other) {
          ds.push(sq(0x00081140, [[el(0x00081150, 'UI', other.spec.sopClassUid), el(0x00081155, 'UI', other.uid)]], ul));
          references.push({ attribute: 'ReferencedImageSequence > ReferencedSOPInstanceUID', uid: other.uid });
        }
        references.push({ attribute: 'FrameOfReferenceUID', uid: s.frameOfReferenceUid });
      }
      const meta = k === 0 ? [
        el(0x00020016, 'AE', `PACS_${p.key.toUpperCase()}`),
        el(0x00020100, 'UI', `${ROOT}.99`),
        el(0x00020102, 'OB', Buffer.from(`patient ${p.id}`, 'latin1')),
      ] : [];
      const bytes = part10({ transferSyntax: spec.ts, sopClassUid: spec.sopClassUid, sopInstanceUid: uid, dataset: ds, meta });
      const path = join(p.key, `${spec.name}.dcm`);
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
      plant(planted, 'PatientName', p.name);
      p.nameParts.forEach((part) => plant(planted, 'PatientName component', part));
      for (const [attribute, value] of [
        ['PatientID', p.id], ['PatientBirthDate', p.birthDate], ['AccessionNumber', s.accession], ['StudyDate', s.studyDate],
        ['InstitutionName', s.institution], ['ReferringPhysicianName', 'VILANOVA'], ['OperatorsName', 'TECNICA'],
        ['StationName', s.station], ['DeviceSerialNumber', s.serial], ['RequestedProcedureID', s.requestedProcedureId],
        ['PatientAddress', 'Carrer Fals 123'], ['PatientTelephoneNumbers', '+34 600 111 222'],
        ['SOPInstanceUID', uid], ['StudyInstanceUID', s.studyUid], ['SeriesInstanceUID', seriesUid], ['FrameOfReferenceUID', s.frameOfReferenceUid],
      ] as const) plant(planted, attribute, value);
      plant(planted, 'StudyDescription (name and ID in free text)', p.description);
      if (k === 0) plant(planted, 'SourceApplicationEntityTitle (meta)', `PACS_${p.key.toUpperCase()}`);
      files.push({
        path, transferSyntaxUid: spec.ts, sopClassUid: spec.sopClassUid, sopInstanceUid: uid, studyInstanceUid: s.studyUid,
        seriesInstanceUid: seriesUid, patientId: p.id, characterSet: p.characterSet || 'ISO_IR 6', burnedIn: spec.burnedIn ?? 'absent',
        planted, references, features: [spec.kind, spec.ts, ul ? 'undefined-length' : 'defined-length', ...(spec.privates ? ['private'] : [])],
      });
    });
  });
  return { files };
}

function imagePixels(spec: Spec, s: StudyIds, k: number): El[] {
  const rows = 16;
  const cols = 16;
  const px = pixels16(rows, cols, k);
  switch (spec.kind) {
    case 'rle': {
      const frame = rleFrame(px, rows, cols);
      return imageElements(s, rows, cols, [{ tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), frame] }]);
    }
    case 'jpeg': {
      // Not a decodable JPEG: markers around opaque bytes, split over fragments, with an offset table.
      const stream = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe, 0x00, 0x08]), Buffer.from('SYNTH\0'), Buffer.alloc(300, 0x5a), Buffer.from([0xff, 0xd9])]);
      const bot = Buffer.alloc(4);
      return imageElements(s, rows, cols, [
        el(0x00282110, 'CS', '01'),
        { tag: 0x7fe00010, vr: 'OB', fragments: [bot, stream.subarray(0, 150), stream.subarray(150)] },
      ]).map((e) => (e.tag === 0x00280004 ? el(0x00280004, 'CS', 'MONOCHROME2') : e));
    }
    case 'multiframe':
      return imageElements(s, rows, cols, [el(0x00280008, 'IS', '3'), el(0x00280009, 'AT', [0x00181063]), el(0x00181063, 'DS', '33'), el(0x7fe00010, 'OW', [...px, ...px, ...px])]);
    default:
      return imageElements(s, rows, cols, [el(0x7fe00010, 'OW', px)]);
  }
}
