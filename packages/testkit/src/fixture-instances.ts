import { el, sq, type El } from './dicom-bytes.ts';
import type { FixturePatient } from './fixture-patients.ts';

/** Identifiers every instance of a study shares, all synthetic. */
export interface StudyIds {
  readonly studyUid: string;
  readonly accession: string;
  readonly studyDate: string;
  readonly frameOfReferenceUid: string;
  readonly institution: string;
  readonly referring: string;
  readonly operator: string;
  readonly station: string;
  readonly serial: string;
  readonly requestedProcedureId: string;
}

export interface InstanceIds {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly seriesUid: string;
  readonly modality: string;
  readonly number: number;
}

/** Patient, study, series, equipment and SOP common attributes, with identifiers where hospitals leave them. */
export function commonElements(p: FixturePatient, s: StudyIds, i: InstanceIds, undefinedLength: boolean): El[] {
  return [
    ...(p.characterSet ? [el(0x00080005, 'CS', p.characterSet)] : []),
    el(0x00080016, 'UI', i.sopClassUid),
    el(0x00080018, 'UI', i.sopInstanceUid),
    el(0x00080020, 'DA', s.studyDate),
    el(0x00080021, 'DA', s.studyDate),
    el(0x00080022, 'DA', s.studyDate),
    el(0x00080023, 'DA', s.studyDate),
    el(0x00080030, 'TM', '093012.250'),
    el(0x00080031, 'TM', '093544'),
    el(0x00080050, 'SH', s.accession),
    el(0x00080060, 'CS', i.modality),
    el(0x00080070, 'LO', 'SYNTHETIC MEDICAL'),
    el(0x00080080, 'LO', s.institution),
    el(0x00080081, 'ST', `${s.institution}, Carrer de la Prova 170, 08036 Barcelona`),
    el(0x00080090, 'PN', s.referring),
    el(0x00081010, 'SH', s.station),
    el(0x00081030, 'LO', p.description),
    el(0x0008103e, 'LO', i.modality === 'SR' ? 'Informe' : 'AXIAL 5mm'),
    el(0x00081070, 'PN', s.operator),
    el(0x00081090, 'LO', 'SYNTH-SCANNER 3000'),
    el(0x00100010, 'PN', p.name),
    el(0x00100020, 'LO', p.id),
    el(0x00100021, 'LO', 'HOSPITAL-MRN'),
    el(0x00100030, 'DA', p.birthDate),
    el(0x00100040, 'CS', p.sex),
    sq(0x00101002, [[el(0x00100020, 'LO', `${p.id}-OLD`), el(0x00100022, 'CS', 'TEXT')]], undefinedLength),
    el(0x00101010, 'AS', '061Y'),
    el(0x00101040, 'LO', 'Carrer Fals 123, Barcelona'),
    el(0x00102154, 'SH', '+34 600 111 222'),
    el(0x00181000, 'LO', s.serial),
    el(0x00181020, 'LO', 'SW 1.2.3'),
    el(0x0020000d, 'UI', s.studyUid),
    el(0x0020000e, 'UI', i.seriesUid),
    el(0x00200010, 'SH', 'STUDY77'),
    el(0x00200011, 'IS', String(Math.max(1, Math.floor(i.number / 10)))),
    el(0x00200013, 'IS', String(i.number)),
    el(0x00321032, 'PN', s.referring),
    // Request attributes, nested three deep, with a person name at the bottom.
    sq(0x00400275, [[
      el(0x00080050, 'SH', s.accession),
      el(0x00321060, 'LO', p.description),
      sq(0x00400008, [[
        el(0x00080100, 'SH', 'P1-48000'), el(0x00080102, 'SH', 'SRT'), el(0x00080104, 'LO', 'CT of chest'),
        sq(0x00400440, [[
          el(0x0040a040, 'CS', 'PNAME'),
          sq(0x0040a043, [[el(0x00080100, 'SH', '121008'), el(0x00080102, 'SH', 'DCM'), el(0x00080104, 'LO', 'Person Observer Name')]]),
          el(0x0040a123, 'PN', s.operator),
        ]], undefinedLength),
      ]], undefinedLength),
      el(0x00400009, 'SH', `SPS-${s.requestedProcedureId}`),
      el(0x00401001, 'SH', s.requestedProcedureId),
    ]], undefinedLength),
    el(0x00400244, 'DA', s.studyDate),
    el(0x00400253, 'SH', `PPS-${s.requestedProcedureId}`),
  ];
}

/** General image, image plane and pixel attributes of a small 16-bit monochrome image. */
export function imageElements(s: StudyIds, rows: number, cols: number, extra: El[] = []): El[] {
  return [
    el(0x00080008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'),
    el(0x00180050, 'DS', '5'),
    el(0x00180060, 'DS', '120'),
    el(0x00185100, 'CS', 'HFS'),
    el(0x00200032, 'DS', '-125\\-125\\40'),
    el(0x00200037, 'DS', '1\\0\\0\\0\\1\\0'),
    el(0x00200052, 'UI', s.frameOfReferenceUid),
    el(0x00201040, 'LO', ''),
    el(0x00280002, 'US', [1]),
    el(0x00280004, 'CS', 'MONOCHROME2'),
    el(0x00280010, 'US', [rows]),
    el(0x00280011, 'US', [cols]),
    el(0x00280030, 'DS', '0.7\\0.7'),
    el(0x00280100, 'US', [16]),
    el(0x00280101, 'US', [12]),
    el(0x00280102, 'US', [11]),
    el(0x00280103, 'US', [0]),
    el(0x00281050, 'DS', '40'),
    el(0x00281051, 'DS', '400'),
    el(0x00281052, 'DS', '-1024'),
    el(0x00281053, 'DS', '1'),
    ...extra,
  ];
}

/** Deterministic pixel values: a gradient, so byte-identity checks are meaningful. */
export function pixels16(rows: number, cols: number, seed: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows * cols; i++) out.push((i * 13 + seed * 101) % 4096);
  return out;
}

/** Private blocks as vendors leave them: a GE-like one with the name copied, an unknown creator with a sequence. */
export function privateElements(p: FixturePatient, s: StudyIds): El[] {
  return [
    el(0x00090010, 'LO', 'GEMS_IDEN_01'),
    el(0x00091001, 'LO', 'SYNTH CT'),
    el(0x00091002, 'SH', s.station),
    el(0x00091004, 'LO', p.name),
    el(0x00091027, 'DA', s.studyDate),
    el(0x00190010, 'LO', 'SIEMENS MR HEADER'),
    el(0x0019100c, 'IS', '1000'),
    el(0x00290010, 'LO', 'ACME PRIVATE 1.0'),
    el(0x00291010, 'OB', Buffer.concat([Buffer.from('ACMEHDR\0'), Buffer.from(p.id, 'latin1'), Buffer.alloc(3)])),
    sq(0x00291020, [[el(0x00100020, 'LO', p.id), el(0x00100010, 'PN', p.name)]], true),
  ];
}
