/**
 * Burned-in text as scanners write it: which text an instance at risk carries (the patient's name, ID, a date,
 * the institution, in the spellings consoles use, beside annotations that identify no one such as "TIS 0.4"),
 * where it goes (corners, the top band), in which face, size and contrast, and the truth of each rendered
 * string: its box, tight around the ink ±2 px, in stored-image pixels.
 */
import type { ImageModality } from '../catalog.ts';
import type { Random } from '../random.ts';
import type { Frame } from './frame.ts';
import { FONTS, renderText, type FontFace } from './text.ts';

export type BurnedInKind = 'name' | 'id' | 'date' | 'institution' | 'other';
/** [x, y, width, height] in pixels of the stored image. */
export type Box = readonly [number, number, number, number];
export interface BurnedInItem { readonly kind: BurnedInKind; readonly text: string; readonly box: Box }
/** One instance's burned-in text; `path` as in the study's defect paths (under `pacs/`). */
export interface BurnedInTruth { readonly path: string; readonly frame: 1; readonly items: readonly BurnedInItem[] }

/** The identifiers a console may print, as the instance's own header holds them. */
export interface TextSubject {
  readonly family: string;
  readonly given: string;
  readonly secondFamily: string;
  readonly id: string;
  readonly accession: string;
  readonly birthDate: string; // YYYYMMDD
  readonly studyDate: string; // YYYYMMDD
  readonly institution: string;
}

/** Ink per contrast, one value per sample, in stored units of the frame it is burned into. */
export interface Inks { readonly bright: readonly number[]; readonly grey: readonly number[]; readonly low: readonly number[] }

type Slot = 'tl' | 'tr' | 'bl' | 'br' | 'tc';
interface Segment { readonly kind: BurnedInKind; readonly text: string }
interface Line { readonly slot: Slot; readonly segments: readonly Segment[] }

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const stripAccents = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** The date spellings consoles use: 20210312, 12/03/2021, 12.03.2021, 2021-03-12, 12-Mar-2021. */
export function dateSpelling(da: string, r: Random): string {
  const [y, m, d] = [da.slice(0, 4), da.slice(4, 6), da.slice(6, 8)];
  return r.pick([da, `${d}/${m}/${y}`, `${d}.${m}.${y}`, `${y}-${m}-${d}`, `${d}-${MONTHS[Number(m) - 1]}-${y}`]);
}

/** The name as the header spells it (family^given), shown as "GARCIA, MARIA", "MARIA GARCIA" or "GARCIA^MARIA". */
export function nameSpelling(s: TextSubject, r: Random): string {
  const family = r.chance(0.3) && s.secondFamily ? `${s.family} ${s.secondFamily}` : s.family;
  const text = r.pick([`${family}, ${s.given}`, `${s.given} ${family}`, `${s.family}^${s.given}`, `${family} ${s.given}`]);
  const cased = r.chance(0.7) ? text.toUpperCase() : text;
  return r.chance(0.5) ? stripAccents(cased) : cased;
}

function idSpelling(s: TextSubject, r: Random): string {
  return r.chance(0.8) ? s.id : s.accession;
}

function institutionSpelling(s: TextSubject, r: Random): string {
  return r.pick([s.institution, stripAccents(s.institution).toUpperCase()]);
}

/** Annotations that identify no one, so a detector's precision can be measured. */
const OTHER: Partial<Record<ImageModality, readonly string[]>> = {
  US: ['TIS 0.4', 'TIB 0.2', 'MI 1.1', 'MI 0.8', '5 cm', '4.0 cm', '27 Hz', 'Gn 52', 'DR 60', 'L', 'R', 'BREAST R', 'MAMA IZQ', 'B-mode', 'L12-5', '12L-RS'],
  MG: ['R CC', 'L CC', 'R MLO', 'L MLO', 'kV 29', 'mAs 84', 'AGD 1.3 mGy'],
  CR: ['PA', 'L', 'R', 'LAT', 'ERECT', 'kVp 125', 'S 240'],
  DX: ['PA', 'L', 'R', 'LAT', 'EI 410', 'DAP 0.12'],
};

