/**
 * Turns one planned study into the files a PACS export holds (paths and bytes), plants the study's file
 * defects, and records the ground truth for it. Each study draws from its own random stream, so the bytes
 * of a study do not depend on any other study.
 */
import { studyKey } from '@oncoatlas/dicom';
import { SOP_CLASS } from './catalog.ts';
import { uid, type SeriesPlan, type StudyPlan } from './cohort.ts';
import { encodeDataset, part10, TRANSFER_SYNTAX, type Attr, type Syntax } from './dataset-builder.ts';
import type { DefectKind, RejectionReason } from './defects.ts';
import { writeDicomdir, type DirectoryImage, type DirectorySeries } from './dicomdir.ts';
import { imageInstance, type PixelSize } from './image-instance.ts';
import type { BurnedInTruth, TextSubject } from './pixels/burned-in.ts';
import { INSTITUTION } from './names.ts';
import { Random } from './random.ts';
import { segmentation, srReport, type ReferencedInstance } from './report-and-seg.ts';
import { dicomDemographics, dicomName } from './study-attributes.ts';

export interface PlannedFile {
  readonly path: string; // relative to the output folder, '/'-separated
  readonly bytes?: Uint8Array;
  readonly symlinkTo?: string; // relative to the link's folder
}

export interface DefectTruth {
  readonly kind: DefectKind;
  readonly paths?: readonly string[];
}

export interface StudyTruth {
  readonly study: string;
  readonly expected: 'integrated' | 'rejected';
  readonly reason: RejectionReason | null;
  readonly defects: readonly DefectTruth[];
  readonly patient: string;
  readonly modalities: readonly string[];
  /** Files of the study; unique instances; instances a correct pipeline releases (not truncated, not held). */
  readonly instances: { readonly files: number; readonly unique: number; readonly releasable: number };
  /**
   * Text burned into the pixels of the study's instances at risk (US, SC, MG, CR, DX) with realistic pixels (US
   * and SC only with `text` pixels), one entry per readable file (items empty when it carries none); always empty
   * with small pixels.
   */
  readonly burnedIn: readonly BurnedInTruth[];
}

export interface FileTruth {
  readonly path: string;
  readonly expected: 'rejected';
  readonly reason: 'not_dicom' | 'corrupt';
  readonly study: string;
}

const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase();
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function textEncoder(s: StudyPlan): (v: string) => Buffer {
  return s.charset === 'ISO_IR 192' ? (v) => Buffer.from(v, 'utf8') : (v) => Buffer.from(v, 'latin1');
}

function folderOf(s: StudyPlan): string {
  const p = s.patient;
  const [y, m] = [s.date.slice(0, 4), s.date.slice(4, 6)];
  if (s.defects.includes('dicomdir_import')) return `pacs/CD_IMPORT/CD${pad(s.index, 5)}`;
  if (s.defects.includes('name_in_path')) return `pacs/${y}/${m}/${ascii(p.family)}_${ascii(p.given)}_${p.id}/${s.date}`;
  return `pacs/${y}/${m}/${p.id}/${s.date}_${s.accession}`;
}

function instancePath(s: StudyPlan, se: SeriesPlan, seriesOrdinal: number, i: number): string {
  if (s.defects.includes('dicomdir_import')) return `DICOM/PAT00001/STU00001/SER${pad(seriesOrdinal + 1, 5)}/IMG${pad(i + 1, 5)}`;
  if (s.defects.includes('name_in_path')) return `${pad(se.number, 3)}_${ascii(se.description)}/${i + 1}.dcm`;
  return `S${se.number}/IM${pad(i + 1, 4)}`;
}

function syntaxFor(s: StudyPlan, se: SeriesPlan): Syntax {
  if (se.modality === 'SR' || se.modality === 'SEG') return 'explicit-le';
  if (s.vendor.syntax === 'explicit-be' && se.modality !== 'MR') return 'explicit-le';
  return s.vendor.syntax;
}

/** Cuts a file inside its last element, so the header (and the study it belongs to) can still be read. */
function truncate(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, bytes.length - Math.max(2, Math.min(64, Math.floor(bytes.length / 10))));
}

