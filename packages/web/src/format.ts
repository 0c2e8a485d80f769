/**
 * How numbers, sizes, shares and times read in the UI. One locale for all pages (en-GB, as the CLI prints),
 * so a figure on the screen matches the same figure in the dossier and the terminal.
 */
const LOCALE = 'en-GB';

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toLocaleString(LOCALE));

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v.toLocaleString(LOCALE, { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

/** A probability or share (0..1) as a percentage with enough digits to tell small risks apart. */
export function pct(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '—';
  const p = share * 100;
  return `${p.toLocaleString(LOCALE, { maximumFractionDigits: p !== 0 && Math.abs(p) < 1 ? 2 : 1 })} %`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
}

export function duration(fromIso: string, toIso: string | null): string {
  const ms = (toIso ? new Date(toIso).getTime() : Date.now()) - new Date(fromIso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Counts as [label, n] pairs, largest first, for charts and tables. */
export function sortedCounts(c: Record<string, number> | null | undefined): [string, number][] {
  return Object.entries(c ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export const sum = (c: Record<string, number> | null | undefined): number => Object.values(c ?? {}).reduce((a, b) => a + b, 0);

/** `burned_in` -> `burned in`: the API's codes read as words without inventing new names for them. */
export const words = (code: string): string => code.replace(/[_-]+/g, ' ');