function others(m: ImageModality, r: Random, min: number, max: number): Segment[] {
  const pool = [...(OTHER[m] ?? ['L'])];
  const out: Segment[] = [];
  for (let n = r.int(min, max); n > 0 && pool.length > 0; n--) out.push({ kind: 'other', text: pool.splice(r.int(0, pool.length - 1), 1)[0]! });
  return out;
}

/** Identifier lines of a console header, each a slot of its own or stacked in the same corner. */
function identifierLines(s: TextSubject, r: Random, slots: readonly Slot[], p: { institution: number; name: number; id: number; date: number }): Line[] {
  const lines: Line[] = [];
  const slot = (): Slot => r.pick(slots);
  if (r.chance(p.institution)) lines.push({ slot: slot(), segments: [{ kind: 'institution', text: institutionSpelling(s, r) }] });
  if (r.chance(p.name)) lines.push({ slot: slot(), segments: [{ kind: 'name', text: nameSpelling(s, r) }] });
  if (r.chance(p.id)) lines.push({ slot: slot(), segments: [{ kind: 'id', text: idSpelling(s, r) }] });
  if (r.chance(p.date)) lines.push({ slot: slot(), segments: [{ kind: 'date', text: dateSpelling(r.chance(0.8) ? s.studyDate : s.birthDate, r) }] });
  if (lines.length === 0) lines.push({ slot: slot(), segments: [{ kind: 'name', text: nameSpelling(s, r) }] });
  return lines;
}

/** A CT dose report screen: the header with the patient, then the dose table (no identifiers there). */
function doseScreen(s: TextSubject, r: Random, identified: boolean): Line[] {
  const lines: Line[] = [{ slot: 'tl', segments: [{ kind: 'other', text: r.pick(['Dose Report', 'Dose Info', 'Patient Protocol']) }] }];
  if (identified) {
    if (r.chance(0.6)) lines.push({ slot: 'tl', segments: [{ kind: 'institution', text: institutionSpelling(s, r) }] });
    lines.push({ slot: 'tl', segments: [{ kind: 'other', text: 'Patient:' }, { kind: 'name', text: nameSpelling(s, r) }] });
    if (r.chance(0.9)) lines.push({ slot: 'tl', segments: [{ kind: 'other', text: 'ID:' }, { kind: 'id', text: idSpelling(s, r) }] });
    if (r.chance(0.9)) lines.push({ slot: 'tl', segments: [{ kind: 'other', text: 'Exam date:' }, { kind: 'date', text: dateSpelling(s.studyDate, r) }] });
  }
  lines.push({ slot: 'tl', segments: [{ kind: 'other', text: 'Series  Type     CTDIvol  DLP' }] });
  let total = 0;
  for (let n = 1, rows = r.int(2, 4); n <= rows; n++) {
    const ctdi = n === 1 ? 0.1 * r.int(1, 9) : 0.01 * r.int(400, 2200);
    const dlp = n === 1 ? 0.1 * r.int(5, 40) : ctdi * r.int(25, 60);
    total += dlp;
    lines.push({ slot: 'tl', segments: [{ kind: 'other', text: `${n}  ${n === 1 ? 'Scout  ' : 'Helical'}  ${ctdi.toFixed(2)}  ${dlp.toFixed(1)}` }] });
  }
  lines.push({ slot: 'tl', segments: [{ kind: 'other', text: `Total DLP: ${total.toFixed(1)} mGy-cm` }] });
  if (r.chance(0.5)) lines.push({ slot: 'bl', segments: [{ kind: 'other', text: `Phantom: Body 32 cm` }] });
  return lines;
}

/**
 * The text an instance at risk carries: US images flagged YES and dose screens mostly show identifiers (some
 * flagged YES show none, as in real archives); US images flagged NO carry annotations only; a share of MG, CR
 * and DX carry identifiers although flagged NO (the case rules alone miss). Other modalities carry none.
 */
