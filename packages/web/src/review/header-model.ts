/**
 * The de-identified header (DICOM JSON, PS3.18 F.2) as the viewer lists it: one row per attribute, sequence
 * items indented under their sequence, searchable by tag, name or value; and the window presets the file
 * carries. Names for the attributes a reviewer looks at; others show by tag (the UI carries no full dictionary).
 */
import type { VoiWindow } from './viewer-math.ts';

export type DicomJsonValue = string | number | null | { readonly Alphabetic?: string } | DicomJson;
export type DicomJson = Readonly<Record<string, { readonly vr: string; readonly Value?: readonly DicomJsonValue[]; readonly InlineBinary?: string }>>;

export interface HeaderRow {
  /** Unique within the table: the path of tags and item numbers. */
  readonly key: string;
  readonly tag: string;
  readonly name: string;
  readonly vr: string;
  readonly value: string;
  readonly depth: number;
}

const NAMES: Readonly<Record<string, string>> = {
  '00080005': 'Specific Character Set', '00080008': 'Image Type', '00080016': 'SOP Class UID', '00080018': 'SOP Instance UID',
  '00080020': 'Study Date', '00080021': 'Series Date', '00080022': 'Acquisition Date', '00080023': 'Content Date',
  '00080030': 'Study Time', '00080050': 'Accession Number', '00080060': 'Modality', '00080064': 'Conversion Type',
  '00080070': 'Manufacturer', '00080080': 'Institution Name', '00080090': 'Referring Physician\'s Name',
  '00081030': 'Study Description', '0008103E': 'Series Description', '00081090': 'Manufacturer\'s Model Name',
  '00100010': 'Patient\'s Name', '00100020': 'Patient ID', '00100030': 'Patient\'s Birth Date', '00100040': 'Patient\'s Sex',
  '00101010': 'Patient\'s Age', '00120062': 'Patient Identity Removed', '00120063': 'De-identification Method',
  '00120064': 'De-identification Method Code Sequence', '00180015': 'Body Part Examined', '00180050': 'Slice Thickness',
  '0020000D': 'Study Instance UID', '0020000E': 'Series Instance UID', '00200010': 'Study ID', '00200011': 'Series Number',
  '00200013': 'Instance Number', '00200032': 'Image Position (Patient)', '00200037': 'Image Orientation (Patient)',
  '00280002': 'Samples per Pixel', '00280004': 'Photometric Interpretation', '00280008': 'Number of Frames',
  '00280010': 'Rows', '00280011': 'Columns', '00280030': 'Pixel Spacing', '00280100': 'Bits Allocated', '00280101': 'Bits Stored',
  '00280102': 'High Bit', '00280103': 'Pixel Representation', '00280301': 'Burned In Annotation', '00281050': 'Window Center',
  '00281051': 'Window Width', '00281052': 'Rescale Intercept', '00281053': 'Rescale Slope', '00281054': 'Rescale Type',
  '00281055': 'Window Center & Width Explanation', '00282110': 'Lossy Image Compression', '7FE00010': 'Pixel Data',
};

const tagText = (key: string): string => `(${key.slice(0, 4)},${key.slice(4)})`;

function valueText(a: DicomJson[string]): string {
  if (a.InlineBinary !== undefined) return `${a.InlineBinary.length} base64 characters`;
  if (!a.Value) return a.vr === 'SQ' ? '' : '(no value given)';
  if (a.vr === 'SQ') return `${a.Value.length} item${a.Value.length === 1 ? '' : 's'}`;
  return a.Value.map((v) => (v === null ? '' : typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v))).join('\\');
}

export function headerRows(json: DicomJson, depth = 0, path = ''): HeaderRow[] {
  const rows: HeaderRow[] = [];
  for (const key of Object.keys(json).sort()) {
    const a = json[key]!;
    const here = `${path}${key}`;
    rows.push({ key: here, tag: tagText(key), name: NAMES[key] ?? (Number.parseInt(key.slice(0, 4), 16) % 2 === 1 ? 'Private' : ''), vr: a.vr, value: valueText(a), depth });
    if (a.vr === 'SQ') {
      (a.Value ?? []).forEach((item, i) => {
        rows.push({ key: `${here}/${i}`, tag: '', name: `Item ${i + 1}`, vr: '', value: '', depth: depth + 1 });
        rows.push(...headerRows(item as DicomJson, depth + 2, `${here}/${i}/`));
      });
    }
  }
  return rows;
}

/** Rows whose tag, name, VR or value holds every word of the search, case-insensitive. */
export function filterRows(rows: readonly HeaderRow[], search: string): readonly HeaderRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => {
    const text = `${r.tag} ${r.tag.replace(/[(),]/g, '')} ${r.name} ${r.vr} ${r.value}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export interface WindowPreset extends VoiWindow { readonly label: string }

/** The windows the file carries (Window Center/Width, with their explanations as labels). */
export function windowPresets(json: DicomJson | null): WindowPreset[] {
  const numbers = (key: string): number[] => (json?.[key]?.Value ?? []).map(Number).filter(Number.isFinite);
  const centres = numbers('00281050');
  const widths = numbers('00281051');
  const labels = (json?.['00281055']?.Value ?? []).map((v) => String(v ?? '').trim());
  return centres.flatMap((centre, i) => {
    const width = widths[i];
    if (width === undefined || width < 1) return [];
    return [{ centre, width, label: labels[i] || `Window ${i + 1} of the file` }];
  });
}
