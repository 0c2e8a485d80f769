/**
 * Writes a version's images: each de-identified file of a kept study, through the study's ReleaseEditor, into
 * the version's folder (atomically, pixel data copied by range). Then each written file's header is read back
 * from disk, so that what the risk is measured on is what ships: the study's dates, times and equipment as
 * written, every attribute the files carry (for the declaration check), and every distinct date and time in
 * the study's files (one of each is what the editor writes; more would be a date the assessment never saw).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  asciiValue, ByteSink, isPrivateTag, keywordOf, ReadScratch, readDicomFile, tagHex, writePart10, writeSegmentsAtomic,
  type DataSet, type DicomFile, type NewElement,
} from '@oncoatlas/dicom';
import type { StudyHeader } from '../patients/patient-view.ts';
import { readHeader, studyHeader, headerFactsOf } from './header-facts.ts';
import { ReleaseEditor, type StudyRelease } from './release-editor.ts';

export interface StudyToWrite {
  /** `PSEUDONYM/STUDY_UID`. */
  readonly folder: string;
  /** Output paths under the de-identified root (`PSEUDONYM/STUDY/SERIES/SOP.dcm`). */
  readonly files: readonly string[];
  readonly plan: StudyRelease;
}

export interface WrittenStudy {
  readonly folder: string;
  /** The study as its written files say (anchored date, hour, equipment). */
  readonly header: StudyHeader;
  /** Every distinct date (DA, and the date of a DT) and time (TM, and the hour of a DT) in the study's files. */
  readonly dates: readonly string[];
  readonly times: readonly string[];
  /** The release's value of De-identification Method (0012,0063), which says the offset unit. */
  readonly method: string | null;
}

/** An attribute the written files carry: its keyword (or tag), VR, and whether any file gives it a real value. */
export interface SeenAttribute {
  readonly keyword: string;
  readonly vr: string;
  readonly private: boolean;
  informative: boolean;
}

/** Values the de-identification writes for "no value" (PS3.15 action D): they say nothing. */
const DUMMIES = new Set(['ANONYMIZED', '19000101', '19000101000000', '000000', '000Y', '2.25.0', 'https://anonymized.invalid/', '0']);
const BINARY = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'AT', 'SV', 'UV']);

export class AttributeInventory {
  readonly seen = new Map<string, SeenAttribute>();

  /** Walks a written file's header; `dates` and `times` collect its date and time values. */
  add(f: DicomFile, dates: Set<string>, times: Set<string>): void {
    const walk = (ds: DataSet): void => {
      for (const el of ds.elements) {
        const priv = isPrivateTag(el.tag);
        const keyword = priv ? `private ${tagHex(el.tag)}` : keywordOf(el.tag);
        let a = this.seen.get(keyword);
        if (!a) this.seen.set(keyword, (a = { keyword, vr: el.vr, private: priv, informative: false }));
        if (el.items) {
          for (const item of el.items) walk(item);
          continue;
        }
        if (el.external || el.length === 0) continue;
        if (BINARY.has(el.vr)) {
          a.informative = true;
          continue;
        }
        const value = asciiValue(f.buffer, el).trim();
        if (value === '') continue;
        if (!DUMMIES.has(value)) a.informative = true;
        if (el.vr === 'DA') for (const v of value.split('\\')) dates.add(v.trim());
        if (el.vr === 'TM') for (const v of value.split('\\')) times.add(v.trim());
        if (el.vr === 'DT') for (const v of value.split('\\')) { dates.add(v.trim().slice(0, 8)); if (v.trim().length > 8) times.add(v.trim().slice(8)); }
      }
    };
    walk(f.dataset);
  }
}

/** The input's File Meta Information, as new elements (group length recomputed by the writer). */
function metaOf(f: DicomFile): NewElement[] {
  return f.meta.elements.filter((e) => e.tag !== 0x00020000).map((e) => ({ tag: e.tag, vr: e.vr, value: f.source.subarray(e.valueOffset, e.valueOffset + e.length) }));
}

export interface WrittenImages {
  readonly studies: readonly WrittenStudy[];
  readonly inventory: AttributeInventory;
  readonly instances: number;
  readonly series: number;
}

export function writeReleasedImages(o: { fromRoot: string; toRoot: string; studies: readonly StudyToWrite[]; tick?: () => void }): WrittenImages {
  const sink = new ByteSink();
  const scratch = new ReadScratch();
  const inventory = new AttributeInventory();
  const made = new Set<string>();
  const series = new Set<string>();
  const studies: WrittenStudy[] = [];
  let instances = 0;
  for (const study of o.studies) {
    const editor = new ReleaseEditor(study.plan);
    const dates = new Set<string>();
    const times = new Set<string>();
    const bySeries = new Map<string, ReturnType<typeof headerFactsOf>>();
    let method: string | null = null;
    for (const path of study.files) {
      const from = join(o.fromRoot, path);
      const to = join(o.toRoot, path);
      const dir = dirname(to);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const source = readDicomFile(from, { scratch });
      sink.reset();
      writePart10(sink, source.file, { meta: metaOf(source.file), editor, ...(source.tail ? { tail: source.tail } : {}) });
      writeSegmentsAtomic(to, sink.finish(), from);
      // Read back from disk: the facts below are those of the file that ships.
      const written = readHeader(to);
      inventory.add(written, dates, times);
      const seriesUid = path.split('/')[2]!;
      series.add(`${study.folder}/${seriesUid}`);
      if (!bySeries.has(seriesUid)) {
        const facts = headerFactsOf(written);
        bySeries.set(seriesUid, facts);
        method ??= facts.releaseMethod;
      }
      instances++;
      o.tick?.();
    }
    studies.push({ folder: study.folder, header: studyHeader(study.folder.split('/')[1]!, [...bySeries.values()]), dates: [...dates].sort(), times: [...times].sort(), method });
  }
  return { studies, inventory, instances, series: series.size };
}