export function planText(m: ImageModality, flaggedYes: boolean, s: TextSubject, r: Random): Line[] {
  const u = r.next();
  switch (m) {
    case 'US':
      if (!flaggedYes) return u < 0.8 ? [{ slot: r.pick(['br', 'tr'] as const), segments: others(m, r, 1, 3) }] : [];
      if (u < 0.85) return [...identifierLines(s, r, ['tl', 'tr', 'tc'], { institution: 0.5, name: 0.95, id: 0.85, date: 0.85 }), { slot: r.pick(['br', 'bl'] as const), segments: others(m, r, 1, 3) }];
      return u < 0.93 ? [{ slot: 'br', segments: others(m, r, 1, 3) }] : [];
    case 'SC': return doseScreen(s, r, u < 0.92);
    case 'MG': case 'CR': case 'DX':
      if (u < 0.2) return [...identifierLines(s, r, ['tl', 'tr'], { institution: 0.4, name: 0.7, id: 0.6, date: 0.7 }), { slot: 'bl', segments: others(m, r, 1, 1) }];
      return u < 0.7 ? [{ slot: r.pick(['tr', 'tl'] as const), segments: others(m, r, 1, 1) }] : [];
    default: return [];
  }
}

/** Whether instances of this modality are at risk of burned-in text (and get a truth entry, text or not). */
export const AT_RISK: ReadonlySet<ImageModality> = new Set(['US', 'SC', 'MG', 'CR', 'DX']);

/** Blends `lines` into `f` and returns what was rendered with its box; a line that would not fit is left out. */
export function burnText(f: Frame, lines: readonly Line[], inks: Inks, r: Random): BurnedInItem[] {
  const face = r.pick(Object.keys(FONTS) as FontFace[]);
  const base = r.int(12, 32);
  const contrast = r.weighted([['bright', 60], ['grey', 25], ['low', 15]] as const);
  const ink = inks[contrast];
  const margin = Math.max(4, Math.round(Math.min(f.rows, f.cols) * 0.012));
  const cursor: Record<Slot, number> = { tl: margin, tr: margin, tc: margin, bl: f.rows - margin, br: f.rows - margin };
  const taken: Box[] = [];
  const items: BurnedInItem[] = [];
  for (const line of lines) {
    const text = line.segments.map((s) => s.text).join('  ');
    // Shrink a line that would not fit the width at this size (a long institution name on a narrow frame).
    const size = Math.max(12, Math.min(base, Math.floor((f.cols - 2 * margin) / (0.62 * Math.max(1, text.length)))));
    const masks = line.segments.map((s) => renderText(s.text, face, size));
    const gap = Math.round(size * 0.8);
    const width = masks.reduce((w, m) => w + m.width, 0) + gap * (masks.length - 1);
    const height = Math.max(...masks.map((m) => m.height));
    const top = line.slot.startsWith('t');
    const step = Math.max(height, size) + Math.round(size * 0.45);
    // A line that collides with another corner's text moves on to the next line position (up to 3 times).
    let boxes: Box[] = [];
    for (let attempt = 0; attempt < 4; attempt++, cursor[line.slot] += top ? step : -step) {
      let x = line.slot.endsWith('l') ? margin : line.slot === 'tc' ? Math.round((f.cols - width) / 2) : f.cols - margin - width;
      const y = top ? cursor[line.slot] : cursor[line.slot] - height;
      boxes = masks.map((m) => { const b: Box = [x - 2, y - 2, m.width + 4, m.height + 4]; x += m.width + gap; return b; });
      if (boxes.every((b) => inside(b, f) && taken.every((t) => !overlaps(b, t)))) break;
      boxes = [];
    }
    if (boxes.length === 0) continue;
    masks.forEach((m, i) => {
      const b = boxes[i]!;
      blend(f, m.coverage, m.width, m.height, b[0] + 2, b[1] + 2, ink);
      items.push({ kind: line.segments[i]!.kind, text: line.segments[i]!.text, box: b });
      taken.push(b);
    });
    cursor[line.slot] += top ? step : -step;
  }
  return items;
}

const inside = (b: Box, f: Frame): boolean => b[0] >= 0 && b[1] >= 0 && b[0] + b[2] <= f.cols && b[1] + b[3] <= f.rows;
const overlaps = (a: Box, b: Box): boolean => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

function blend(f: Frame, coverage: Float32Array, w: number, h: number, x0: number, y0: number, ink: readonly number[]): void {
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = coverage[y * w + x]!;
      if (c === 0) continue;
      const at = ((y0 + y) * f.cols + x0 + x) * f.samples;
      for (let s = 0; s < f.samples; s++) f.data[at + s] = f.data[at + s]! * (1 - c) + ink[s]! * c;
    }
  }
}
