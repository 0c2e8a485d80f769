/**
 * Small HTML and number-formatting helpers of the dossier. Every function that takes text from the data
 * escapes it, so a section never has to remember to.
 */

/**
 * Escapes the five characters that matter in element content and quoted attribute values. Written here
 * rather than taken from a library: it is five characters, and the dossier must not depend on a package
 * whose behaviour could change under it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A fragment of HTML that is already safe, so helpers can tell it from text that still needs escaping. */
export interface Html {
  readonly html: string;
}

export function raw(html: string): Html {
  return { html };
}

export type Cell = string | number | Html;

/** Text is escaped, numbers get thousands separators, Html passes through. */
export function cell(value: Cell): string {
  if (typeof value === 'number') return formatInt(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.html;
}

export function code(text: string): Html {
  return raw(`<code>${escapeHtml(text)}</code>`);
}

// Fixed locale, not the machine's: the dossier must read the same on every hospital's server.
const INT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const PERCENT = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
const DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

export function formatInt(n: number): string {
  return Number.isFinite(n) ? INT.format(n) : String(n);
}

export function formatDecimal(n: number): string {
  return Number.isFinite(n) ? DECIMAL.format(n) : String(n);
}

/**
 * A probability or share as a percentage. A tiny non-zero risk is shown as "< 0.01 %" rather than rounded
 * to "0.0 %": a reader must never be told a risk is nil when it is not.
 */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return String(share);
  const percent = share * 100;
  if (percent > 0 && percent < 0.01) return '< 0.01 %';
  return `${PERCENT.format(percent)} %`;
}

const UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units, as disk vendors and transfer agreements count; the exact byte count is given beside it. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${formatInt(bytes)} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: value < 10 ? 2 : 1 }).format(value)} ${UNITS[unit]}`;
}

/**
 * An ISO timestamp as "2025-03-14 09:12:05 UTC". Parsed and re-printed in UTC so that the reader's time
 * zone never changes what the document says; a value that does not parse is shown as it was given.
 */
export function formatTimestamp(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)} UTC`;
}

/** Up to this many rows a table is kept on one page; see `table.keep` in the stylesheet. */
const KEEP_ROWS = 12;

/** A timestamp that never wraps inside a narrow table column. */
export function stamp(iso: string): Html {
  return raw(`<span class="nowrap">${escapeHtml(formatTimestamp(iso))}</span>`);
}

/** A command line that wraps between its arguments only, never inside `--option` at a hyphen. */
export function commandLine(text: string): Html {
  return raw(`<code>${text.split(/\s+/).filter(Boolean).map((w) => `<span class="nowrap">${escapeHtml(w)}</span>`).join(' ')}</code>`);
}

export function table(headers: readonly Cell[], rows: readonly (readonly Cell[])[], options: { numeric?: readonly number[]; className?: string } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const td = (tag: 'th' | 'td', value: Cell, i: number): string => `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${cell(value)}</${tag}>`;
  const head = `<thead><tr>${headers.map((h, i) => td('th', h, i)).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((v, i) => td('td', v, i)).join('')}</tr>`).join('')}</tbody>`;
  const classes = [...(options.className ? [options.className] : []), ...(rows.length <= KEEP_ROWS ? ['keep'] : [])];
  return `<table${classes.length > 0 ? ` class="${escapeHtml(classes.join(' '))}"` : ''}>${head}${body}</table>`;
}

/** A two-column table of labelled facts: the shape a reader scans fastest. */
export function facts(rows: readonly (readonly [string, Cell])[]): string {
  return `<table class="facts${rows.length <= KEEP_ROWS ? ' keep' : ''}"><tbody>${rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${cell(value)}</td></tr>`).join('')}</tbody></table>`;
}

/** Entries of a count record, largest first then by name, so two dossiers of one dataset compare line by line. */
export function sortedCounts(counts: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}
