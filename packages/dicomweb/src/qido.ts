/**
 * QIDO-RS (PS3.18 10.6) over a dataset version's index: the standard matching keys (as keywords or tags) with
 * UID list, wildcard (* and ?), date and time range and single value matching; `limit`, `offset`; answers in
 * the DICOM JSON model. Every attribute the index holds is returned at its level (and the parents' levels when
 * a query spans them), so `includefield` is checked and has nothing more to add. A key naming a DICOM
 * attribute the index does not hold is ignored with a Warning (as the standard lets an origin server do); a
 * key that is no attribute nor parameter is DICOMWEB_BAD_REQUEST.
 */
import { oncoError } from '@oncoatlas/core';
import { lookupKeyword, lookupTag } from '@oncoatlas/dicom';
import type { DicomJson, DicomJsonAttribute } from './dicom-json.ts';

export interface QidoInstance {
  readonly sopClassUid: string; readonly sopInstanceUid: string; readonly instanceNumber: number | null; readonly transferSyntaxUid: string;
  readonly frames: number; readonly rows: number | null; readonly columns: number | null;
}
export interface QidoSeries {
  readonly seriesInstanceUid: string; readonly modality: string; readonly seriesNumber: number | null; readonly seriesDescription: string | null;
  readonly bodyPartExamined: string | null; readonly instances: readonly QidoInstance[];
}
export interface QidoStudy {
  readonly studyInstanceUid: string; readonly patientId: string; readonly patientName: string | null; readonly studyDate: string | null;
  readonly studyTime: string | null; readonly accessionNumber: string | null; readonly studyId: string | null; readonly studyDescription: string | null;
  readonly series: readonly QidoSeries[];
}

export type QidoLevel = 'studies' | 'series' | 'instances';
export type QueryParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Where the retrieve URLs of the answers point. */
export interface RetrieveUrls {
  study(study: string): string;
  series(study: string, series: string): string;
  instance(study: string, series: string, instance: string): string;
}

export interface QidoAnswer {
  readonly matches: DicomJson[];
  /** Warning header values (RFC 7234 style: `299 - "…"`) for keys that were ignored. */
  readonly warnings: string[];
}

interface Row { readonly study: QidoStudy; readonly series?: QidoSeries; readonly instance?: QidoInstance }
type Level = 'study' | 'series' | 'instance';
type Kind = 'uid' | 'text' | 'pn' | 'date' | 'time' | 'number' | 'cs-list';

interface Attr { readonly tag: string; readonly vr: string; readonly level: Level; readonly kind: Kind; readonly get: (r: Row) => string | number | readonly string[] | null }

const ATTRS: Readonly<Record<string, Attr>> = {
  StudyInstanceUID: { tag: '0020000D', vr: 'UI', level: 'study', kind: 'uid', get: (r) => r.study.studyInstanceUid },
  PatientID: { tag: '00100020', vr: 'LO', level: 'study', kind: 'text', get: (r) => r.study.patientId || null },
  PatientName: { tag: '00100010', vr: 'PN', level: 'study', kind: 'pn', get: (r) => r.study.patientName },
  StudyDate: { tag: '00080020', vr: 'DA', level: 'study', kind: 'date', get: (r) => r.study.studyDate },
  StudyTime: { tag: '00080030', vr: 'TM', level: 'study', kind: 'time', get: (r) => r.study.studyTime },
  AccessionNumber: { tag: '00080050', vr: 'SH', level: 'study', kind: 'text', get: (r) => r.study.accessionNumber },
  StudyID: { tag: '00200010', vr: 'SH', level: 'study', kind: 'text', get: (r) => r.study.studyId },
  StudyDescription: { tag: '00081030', vr: 'LO', level: 'study', kind: 'text', get: (r) => r.study.studyDescription },
  ModalitiesInStudy: { tag: '00080061', vr: 'CS', level: 'study', kind: 'cs-list', get: (r) => [...new Set(r.study.series.map((s) => s.modality))] },
  SeriesInstanceUID: { tag: '0020000E', vr: 'UI', level: 'series', kind: 'uid', get: (r) => r.series!.seriesInstanceUid },
  Modality: { tag: '00080060', vr: 'CS', level: 'series', kind: 'cs-list', get: (r) => r.series!.modality },
  SeriesNumber: { tag: '00200011', vr: 'IS', level: 'series', kind: 'number', get: (r) => r.series!.seriesNumber },
  SeriesDescription: { tag: '0008103E', vr: 'LO', level: 'series', kind: 'text', get: (r) => r.series!.seriesDescription },
  BodyPartExamined: { tag: '00180015', vr: 'CS', level: 'series', kind: 'cs-list', get: (r) => r.series!.bodyPartExamined },
  SOPInstanceUID: { tag: '00080018', vr: 'UI', level: 'instance', kind: 'uid', get: (r) => r.instance!.sopInstanceUid },
  SOPClassUID: { tag: '00080016', vr: 'UI', level: 'instance', kind: 'uid', get: (r) => r.instance!.sopClassUid },
  InstanceNumber: { tag: '00200013', vr: 'IS', level: 'instance', kind: 'number', get: (r) => r.instance!.instanceNumber },
};
const BY_TAG = new Map(Object.entries(ATTRS).map(([k, a]) => [a.tag, k]));
const PARAMETERS = new Set(['limit', 'offset', 'includefield', 'fuzzymatching', 'accept', 'charset']);
const LEVEL_OF: Readonly<Record<QidoLevel, Level>> = { studies: 'study', series: 'series', instances: 'instance' };
const DEPTH: Readonly<Record<Level, number>> = { study: 0, series: 1, instance: 2 };

