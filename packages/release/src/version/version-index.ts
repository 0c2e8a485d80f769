/**
 * The study → series → instance tree of a dataset version, read from its manifest and the headers of its
 * images: what DICOMweb queries answer and what jobs check outputs against. A version never changes once
 * written, so the tree is cached by folder and manifest hash (a rewritten manifest, as in tests, is read anew).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { oncoError } from '@oncoatlas/core';
import { asciiValue, decodeText, findElement, parseSpecificCharacterSet, uint16Value, type DataSet, type DicomFile } from '@oncoatlas/dicom';
import { readHeader } from '../files/header-facts.ts';
import { versionDir } from './create-version.ts';
import { MANIFEST, type Manifest } from './version-files.ts';

export interface IndexedInstance {
  /** Relative to the version folder, e.g. files/<pseudonym>/<study>/<series>/<sop>.dcm. */
  readonly path: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly instanceNumber: number | null;
  readonly transferSyntaxUid: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly frames: number;
  readonly rows: number | null;
  readonly columns: number | null;
}

export interface IndexedSeries {
  readonly seriesInstanceUid: string;
  readonly modality: string;
  readonly seriesNumber: number | null;
  readonly seriesDescription: string | null;
  readonly bodyPartExamined: string | null;
  readonly instances: readonly IndexedInstance[];
}

export interface IndexedStudy {
  readonly studyInstanceUid: string;
  /** The pseudonym the release gave the patient. */
  readonly patientId: string;
  readonly patientName: string | null;
  readonly studyDate: string | null;
  readonly studyTime: string | null;
  readonly accessionNumber: string | null;
  readonly studyId: string | null;
  readonly studyDescription: string | null;
  readonly series: readonly IndexedSeries[];
}

export interface VersionIndex {
  readonly dataset: string;
  readonly version: number;
  readonly manifestSha256: string;
  readonly studies: readonly IndexedStudy[];
}

const T = {
  sopClass: 0x00080016, sopInstance: 0x00080018, studyDate: 0x00080020, studyTime: 0x00080030, accession: 0x00080050,
  modality: 0x00080060, studyDescription: 0x00081030, seriesDescription: 0x0008103e, patientName: 0x00100010, patientId: 0x00100020,
  bodyPart: 0x00180015, studyUid: 0x0020000d, seriesUid: 0x0020000e, studyId: 0x00200010, seriesNumber: 0x00200011,
  instanceNumber: 0x00200013, frames: 0x00280008, rows: 0x00280010, columns: 0x00280011, charset: 0x00080005,
  mediaSopClass: 0x00020002, mediaSopInstance: 0x00020003,
} as const;

function ascii(f: DicomFile, ds: DataSet, tag: number): string | null {
  const el = findElement(ds, tag);
  if (!el || el.external || el.items) return null;
  const v = asciiValue(f.buffer, el);
  return v === '' ? null : v;
}

/** Text in the file's character set (LO, SH, PN). */
function text(f: DicomFile, ds: DataSet, tag: number): string | null {
  const el = findElement(ds, tag);
  if (!el || el.external || el.items) return null;
  const sets = parseSpecificCharacterSet(ascii(f, ds, T.charset) ?? undefined);
  const v = decodeText(f.buffer.subarray(el.valueOffset, el.valueOffset + el.length), sets, el.vr).trim();
  return v === '' ? null : v;
}

function integer(f: DicomFile, ds: DataSet, tag: number): number | null {
  const v = ascii(f, ds, tag);
  const n = v === null ? NaN : Number.parseInt(v.split('\\')[0]!, 10);
  return Number.isFinite(n) ? n : null;
}

function unsigned16(f: DicomFile, ds: DataSet, tag: number): number | null {
  const el = findElement(ds, tag);
  if (!el || el.external || el.items) return null;
  return uint16Value(f.buffer, el, f.dataset.syntax.littleEndian) ?? null;
}

interface Row { readonly study: Omit<IndexedStudy, 'series'>; readonly series: Omit<IndexedSeries, 'instances'>; readonly instance: IndexedInstance }

