import type { DatePolicy } from './options.ts';

const DAY_MS = 86_400_000;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** Parses YYYYMMDD (also the legacy YYYY.MM.DD of ACR-NEMA); undefined when not a real calendar date. */
export function parseDicomDate(s: string): Date | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const date = new Date(t);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date;
}

function formatDicomDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
}

/**
 * One DA value under a date policy. Returns undefined when the value cannot be transformed safely (not a
 * real date): the caller then empties it rather than keep something it could not interpret.
 */
export function transformDate(value: string, policy: DatePolicy, shiftDays: number): string | undefined {
  const d = parseDicomDate(value.trim());
  if (!d) return undefined;
  switch (policy) {
    case 'shift': return formatDicomDate(new Date(d.getTime() - shiftDays * DAY_MS));
    case 'year-month': return `${formatDicomDate(d).slice(0, 6)}01`;
    case 'remove': return undefined;
  }
}

/** A DT value: the date part is transformed, the time and offset are kept (the EUCAIM rule keeps times). */
export function transformDateTime(value: string, policy: DatePolicy, shiftDays: number): string | undefined {
  const v = value.trim();
  if (v.length < 8) return undefined;
  const date = transformDate(v.slice(0, 8), policy, shiftDays);
  return date === undefined ? undefined : date + v.slice(8);
}

/** Multi-valued DA/DT values are transformed one by one; any untransformable value empties the whole. */
export function transformDateValues(raw: string, vr: 'DA' | 'DT', policy: DatePolicy, shiftDays: number): string | undefined {
  const parts = raw.split('\\');
  const out: string[] = [];
  for (const p of parts) {
    if (p.trim() === '') { out.push(''); continue; }
    const t = vr === 'DA' ? transformDate(p, policy, shiftDays) : transformDateTime(p, policy, shiftDays);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out.join('\\');
}

/** Other spellings of a date found in free text (reports, comments), used to find and redact it. */
export function dateSpellings(yyyymmdd: string): string[] {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return [];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return [`${y}-${mo}-${d}`, `${d}/${mo}/${y}`, `${d}.${mo}.${y}`, `${d}-${mo}-${y}`, `${y}/${mo}/${d}`];
}