function warning(text: string): string {
  return `299 - "${text}"`;
}

/** The attribute keyword a query key names (a keyword or 8 hex digits), or undefined when it names none. */
function keywordOf(key: string): string | undefined {
  if (/^[0-9A-Fa-f]{8}$/.test(key)) return BY_TAG.get(key.toUpperCase()) ?? lookupTag(Number.parseInt(key, 16))?.keyword;
  return ATTRS[key] ? key : lookupKeyword(key)?.keyword;
}

function single(params: QueryParams, key: string): string | undefined {
  const v = params[key];
  return typeof v === 'string' ? v : v?.[v.length - 1];
}

function count(params: QueryParams, key: string): number | undefined {
  const v = single(params, key);
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,9}$/.test(v)) throw oncoError('DICOMWEB_BAD_REQUEST', `The ${key} parameter must be a whole number ≥ 0.`);
  return Number(v);
}

function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

function inRange(value: string, range: string, normalise: (s: string) => string): boolean {
  if (!range.includes('-')) return normalise(value) === normalise(range);
  const [from, to] = range.split('-', 2) as [string, string];
  const v = normalise(value);
  return (from === '' || v >= normalise(from)) && (to === '' || v <= normalise(to));
}

/** TM values compared as HHMMSS.FFFFFF: a shorter value is the start of its hour or minute. */
function timeKey(s: string): string {
  const [hms, frac = ''] = s.replace(/:/g, '').split('.');
  return `${(hms ?? '').padEnd(6, '0')}.${frac.padEnd(6, '0')}`;
}

function matcher(a: Attr, value: string): (r: Row) => boolean {
  const list = value.split(/[,\\]/).map((v) => v.trim()).filter((v) => v !== '');
  switch (a.kind) {
    case 'uid': return (r) => list.includes(String(a.get(r)));
    case 'number': {
      if (!list.every((v) => /^-?\d+$/.test(v))) throw oncoError('DICOMWEB_BAD_REQUEST', 'A number matching key must hold whole numbers.');
      return (r) => list.map(Number).includes(a.get(r) as number);
    }
    case 'date': {
      if (!/^\d{0,8}(-\d{0,8})?$/.test(value)) throw oncoError('DICOMWEB_BAD_REQUEST', 'A date matching key must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD (either end may be left out).');
      return (r) => { const v = a.get(r); return typeof v === 'string' && inRange(v, value, (s) => s); };
    }
    case 'time': {
      if (!/^[\d.:]*(-[\d.:]*)?$/.test(value)) throw oncoError('DICOMWEB_BAD_REQUEST', 'A time matching key must be HHMMSS or a range of them.');
      return (r) => { const v = a.get(r); return typeof v === 'string' && inRange(v, value, timeKey); };
    }
    case 'cs-list': {
      const patterns = list.map((v) => wildcard(v, false));
      return (r) => {
        const v = a.get(r);
        const values = v === null ? [] : typeof v === 'string' ? [v] : (v as readonly string[]);
        return values.some((x) => patterns.some((p) => p.test(x)));
      };
    }
    default: {
      const p = wildcard(value, a.kind === 'pn');
      return (r) => { const v = a.get(r); return typeof v === 'string' && p.test(v); };
    }
  }
}

function str(vr: string, v: string | null): DicomJsonAttribute {
  return v === null || v === '' ? { vr } : { vr, Value: [v] };
}
function num(vr: string, v: number | null): DicomJsonAttribute {
  return v === null ? { vr } : { vr, Value: [v] };
}

