import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EXPLICIT_LE, el, encodeElements, part10, sq, TS, type El } from './dicom-bytes.ts';
import { commonElements, imageElements, privateElements, type StudyIds } from './fixture-instances.ts';
import { FIXTURE_PATIENTS } from './fixture-patients.ts';

const ROOT = '1.2.826.0.1.3680043.10.5678';
/** Patients whose character set every peer reads (dcmjs refuses ISO 2022 code extensions). */
const BENCH_PATIENTS = FIXTURE_PATIENTS.filter((p) => !p.characterSet.includes('2022'));
const CT = '1.2.840.10008.5.1.4.1.1.2';

/** Acquisition attributes a CT or MR header carries: filler that makes a header "header-heavy". */
function acquisition(i: number): El[] {
  const ds = (v: number): string => String(Math.round(v * 100) / 100);
  return [
    el(0x00080032, 'TM', '093601'), el(0x00080033, 'TM', '093602'), el(0x00081150, 'UI', CT),
    el(0x00180015, 'CS', 'CHEST'), el(0x00180022, 'CS', 'HELICAL MODE'), el(0x00180088, 'DS', '5'),
    el(0x00180090, 'DS', '500'), el(0x00181030, 'LO', 'THORAX ROUTINE'), el(0x00181100, 'DS', '350'),
    el(0x00181110, 'DS', '1040'), el(0x00181111, 'DS', '570'), el(0x00181120, 'DS', '0'), el(0x00181130, 'DS', ds(170 + i % 7)),
    el(0x00181140, 'CS', 'CW'), el(0x00181150, 'IS', '500'), el(0x00181151, 'IS', String(200 + (i % 50))),
    el(0x00181152, 'IS', '100'), el(0x00181160, 'SH', 'BODY'), el(0x00181170, 'IS', '24'), el(0x00181190, 'DS', '0.7'),
    el(0x00181210, 'SH', 'B30f'), el(0x00189302, 'CS', 'HELICAL'), el(0x00189305, 'FD', [0.5]), el(0x00189306, 'FD', [1.2]),
    el(0x00189307, 'FD', [38.4]), el(0x00189309, 'FD', [46]), el(0x00189310, 'FD', [11.5]), el(0x00189311, 'FD', [1.2]),
    el(0x00189323, 'CS', 'NONE'), el(0x00189324, 'FD', [4.2]), el(0x00189345, 'FD', [8.1]),
    el(0x00200012, 'IS', '1'), el(0x00201041, 'DS', ds(-100 + i * 1.5)), el(0x00280301, 'CS', 'NO'),
    sq(0x00082112, [[el(0x00081150, 'UI', CT), el(0x00081155, 'UI', `${ROOT}.9.${i}`), sq(0x0040a170, [[el(0x00080100, 'SH', '121322'), el(0x00080102, 'SH', 'DCM'), el(0x00080104, 'LO', 'Source image for image processing operation')]])]]),
    sq(0x00082218, [[el(0x00080100, 'SH', 'T-D3000'), el(0x00080102, 'SH', 'SRT'), el(0x00080104, 'LO', 'Chest')]]),
    sq(0x00189346, [[el(0x00080100, 'SH', '113691'), el(0x00080102, 'SH', 'DCM'), el(0x00080104, 'LO', 'IEC Body Dosimetry Phantom')]]),
    el(0x00280106, 'US', [0]), el(0x00280107, 'US', [4095]), el(0x00281055, 'LO', 'WINDOW1\\WINDOW2'),
  ];
}

/**
 * Benchmark corpora (synthetic): 'ct' is CT-like, 512x512 16-bit; 'header' is 64x64 with about 120
 * attributes, sequences, private blocks and identifiers in every usual place. 20 files a series, 5
 * series a study, one patient a study.
 */
