/**
 * Which OCR'd words are the instance's own identifiers. Scanners burn in what their header holds, in their own
 * spellings (`GARCIA, MARIA` for `GARCIA^MARIA`, `12-Mar-2021` for 20210312), and OCR confuses look-alike
 * characters; both sides are folded to one alphabet and compared with a small edit distance. Pure: no I/O, and
 * a detection carries a kind and a box, never the text (the text would be an identifier in the ledger).
 */
import type { InstanceIdentifiers } from './identifiers.ts';

/** x, y, width, height in pixels of the stored image. */
export type Box = readonly [x: number, y: number, w: number, h: number];
export type DetectionKind = 'name' | 'id' | 'date' | 'institution' | 'text';

export interface Detection {
  readonly kind: DetectionKind;
  readonly box: Box;
  /** 0..1: the OCR's confidence in the words, lowered by each edit the match needed. */
  readonly confidence: number;
}

/** A word as tesseract reads it: `line` groups the words of one text line. */
export interface OcrWord {
  readonly text: string;
  readonly box: Box;
  /** 0..100, tesseract's word confidence. */
  readonly confidence: number;
  readonly line: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const MONTH_NAMES = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
/** Below this confidence (0..100) a short match could be noise OCR'd from speckle, so it needs other evidence. */
const SURE = 60;
/** OCR noise words are short; a string this long matched within one edit is not noise. */
const LONG = 6;

/** Look-alike characters OCR mixes up (O/0, I/1/l/|, S/5, B/8), folded to one of each pair. */
const CONFUSABLE: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1', '|': '1', S: '5', B: '8' };

/** Upper case without accents; `|` (an OCR'd I) kept so it can fold to 1. */
function plain(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
}

const isAlnum = (c: string): boolean => /[A-Z0-9|]/.test(c);
const fold = (c: string): string => CONFUSABLE[c] ?? c;
const folded = (s: string): string => [...plain(s)].filter(isAlnum).map(fold).join('');

/** Edits allowed for a string of n characters: none below 6, one up to 15, two above (long institution names). */
function allowedEdits(n: number): number {
  return n < LONG ? 0 : n < 16 ? 1 : 2;
}

/**
 * The spellings of a DA value (YYYYMMDD) scanners burn in, letters and digits only (separators do not count):
 * 20210312 (also 2021-03-12), 12032021 (12/03/2021, 12.03.2021), 03122021 (US), 12MAR2021 (12-Mar-2021),
 * MAR122021 (Mar 12, 2021), 12MARCH2021, and two-digit years.
 */
export function dateSpellings(da: string): string[] {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da);
  if (!m) return [];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const mon = MONTHS[Number(mo) - 1];
  const spelled = mon ? [`${d}${mon}${y}`, `${mon}${d}${y}`, `${d}${MONTH_NAMES[Number(mo) - 1]}${y}`, `${d}${mon}${y.slice(2)}`] : [];
  const unpadded = d.startsWith('0') && mon ? [`${d.slice(1)}${mon}${y}`, `${mon}${d.slice(1)}${y}`] : [];
  return [...new Set([`${y}${mo}${d}`, `${d}${mo}${y}`, `${mo}${d}${y}`, `${d}${mo}${y.slice(2)}`, `${mo}${d}${y.slice(2)}`, ...spelled, ...unpadded])];
}