function studyJson(s: QidoStudy, urls: RetrieveUrls): DicomJson {
  return {
    '00080020': str('DA', s.studyDate), '00080030': str('TM', s.studyTime), '00080050': str('SH', s.accessionNumber),
    '00080061': { vr: 'CS', Value: [...new Set(s.series.map((x) => x.modality))] },
    // Required at the study level (PS3.18 Table 10.6.3-3); a released version keeps none of them.
    '00080090': { vr: 'PN' }, '00100030': { vr: 'DA' }, '00100040': { vr: 'CS' },
    '00081030': str('LO', s.studyDescription), '00081190': str('UR', urls.study(s.studyInstanceUid)),
    '00100010': s.patientName ? { vr: 'PN', Value: [{ Alphabetic: s.patientName }] } : { vr: 'PN' },
    '00100020': str('LO', s.patientId), '0020000D': str('UI', s.studyInstanceUid), '00200010': str('SH', s.studyId),
    '00201206': num('IS', s.series.length), '00201208': num('IS', s.series.reduce((n, x) => n + x.instances.length, 0)),
  };
}

function seriesJson(s: QidoStudy, se: QidoSeries, urls: RetrieveUrls): DicomJson {
  return {
    '00080060': str('CS', se.modality), '0008103E': str('LO', se.seriesDescription), '00180015': str('CS', se.bodyPartExamined),
    '00081190': str('UR', urls.series(s.studyInstanceUid, se.seriesInstanceUid)), '0020000D': str('UI', s.studyInstanceUid),
    '0020000E': str('UI', se.seriesInstanceUid), '00200011': num('IS', se.seriesNumber), '00201209': num('IS', se.instances.length),
  };
}

function instanceJson(s: QidoStudy, se: QidoSeries, i: QidoInstance, urls: RetrieveUrls): DicomJson {
  return {
    '00080016': str('UI', i.sopClassUid), '00080018': str('UI', i.sopInstanceUid), '00083002': str('UI', i.transferSyntaxUid),
    '00081190': str('UR', urls.instance(s.studyInstanceUid, se.seriesInstanceUid, i.sopInstanceUid)),
    '0020000D': str('UI', s.studyInstanceUid), '0020000E': str('UI', se.seriesInstanceUid), '00200013': num('IS', i.instanceNumber),
    '00280008': num('IS', i.frames), '00280010': num('US', i.rows), '00280011': num('US', i.columns),
  };
}

function sorted(json: DicomJson): DicomJson {
  return Object.fromEntries(Object.entries(json).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function rowsOf(studies: readonly QidoStudy[], level: Level): Row[] {
  if (level === 'study') return studies.map((study) => ({ study }));
  const series = studies.flatMap((study) => study.series.map((s) => ({ study, series: s })));
  return level === 'series' ? series : series.flatMap((r) => r.series.instances.map((instance) => ({ ...r, instance })));
}

/**
 * Answers a QIDO-RS query at `level` over `studies` (already narrowed to the study or series of the path).
 *
 * @example
 * const { matches } = qido(index.studies, 'studies', { ModalitiesInStudy: 'CT', StudyDate: '20200101-' }, urls);
 */
export function qido(studies: readonly QidoStudy[], level: QidoLevel, params: QueryParams, urls: RetrieveUrls, o: { readonly withParents?: boolean } = {}): QidoAnswer {
  const at = LEVEL_OF[level];
  const warnings: string[] = [];
  const tests: ((r: Row) => boolean)[] = [];
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (PARAMETERS.has(key)) continue;
    const keyword = keywordOf(key);
    if (!keyword) throw oncoError('DICOMWEB_BAD_REQUEST', 'A query key is neither a QIDO-RS parameter nor a DICOM attribute keyword or tag.');
    const attr = ATTRS[keyword];
    if (!attr || DEPTH[attr.level] > DEPTH[at]) {
      warnings.push(warning(`The matching key ${keyword} is not supported at this level and was ignored.`));
      continue;
    }
    for (const value of typeof raw === 'string' ? [raw] : raw) if (value !== '' && value !== '*') tests.push(matcher(attr, value));
  }
  for (const field of [params.includefield ?? []].flat().flatMap((f) => f.split(','))) {
    if (field !== '' && field !== 'all' && !keywordOf(field)) throw oncoError('DICOMWEB_BAD_REQUEST', 'An includefield value is not a DICOM attribute keyword or tag.');
  }
  if (single(params, 'fuzzymatching') === 'true') warnings.push(warning('fuzzymatching is not supported and was ignored.'));
  const offset = count(params, 'offset') ?? 0;
  const limit = count(params, 'limit');
  const hits = rowsOf(studies, at).filter((r) => tests.every((t) => t(r)));
  const page = hits.slice(offset, limit === undefined ? undefined : offset + limit);
  const withParents = o.withParents ?? true;
  const matches = page.map((r) => {
    if (at === 'study') return sorted(studyJson(r.study, urls));
    const series = seriesJson(r.study, r.series!, urls);
    const own = at === 'series' ? series : { ...series, ...instanceJson(r.study, r.series!, r.instance!, urls) };
    return sorted(withParents ? { ...studyJson(r.study, urls), ...own } : own);
  });
  return { matches, warnings };
}
