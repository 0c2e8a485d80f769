/**
 * Finds identifying values of an input instance inside output bytes, at token boundaries, case-insensitively
 * for ASCII letters. Tokens are runs of letters, digits and non-ASCII bytes; each needle is indexed by its
 * longest token, so one pass over the output with a hash per token finds every candidate. This is why a
 * header with fifty needles costs about as much to check as to copy (a naive indexOf per needle did not).
 */

export type NeedleKind = 'name' | 'id' | 'uid' | 'date' | 'text';

export interface Needle {
  /**
   * Raw value bytes as encoded in the instance (a view of the input, not a copy: an index lives only while
   * its instance is processed). Compared with ASCII letters lowered.
   */
  readonly bytes: Uint8Array;
  readonly kind: NeedleKind;
  /** Keyword of the attribute the value came from: what a report may say (never the value). */
  readonly source: string;
  readonly anchorOffset: number;
  readonly anchorHash: number;
}

export interface Hit {
  readonly needle: Needle;
  readonly start: number;
  readonly end: number;
}

const MIN_ANCHOR = 3;

function isWord(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80;
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

function isUidChar(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2e;
}

/** Minimum length in bytes for a value to be searched: shorter values match by chance. */
const MIN_LENGTH: Record<NeedleKind, number> = { name: 3, id: 3, uid: 8, date: 8, text: 8 };

export class NeedleIndex {
  private readonly byAnchor = new Map<number, Needle[]>();
  count = 0;

  /** Adds a value; returns false when it is too short or has no token long enough to be searched for. */
  add(raw: Uint8Array, kind: NeedleKind, source: string): boolean {
    let s = 0;
    let e = raw.length;
    while (s < e && (raw[s] === 0x20 || raw[s] === 0x00)) s++;
    while (e > s && (raw[e - 1] === 0x20 || raw[e - 1] === 0x00)) e--;
    if (e - s < MIN_LENGTH[kind]) return false;
    const bytes = s === 0 && e === raw.length ? raw : raw.subarray(s, e);
    // The longest token anchors the search.
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < bytes.length; ) {
      if (!isWord(bytes[i]!)) { i++; continue; }
      let j = i;
      while (j < bytes.length && isWord(bytes[j]!)) j++;
      if (j - i > bestLen) { bestLen = j - i; bestStart = i; }
      i = j;
    }
    if (bestLen < MIN_ANCHOR) return false;
    let h = 0x811c9dc5;
    for (let i = bestStart; i < bestStart + bestLen; i++) h = Math.imul(h ^ lower(bytes[i]!), 16777619);
    const needle: Needle = { bytes, kind, source, anchorOffset: bestStart, anchorHash: h >>> 0 };
    const list = this.byAnchor.get(needle.anchorHash);
    if (list) {
      // The same value seen again (a date in ten elements): one needle is enough.
      for (const n of list) if (n.kind === kind && sameBytes(n.bytes, bytes)) return true;
      list.push(needle);
    } else this.byAnchor.set(needle.anchorHash, [needle]);
    this.count++;
    return true;
  }

  /** Calls `onHit` for every needle found in buf[start, end); stops early when it returns true. */
  scan(buf: Uint8Array, start: number, end: number, onHit: (hit: Hit) => boolean | void): void {
    if (this.count === 0) return;
    this.search(buf, start, end, false, onHit);
  }

  /**
   * The first needle found in buf[start, end), if any; with `namesDatesUids`, only a name, date or UID counts.
   * Without a callback: verification asks this of every element, and a closure per element was garbage.
   */
  first(buf: Uint8Array, start: number, end: number, namesDatesUids = false): Hit | undefined {
    if (this.count === 0) return undefined;
    return this.search(buf, start, end, namesDatesUids, undefined);
  }

  private search(buf: Uint8Array, start: number, end: number, namesDatesUids: boolean, onHit: ((hit: Hit) => boolean | void) | undefined): Hit | undefined {
    let i = start;
    while (i < end) {
      if (!isWord(buf[i]!)) { i++; continue; }
      const ts = i;
      let h = 0x811c9dc5;
      while (i < end && isWord(buf[i]!)) { h = Math.imul(h ^ lower(buf[i]!), 16777619); i++; }
      if (i - ts < MIN_ANCHOR) continue;
      const list = this.byAnchor.get(h >>> 0);
      if (!list) continue;
      for (const n of list) {
        const ms = ts - n.anchorOffset;
        const me = ms + n.bytes.length;
        if (ms < start || me > end || !matches(buf, ms, n.bytes) || !bounded(buf, ms, me, start, end, n.kind)) continue;
        if (namesDatesUids && (n.kind === 'text' || n.kind === 'id')) continue;
        const hit = { needle: n, start: ms, end: me };
        if (onHit === undefined || onHit(hit) === true) return hit;
      }
    }
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (lower(a[i]!) !== lower(b[i]!)) return false;
  return true;
}

function matches(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let k = 0; k < needle.length; k++) if (lower(buf[at + k]!) !== lower(needle[k]!)) return false;
  return true;
}

/** A match counts only as a whole token run: 'ANA' is not found in 'ANATOMY', a UID not inside a longer one. */
function bounded(buf: Uint8Array, s: number, e: number, lo: number, hi: number, kind: NeedleKind): boolean {
  const before = s > lo ? buf[s - 1]! : 0x20;
  const after = e < hi ? buf[e]! : 0x20;
  if (kind === 'uid' || kind === 'date') return !isUidChar(before) && !isUidChar(after) && !isWord(before) && !isWord(after);
  return !isWord(before) && !isWord(after);
}