function rowOf(f: DicomFile, file: Manifest['files'][number]): Row {
  const ds = f.dataset;
  const need = (tag: number, what: string): string => {
    const v = ascii(f, ds, tag);
    // The path names a pseudonym and study: it stays out of the error.
    if (v === null) throw oncoError('DICOM_MALFORMED', `An image of the dataset version has no ${what}.`);
    return v;
  };
  const metaUid = (tag: number): string | null => {
    const el = findElement(f.meta, tag);
    return el ? asciiValue(f.source, el) || null : null;
  };
  return {
    study: {
      studyInstanceUid: need(T.studyUid, 'Study Instance UID'),
      patientId: text(f, ds, T.patientId) ?? '',
      patientName: text(f, ds, T.patientName),
      studyDate: ascii(f, ds, T.studyDate),
      studyTime: ascii(f, ds, T.studyTime),
      accessionNumber: text(f, ds, T.accession),
      studyId: text(f, ds, T.studyId),
      studyDescription: text(f, ds, T.studyDescription),
    },
    series: {
      seriesInstanceUid: need(T.seriesUid, 'Series Instance UID'),
      modality: ascii(f, ds, T.modality) ?? 'OT',
      seriesNumber: integer(f, ds, T.seriesNumber),
      seriesDescription: text(f, ds, T.seriesDescription),
      bodyPartExamined: ascii(f, ds, T.bodyPart),
    },
    instance: {
      path: file.path,
      sopClassUid: ascii(f, ds, T.sopClass) ?? metaUid(T.mediaSopClass) ?? '',
      sopInstanceUid: ascii(f, ds, T.sopInstance) ?? metaUid(T.mediaSopInstance) ?? need(T.sopInstance, 'SOP Instance UID'),
      instanceNumber: integer(f, ds, T.instanceNumber),
      transferSyntaxUid: f.transferSyntax.uid,
      bytes: file.bytes,
      sha256: file.sha256,
      frames: integer(f, ds, T.frames) ?? 1,
      rows: unsigned16(f, ds, T.rows),
      columns: unsigned16(f, ds, T.columns),
    },
  };
}

const byNumberThenUid = <V>(num: (v: V) => number | null, uid: (v: V) => string) => (a: V, b: V): number =>
  (num(a) ?? Number.MAX_SAFE_INTEGER) - (num(b) ?? Number.MAX_SAFE_INTEGER) || (uid(a) < uid(b) ? -1 : uid(a) > uid(b) ? 1 : 0);

function treeOf(rows: readonly Row[]): IndexedStudy[] {
  const studies = new Map<string, { study: Row['study']; series: Map<string, { series: Row['series']; instances: IndexedInstance[] }> }>();
  for (const r of rows) {
    let st = studies.get(r.study.studyInstanceUid);
    if (!st) studies.set(r.study.studyInstanceUid, st = { study: r.study, series: new Map() });
    let se = st.series.get(r.series.seriesInstanceUid);
    if (!se) st.series.set(r.series.seriesInstanceUid, se = { series: r.series, instances: [] });
    se.instances.push(r.instance);
  }
  const out: IndexedStudy[] = [];
  for (const { study, series } of studies.values()) {
    const list = [...series.values()].map(({ series: s, instances }) => ({
      ...s,
      instances: instances.sort(byNumberThenUid((i: IndexedInstance) => i.instanceNumber, (i) => i.sopInstanceUid)),
    }));
    out.push({ ...study, series: list.sort(byNumberThenUid((s: IndexedSeries) => s.seriesNumber, (s) => s.seriesInstanceUid)) });
  }
  return out.sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0) || (a.studyInstanceUid < b.studyInstanceUid ? -1 : 1));
}

/** By folder; `stamp` is the manifest's inode, size and mtime: a rewritten manifest (as in tests) is read anew. */
const cache = new Map<string, { readonly stamp: string; readonly index: Promise<VersionIndex> }>();

async function build(dir: string, datasetId: string, version: number, manifestBytes: Buffer, manifestSha256: string): Promise<VersionIndex> {
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as Manifest;
  const rows: Row[] = [];
  for (const file of manifest.files) {
    if (!file.path.startsWith('files/') || !file.path.endsWith('.dcm')) continue;
    rows.push(rowOf(readHeader(join(dir, file.path)), file));
  }
  return { dataset: datasetId, version, manifestSha256, studies: treeOf(rows) };
}

/**
 * Reads manifest.json and each image's header (versions are immutable: cached in memory by path + manifest hash).
 *
 * @example
 * const index = await versionIndex(dataDir, 'lung-ct', 1);
 * index.studies[0]?.series[0]?.instances[0]?.path; // files/<pseudonym>/<study>/<series>/<sop>.dcm
 */
export async function versionIndex(dataDir: string, datasetId: string, version: number): Promise<VersionIndex> {
  const dir = versionDir(dataDir, datasetId, version);
  const path = join(dir, MANIFEST);
  // Every DICOMweb request asks for the index: a stat, not a read and a hash of the manifest (hundreds of KB).
  let stamp: string;
  try {
    const st = await stat(path);
    stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (err) {
    throw oncoError('DATASET_NOT_FOUND', `Dataset version ${datasetId} v${version} has no manifest.`, { dataset: datasetId, version }, err);
  }
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.index;
  const index = readFile(path).then((bytes) => build(dir, datasetId, version, bytes, createHash('sha256').update(bytes).digest('hex')));
  cache.set(dir, { stamp, index });
  index.catch(() => { if (cache.get(dir)?.index === index) cache.delete(dir); });
  return index;
}
