/**
 * What the inventory learns from one instance, read once from its bytes: keys, descriptive attributes,
 * which identifying attributes are filled in, private creators, the burned-in-text verdict. Values that
 * identify a patient (ID, sex, birth date) are used only to spot conflicting demographics and never leave
 * the process; the inventory reports counts and attribute names.
 */
import { createHash } from 'node:crypto';
import { assessBurnedIn, ConfidentialityProfile } from '@oncoatlas/deid';
import { asciiValue, findElement, isPrivateCreatorTag, keywordOf, parsePart10, PIXEL_DATA, splitValues, studyKey, type DataSet, type DicomFile } from '@oncoatlas/dicom';

export interface InstanceFacts {
  readonly size: number;
  readonly sha256: string;
  readonly studyKey: string | null;
  readonly sopInstanceUid: string | null;
  readonly sopClassUid: string | null;
  readonly transferSyntaxUid: string;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly bodyPart: string | null;
  readonly year: string | null;
  /** Study Date (YYYYMMDD) as written, for the cohort's date range; never reported. */
  readonly studyDate: string | null;
  readonly burnedIn: { readonly risk: boolean; readonly declared: 'YES' | 'NO' | 'absent'; readonly reason: string };
  /**
   * Keywords of identifying attributes (Annex E action other than K) with a non-empty value, at any depth, sorted
   * and joined by newlines; private creators the same way. One string each, not lists: facts cross from the
   * inventory's reading threads, and a file's thirty keywords cloned one by one cost the main thread more than
   * a string, and the files of a series share one.
   */
  readonly identifying: string;
  readonly privateCreators: string;
  readonly characterSetDeclared: boolean;
  /**
   * For demographic consistency only; never reported. `key` is a digest of the ID, by which the inventory tells
   * patients apart without holding their IDs (made here, on the reading threads, not on the main thread).
   */
  readonly patient: { readonly id: string; readonly key: string; readonly sex: string; readonly birthDate: string } | null;
}

const BASIC = new ConfidentialityProfile(new Set());

/** Patient IDs are kept only as digests, and only while the inventory runs. */
const patientKey = (id: string): string => createHash('sha256').update(id).digest('base64url').slice(0, 16);

const text = (f: DicomFile, ds: DataSet, tag: number): string | null => {
  const el = findElement(ds, tag);
  if (!el || el.external || el.items) return null;
  const v = asciiValue(f.buffer, el).trim();
  return v === '' ? null : v;
};

function walk(f: DicomFile, ds: DataSet, identifying: Set<string>, creators: Set<string>): void {
  for (const el of ds.elements) {
    if (el.items) {
      if (el.items.length > 0 && isIdentifying(el.tag)) identifying.add(keywordOf(el.tag));
      for (const item of el.items) walk(f, item, identifying, creators);
      continue;
    }
    if (el.external || el.length === 0 || el.tag === PIXEL_DATA) continue;
    if (isPrivateCreatorTag(el.tag)) {
      const creator = asciiValue(f.buffer, el).trim();
      if (creator) creators.add(creator);
      continue;
    }
    if (isIdentifying(el.tag)) identifying.add(keywordOf(el.tag));
  }
}

function isIdentifying(tag: number): boolean {
  if (tag >>> 16 === 0x0002) return false;
  const action = BASIC.actionFor(tag);
  return action !== undefined && action !== 'K';
}

/** Facts of a parsed instance; `bytes` are the whole file (for the content hash and size). */
export function factsOf(f: DicomFile, size: number, sha256: string): InstanceFacts {
  const ds = f.dataset;
  const studyUid = text(f, ds, 0x0020000d);
  const declared = text(f, ds, 0x00280301)?.toUpperCase();
  const sopClassUid = text(f, ds, 0x00080016);
  const modality = text(f, ds, 0x00080060);
  const verdict = assessBurnedIn({
    hasPixelData: findElement(ds, PIXEL_DATA) !== undefined,
    burnedInAnnotation: declared,
    modality: modality ?? undefined,
    sopClassUid: sopClassUid ?? undefined,
    imageType: splitValues(text(f, ds, 0x00080008) ?? ''),
  });
  const identifying = new Set<string>();
  const creators = new Set<string>();
  walk(f, ds, identifying, creators);
  const patientId = text(f, ds, 0x00100020);
  const date = text(f, ds, 0x00080020);
  return {
    size, sha256,
    studyKey: studyUid ? studyKey(studyUid) : null,
    sopInstanceUid: text(f, ds, 0x00080018),
    sopClassUid,
    transferSyntaxUid: f.transferSyntax.uid,
    modality,
    manufacturer: text(f, ds, 0x00080070),
    bodyPart: text(f, ds, 0x00180015),
    year: date && /^\d{4}/.test(date) ? date.slice(0, 4) : null,
    studyDate: date,
    burnedIn: { risk: verdict.risk, declared: declared === 'YES' || declared === 'NO' ? declared : 'absent', reason: verdict.reason },
    identifying: [...identifying].sort().join('\n'),
    privateCreators: [...creators].sort().join('\n'),
    characterSetDeclared: findElement(ds, 0x00080005) !== undefined,
    patient: patientId ? { id: patientId, key: patientKey(patientId), sex: text(f, ds, 0x00100040) ?? '', birthDate: text(f, ds, 0x00100030) ?? '' } : null,
  };
}

/** Reads the facts of a whole file in memory (throws the parser's typed error for a corrupt one). */
export function readFacts(bytes: Uint8Array): InstanceFacts {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return factsOf(parsePart10(bytes), bytes.length, sha256);
}

/**
 * The study a file that cannot be read belongs to, when its header before the pixel data is intact (a file
 * cut short in its pixels): so a study whose every file is damaged is still accounted for, by its key.
 */
export function studyKeyOfDamaged(bytes: Uint8Array): string | null {
  try {
    const f = parsePart10(bytes, { stopAtPixelData: true });
    const uid = text(f, f.dataset, 0x0020000d);
    return uid ? studyKey(uid) : null;
  } catch {
    return null;
  }
}