/** The identifiers the study's headers hold, as a console would print them. */
function textSubject(s: StudyPlan): TextSubject {
  const [family = '', secondFamily = ''] = s.patient.family.split(' ');
  return { family, secondFamily, given: s.patient.given, id: s.patient.id, accession: s.accession, birthDate: dicomDemographics(s.patient).birthDate, studyDate: s.date, institution: INSTITUTION };
}

export function studyFiles(s: StudyPlan, seed: string, pixels: PixelSize): { files: PlannedFile[]; truth: StudyTruth; fileTruth: FileTruth[] } {
  const r = new Random(`oncoatlas-synth:${seed}:files:${s.index}`);
  const px = new Random(`oncoatlas-synth:${seed}:pixels:${s.index}`);
  const subject = textSubject(s);
  const burnedIn: BurnedInTruth[] = [];
  const key = studyKey(s.uid);
  const folder = folderOf(s);
  const encode = { text: textEncoder(s), undefinedLengthSequences: s.vendor.undefinedLengthSequences };
  const files: PlannedFile[] = [];
  const images: (ReferencedInstance & { path: string; burnedIn: boolean })[] = [];
  const directory: { series: DirectorySeries; images: DirectoryImage[] }[] = [];
  const emit = (se: SeriesPlan, ordinal: number, i: number, sopClass: string, sopUid: string, attrs: Attr[]): string => {
    const syntax = syntaxFor(s, se);
    const rel = instancePath(s, se, ordinal, i);
    files.push({ path: `${folder}/${rel}`, bytes: part10(sopClass, sopUid, syntax, encodeDataset(attrs, { ...encode, syntax })) });
    const images: DirectoryImage[] = [];
    const entry = directory[ordinal] ?? (directory[ordinal] = { series: { uid: se.uid, modality: se.modality === 'SC' ? 'OT' : se.modality, number: se.number, images }, images });
    entry.images.push({ fileId: rel.split('/'), sopClass, sopUid, transferSyntax: TRANSFER_SYNTAX[syntax], instanceNumber: i + 1 });
    return `${folder}/${rel}`;
  };

  s.series.forEach((se, ordinal) => {
    if (se.modality === 'SR' || se.modality === 'SEG') return;
    for (let i = 0; i < se.instances; i++) {
      const sopUid = uid(r);
      const { attrs, burnedIn: text } = imageInstance(s, se, i, sopUid, r, px, pixels, subject);
      const path = emit(se, ordinal, i, SOP_CLASS[se.modality], sopUid, attrs);
      if (text) burnedIn.push({ path, frame: 1, items: text });
      const flagged = attrs.some((a) => a.tag === 0x00280301 && a.value === 'YES');
      images.push({ sopClass: SOP_CLASS[se.modality], sopUid, seriesUid: se.uid, path, burnedIn: flagged });
    }
  });
  s.series.forEach((se, ordinal) => {
    if (se.modality === 'SR') {
      const sopUid = uid(r);
      emit(se, ordinal, 0, SOP_CLASS.SR, sopUid, srReport(s, se, sopUid, images.slice(0, 8), r));
    } else if (se.modality === 'SEG') {
      const axial = s.series.find((x) => x.number === 2 || (x.modality === 'MR' && x.number === 1))!;
      const sources = images.filter((x) => x.seriesUid === axial.uid);
      const sopUid = uid(r);
      emit(se, ordinal, 0, SOP_CLASS.SEG, sopUid, segmentation(s, se, sopUid, sources, pixels === 'realistic' ? 512 : 16, pixels === 'realistic' ? 512 : 16, r));
    }
  });

  const defects: DefectTruth[] = [];
  const fileTruth: FileTruth[] = [];
  const unique = files.length;
  let truncated = 0;
  for (const kind of s.defects) {
    if (kind === 'no_readable_instances') {
      for (let i = 0; i < files.length; i++) files[i] = { path: files[i]!.path, bytes: truncate(files[i]!.bytes!) };
      truncated = files.length;
      burnedIn.length = 0; // unreadable files have no pixels to look at
      defects.push({ kind, paths: files.map((f) => f.path) });
    } else if (kind === 'truncated_instance') {
      // Cut a clean image while another clean one remains, else one held for burned-in text anyway: the
      // study must keep a releasable instance, or its end state would be review, not integrated.
      const clean = images.filter((x) => !x.burnedIn);
      const pool = clean.length >= 2 ? clean : images.filter((x) => x.burnedIn);
      const victim = pool[r.int(0, pool.length - 1)]!;
      const at = files.findIndex((f) => f.path === victim.path);
      files[at] = { path: victim.path, bytes: truncate(files[at]!.bytes!) };
      truncated = 1;
      victim.burnedIn = false; // counted once, as truncated
      const entry = burnedIn.findIndex((b) => b.path === victim.path);
      if (entry >= 0) burnedIn.splice(entry, 1);
      defects.push({ kind, paths: [victim.path] });
    } else if (kind === 'duplicate_instance') {
      const original = files[r.int(0, files.length - 1)]!;
      const link = r.chance(1 / 3);
      const copy = `${original.path.replace(/(\.dcm)?$/, '')}_copy${original.path.endsWith('.dcm') ? '.dcm' : ''}`;
      files.push(link ? { path: copy, symlinkTo: original.path.split('/').pop()! } : { path: copy, bytes: original.bytes! });
      const text = burnedIn.find((b) => b.path === original.path);
      if (text) burnedIn.push({ ...text, path: copy });
      defects.push({ kind, paths: [original.path, copy] });
    } else if (kind === 'stray_file') {
      const [name, bytes] = r.pick([['Thumbs.db', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(56).fill(0)])], ['LEEME.txt', new Uint8Array(Buffer.from('Exportado desde PACS. No contiene imágenes.\r\n', 'latin1'))], ['preview.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9])]] as const);
      const path = `${folder}/${name}`;
      files.push({ path, bytes });
      fileTruth.push({ path, expected: 'rejected', reason: 'not_dicom', study: key });
      defects.push({ kind, paths: [path] });
    } else if (kind === 'corrupt_file') {
      // A DICM prefix and a meta group whose declared length runs far past the end of the file.
      const bytes = new Uint8Array(400);
      r.fill(bytes);
      bytes.fill(0, 0, 128);
      bytes.set([0x44, 0x49, 0x43, 0x4d, 0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 0x04, 0x00, 0x00, 0xff, 0xff, 0x7f], 128);
      const path = `${folder}/${files[0]!.path.slice(folder.length + 1).replace(/[^/]+$/, '')}IM9999`;
      files.push({ path, bytes });
      fileTruth.push({ path, expected: 'rejected', reason: 'corrupt', study: key });
      defects.push({ kind, paths: [path] });
    } else if (kind === 'burned_in_annotation') {
      defects.push({ kind, paths: images.filter((x) => x.burnedIn).map((x) => x.path) });
    } else if (kind === 'name_in_path' || kind === 'dicomdir_import') {
      defects.push({ kind, paths: [folder] });
    } else {
      defects.push({ kind });
    }
  }
  if (s.defects.includes('dicomdir_import')) {
    const dicomdir = writeDicomdir({ patientId: s.patient.id, patientName: dicomName(s.patient), uid: s.uid, date: s.date, time: s.time, accession: s.accession, description: s.description, ...(s.charset === 'undeclared' ? {} : { characterSet: s.charset }), series: directory.filter(Boolean).map((d) => d.series) }, uid(r));
    files.push({ path: `${folder}/DICOMDIR`, bytes: dicomdir });
  }
  const held = images.filter((x) => x.burnedIn).length;
  const reason = s.reason;
  return {
    files,
    fileTruth,
    truth: {
      study: key,
      expected: reason === null ? 'integrated' : 'rejected',
      reason,
      defects,
      patient: s.patient.id,
      modalities: [...new Set(s.series.map((x) => (x.modality === 'SC' ? 'OT' : x.modality)))],
      instances: { files: files.length, unique, releasable: reason === null ? unique - truncated - held : 0 },
      burnedIn,
    },
  };
}