/** The parts of Person Name values: components split on ^, and words within them (`GARCIA LOPEZ`, `ANNE-MARIE`). */
function nameParts(names: readonly string[]): string[] {
  return [...new Set(names.flatMap((n) => n.split(/[\^\s,.'-]+/)).map(folded).filter((p) => p.length >= 2))];
}

interface Target {
  readonly kind: Exclude<DetectionKind, 'text'>;
  readonly text: string;
}

function targetsOf(ids: InstanceIdentifiers): Target[] {
  const out: Target[] = [];
  for (const text of nameParts(ids.names)) out.push({ kind: 'name', text });
  for (const v of ids.ids) if (folded(v).length >= 2) out.push({ kind: 'id', text: folded(v) });
  for (const v of ids.dates) for (const s of dateSpellings(v)) out.push({ kind: 'date', text: folded(s) });
  for (const v of ids.institutions) if (folded(v).length >= 3) out.push({ kind: 'institution', text: folded(v) });
  return out;
}

/** One line's letters and digits, folded, each with its word and whether a token starts or ends there. */
interface LineChars {
  readonly chars: string[];
  readonly word: number[];
  readonly starts: boolean[];
  readonly ends: boolean[];
}

/** Tokens are runs of letters or of digits within a word: `ID:PAT004512` holds ID, PAT, 004512. */
function lineChars(words: readonly OcrWord[]): LineChars {
  const out: LineChars = { chars: [], word: [], starts: [], ends: [] };
  const kind = (c: string): string => (/[0-9]/.test(c) ? 'd' : 'a');
  words.forEach((w, wi) => {
    let previous: string | null = null;
    for (const c of plain(w.text)) {
      if (!isAlnum(c)) { previous = null; continue; }
      const start = previous === null || kind(previous) !== kind(c);
      if (start && out.ends.length > 0) out.ends[out.ends.length - 1] = true;
      out.chars.push(fold(c)); out.word.push(wi); out.starts.push(start); out.ends.push(false);
      previous = c;
    }
    if (out.ends.length > 0) out.ends[out.ends.length - 1] = true;
  });
  return out;
}

interface Match {
  readonly target: Target;
  readonly words: readonly number[];
  readonly edits: number;
}

/** Occurrences of `t` in the line that start and end on token boundaries, within the allowed edit distance. */
function occurrences(line: LineChars, target: Target): Match[] {
  const t = target.text;
  const k = allowedEdits(t.length);
  const found: Match[] = [];
  for (let b = 0; b < line.chars.length; b++) {
    if (!line.starts[b]) continue;
    const span = Math.min(line.chars.length - b, t.length + k);
    // Levenshtein distance of t against line[b, b+j), column by column of the line.
    let column = Array.from({ length: t.length + 1 }, (_, i) => i);
    let best: { j: number; d: number } | null = null;
    for (let j = 1; j <= span; j++) {
      const next = [j];
      for (let i = 1; i <= t.length; i++) {
        next[i] = Math.min(column[i]! + 1, next[i - 1]! + 1, column[i - 1]! + (t[i - 1] === line.chars[b + j - 1] ? 0 : 1));
      }
      column = next;
      const d = column[t.length]!;
      if (line.ends[b + j - 1] && d <= k && (best === null || d < best.d)) best = { j, d };
    }
    if (best) found.push({ target, edits: best.d, words: [...new Set(line.word.slice(b, b + best.j))] });
  }
  return found;
}

function union(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b[0]));
  const y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[0] + b[2]));
  const y1 = Math.max(...boxes.map((b) => b[1] + b[3]));
  return [x0, y0, x1 - x0, y1 - y0];
}

const meanConfidence = (words: readonly OcrWord[]): number => words.reduce((s, w) => s + w.confidence, 0) / Math.max(1, words.length);

/** A short match stands alone only when the OCR is sure of it; a name part also when another part is beside it. */
function accepted(m: Match, words: readonly OcrWord[], nameParts: number): boolean {
  if (m.target.text.length >= LONG) return true;
  const conf = meanConfidence(m.words.map((i) => words[i]!));
  if (m.target.kind === 'name') return nameParts >= 2 || (m.target.text.length >= 3 && conf >= SURE);
  return conf >= SURE;
}

/** Words worth a `text` box: sure, and holding a letter or digit (speckle OCR'd as `ee`, `:` is dropped). */
function isText(w: OcrWord): boolean {
  const letters = [...plain(w.text)].filter(isAlnum).length;
  return letters > 0 && w.confidence >= SURE && (letters >= 2 || w.confidence >= 85);
}

/**
 * Detections in OCR'd words: per line, one box per identifier kind found (the words it spans), and one `text`
 * box for the line's other sure words.
 *
 * @example
 * matchWords(words, { names: ['GARCIA^MARIA'], ids: ['PAT004512'], dates: ['20210312'], institutions: [] });
 * // [{ kind: 'name', box: [10, 8, 120, 14], confidence: 0.93 }, ...]
 */
export function matchWords(words: readonly OcrWord[], ids: InstanceIdentifiers): Detection[] {
  const targets = targetsOf(ids);
  const lines = new Map<string, OcrWord[]>();
  for (const w of words) lines.set(w.line, [...(lines.get(w.line) ?? []), w]);
  const out: Detection[] = [];
  for (const lineWords of lines.values()) {
    const chars = lineChars(lineWords);
    const matches = targets.flatMap((t) => occurrences(chars, t));
    const parts = new Set(matches.filter((m) => m.target.kind === 'name').map((m) => m.target.text)).size;
    const kept = matches.filter((m) => accepted(m, lineWords, parts));
    const used = new Set<number>();
    for (const kind of ['name', 'id', 'date', 'institution'] as const) {
      const ofKind = kept.filter((m) => m.target.kind === kind);
      if (ofKind.length === 0) continue;
      const wordIndexes = [...new Set(ofKind.flatMap((m) => m.words))];
      wordIndexes.forEach((i) => used.add(i));
      const edits = Math.min(...ofKind.map((m) => m.edits));
      const confidence = (meanConfidence(wordIndexes.map((i) => lineWords[i]!)) / 100) * (1 - 0.2 * edits);
      out.push({ kind, box: union(wordIndexes.map((i) => lineWords[i]!.box)), confidence: Math.round(confidence * 100) / 100 });
    }
    const rest = lineWords.filter((w, i) => !used.has(i) && isText(w));
    if (rest.length > 0) out.push({ kind: 'text', box: union(rest.map((w) => w.box)), confidence: Math.round(meanConfidence(rest)) / 100 });
  }
  return out;
}
