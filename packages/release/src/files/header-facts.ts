/**
 * The few attributes a release reads from a DICOM header to describe a study (study-view.ts): dates, times,
 * modality, equipment, body part, institution, and the patient ID of a hospital's own file (to link it to its
 * clinical record in an attack simulation; never stored or shown). Headers only: pixel data is not read.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isOncoAtlasError } from '@oncoatlas/core';
import { asciiValue, findElement, parsePart10, type DataSet, type DicomFile } from '@oncoatlas/dicom';
import type { StudyHeader } from '../patients/patient-view.ts';

export interface HeaderFacts {
  readonly patientId: string | null;
  readonly date: string | null;
  readonly time: string | null;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly bodyPart: string | null;
  readonly laterality: string | null;
  readonly institution: string | null;
  /** The value a release appended to De-identification Method (0012,0063), in a released file. */
  readonly releaseMethod: string | null;
}

/** How a release names itself in De-identification Method (0012,0063); release-editor.ts writes it. */
export const RELEASE_METHOD_PREFIX = 'OncoAtlas release:';

const TAGS = {
  patientId: 0x00100020, date: 0x00080020, time: 0x00080030, modality: 0x00080060, manufacturer: 0x00080070,
  modelName: 0x00081090, software: 0x00181020, bodyPart: 0x00180015, institution: 0x00080080, imageLaterality: 0x00200062, laterality: 0x00200060, deidMethod: 0x00120063,
} as const;

/** The de-identification's dummy value (PS3.15 action D) says nothing: read as no value. */
const TEXT_DUMMY = 'ANONYMIZED';

function text(f: DicomFile, ds: DataSet, tag: number): string | null {
  const el = findElement(ds, tag);
  if (!el || el.external || el.items) return null;
  const v = asciiValue(f.buffer, el).trim();
  return v === '' || v === TEXT_DUMMY ? null : v;
}

/** Reads up to the pixel data, a block at a time until the header is whole. */
export function readHeader(path: string): DicomFile {
  const fd = openSync(path, 'r');
  try {
    for (let size = 64 << 10; ; size *= 4) {
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, 0);
      try {
        return parsePart10(buf.subarray(0, n), { stopAtPixelData: true });
      } catch (err) {
        if (!isOncoAtlasError(err, 'DICOM_TRUNCATED') || n < size) throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

export function headerFacts(path: string): HeaderFacts {
  return headerFactsOf(readHeader(path));
}

export function headerFactsOf(f: DicomFile): HeaderFacts {
  const ds = f.dataset;
  const model = text(f, ds, TAGS.modelName);
  const software = text(f, ds, TAGS.software);
  return {
    patientId: text(f, ds, TAGS.patientId),
    date: text(f, ds, TAGS.date),
    time: text(f, ds, TAGS.time),
    modality: text(f, ds, TAGS.modality),
    manufacturer: text(f, ds, TAGS.manufacturer),
    model: model || software ? `${model ?? ''}|${software ?? ''}` : null,
    bodyPart: text(f, ds, TAGS.bodyPart),
    laterality: text(f, ds, TAGS.imageLaterality) ?? text(f, ds, TAGS.laterality),
    institution: text(f, ds, TAGS.institution),
    releaseMethod: text(f, ds, TAGS.deidMethod)?.split('\\').map((v) => v.trim()).find((v) => v.startsWith(RELEASE_METHOD_PREFIX)) ?? null,
  };
}

/** One study's header facts from the headers of its series (one file each is enough: they share the study). */
export function studyHeader(study: string, series: readonly HeaderFacts[]): StudyHeader {
  const all = (pick: (h: HeaderFacts) => string | null): string[] => series.map(pick).filter((v): v is string => v !== null);
  return {
    study,
    date: all((h) => h.date).sort()[0] ?? null,
    time: all((h) => h.time).sort()[0] ?? null,
    modalities: all((h) => h.modality),
    manufacturers: all((h) => h.manufacturer),
    models: all((h) => h.model),
    bodyParts: all((h) => h.bodyPart),
    lateralities: all((h) => h.laterality),
    institutions: all((h) => h.institution),
  };
}