export async function writeBenchCorpus(dir: string, opts: { kind: 'ct' | 'header'; count: number }): Promise<{ files: number; bytes: number }> {
  const size = opts.kind === 'ct' ? 512 : 64;
  const pixels = Buffer.alloc(size * size * 2);
  for (let i = 0; i < pixels.length; i += 2) pixels.writeUInt16LE((i * 7) % 4096, i);
  let bytes = 0;
  for (let i = 0; i < opts.count; i++) {
    const study = Math.floor(i / 100);
    const series = Math.floor(i / 20);
    const p = BENCH_PATIENTS[study % BENCH_PATIENTS.length]!;
    const patient = { ...p, id: `${p.id}-${study}` };
    const s: StudyIds = {
      studyUid: `${ROOT}.${study}`, accession: `A${100000 + study}`, studyDate: '20230115', frameOfReferenceUid: `${ROOT}.${study}.9`,
      institution: 'Hospital Sintetic de Prova', referring: 'VILANOVA^JORDI', operator: 'TECNICA^ANNA', station: 'CT01',
      serial: 'SN-88123', requestedProcedureId: `RP${study}`,
    };
    const sop = `${ROOT}.${study}.${series}.${i}`;
    const ds: El[] = [
      ...commonElements(patient, s, { sopClassUid: CT, sopInstanceUid: sop, seriesUid: `${ROOT}.${study}.${series}`, modality: 'CT', number: i % 20 + 1 }, i % 2 === 0),
      ...imageElements(s, size, size, [el(0x7fe00010, 'OW', pixels)]),
      ...(opts.kind === 'header' ? [...acquisition(i), ...privateElements(patient, s)] : [el(0x00181030, 'LO', 'THORAX ROUTINE'), ...privateElements(patient, s).slice(0, 4)]),
    ];
    const file = part10({ transferSyntax: TS.explicitLE, sopClassUid: CT, sopInstanceUid: sop, dataset: ds });
    const folder = join(dir, `study${study}`, `series${series}`);
    if (i % 20 === 0) mkdirSync(folder, { recursive: true });
    const fd = openSync(join(folder, `IM${i}`), 'w');
    writeSync(fd, file);
    closeSync(fd);
    bytes += file.length;
  }
  return { files: opts.count, bytes };
}

/** A multi-frame CT of about `bytes` bytes, streamed to disk frame by frame (never held in memory). */
export async function writeLargeMultiframe(path: string, opts: { bytes: number }): Promise<void> {
  const frameBytes = 512 * 512 * 2;
  const frames = Math.max(1, Math.floor(opts.bytes / frameBytes));
  const p = FIXTURE_PATIENTS[0]!;
  const s: StudyIds = {
    studyUid: `${ROOT}.77`, accession: 'A777', studyDate: '20230115', frameOfReferenceUid: `${ROOT}.77.9`, institution: 'Hospital Sintetic de Prova',
    referring: 'VILANOVA^JORDI', operator: 'TECNICA^ANNA', station: 'CT01', serial: 'SN-88123', requestedProcedureId: 'RP77',
  };
  const sop = `${ROOT}.77.1.1`;
  const ds = [
    ...commonElements(p, s, { sopClassUid: '1.2.840.10008.5.1.4.1.1.7.3', sopInstanceUid: sop, seriesUid: `${ROOT}.77.1`, modality: 'OT', number: 1 }, false),
    ...imageElements(s, 512, 512, [el(0x00280008, 'IS', String(frames)), el(0x00280009, 'AT', [0x00181063]), el(0x00181063, 'DS', '33'), el(0x00280301, 'CS', 'NO')]),
  ];
  const head = part10({ transferSyntax: TS.explicitLE, sopClassUid: '1.2.840.10008.5.1.4.1.1.7.3', sopInstanceUid: sop, dataset: ds });
  const pixelHeader = encodeElements([el(0x7fe00010, 'OW', Buffer.alloc(0))], EXPLICIT_LE);
  pixelHeader.writeUInt32LE(frames * frameBytes, 8);
  const frame = Buffer.alloc(frameBytes);
  for (let i = 0; i < frame.length; i += 2) frame.writeUInt16LE((i * 3) % 4096, i);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    writeSync(fd, pixelHeader);
    for (let f = 0; f < frames; f++) writeSync(fd, frame);
  } finally {
    closeSync(fd);
  }
}
