/**
 * A federated job's combined result, from each node's released files: a table (CSV, TSV) that every node wrote
 * with the same header becomes one table with a leading `node` column; any other file stays one per node. Pure.
 */

export interface NodeFiles {
  /** How the node is named in the combined tables (unique among the job's targets). */
  readonly label: string;
  readonly files: readonly { readonly path: string; readonly base64: string }[];
}

export interface CombinedFile {
  readonly name: string;
  /** The node's label, for a file kept per node; absent on a combined table. */
  readonly node?: string;
  readonly contentType: string;
  /** Text files as text, others as base64: exactly one of the two. */
  readonly text?: string;
  readonly base64?: string;
}

const TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8', tsv: 'text/tab-separated-values; charset=utf-8', txt: 'text/plain; charset=utf-8', log: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8', json: 'application/json', png: 'image/png', svg: 'image/svg+xml', pdf: 'application/pdf',
};

export function contentTypeOf(name: string): string {
  return TYPES[/\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

const separatorOf = (name: string): string | undefined => (/\.csv$/i.test(name) ? ',' : /\.tsv$/i.test(name) ? '\t' : undefined);
const isText = (type: string): boolean => type.startsWith('text/') || type === 'application/json' || type === 'image/svg+xml';

/** Splits a table into records at line ends outside quotes (a quoted field may hold a newline). */
export function tableRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      records.push(text.slice(start, i > start && text[i - 1] === '\r' ? i - 1 : i));
      start = i + 1;
    }
  }
  if (start < text.length) records.push(text.slice(start).replace(/\r$/, ''));
  return records.filter((r) => r !== '');
}

/** A value as one field of a table with this separator, quoted when it must be. */
export function tableField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function decode(base64: string): string {
  return Buffer.from(base64, 'base64').toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * @example
 * combineResults([{ label: 'A', files: [{ path: 'n.csv', base64: btoa('k,n\nx,7\n') }] }, { label: 'B', files: [{ path: 'n.csv', base64: btoa('k,n\nx,9\n') }] }])
 * // [{ name: 'n.csv', contentType: 'text/csv; charset=utf-8', text: 'node,k,n\nA,x,7\nB,x,9\n' }]
 */
export function combineResults(nodes: readonly NodeFiles[]): CombinedFile[] {
  const names = [...new Set(nodes.flatMap((n) => n.files.map((f) => f.path)))].sort();
  const out: CombinedFile[] = [];
  for (const name of names) {
    const type = contentTypeOf(name);
    const copies = nodes.flatMap((n) => n.files.filter((f) => f.path === name).map((f) => ({ label: n.label, base64: f.base64 })));
    const sep = separatorOf(name);
    if (sep !== undefined) {
      const tables = copies.map((c) => ({ label: c.label, records: tableRecords(decode(c.base64)) }));
      const header = tables[0]?.records[0];
      if (header !== undefined && tables.every((t) => t.records[0] === header)) {
        const lines = [`node${sep}${header}`, ...tables.flatMap((t) => t.records.slice(1).map((r) => `${tableField(t.label, sep)}${sep}${r}`))];
        out.push({ name, contentType: type, text: `${lines.join('\n')}\n` });
        continue;
      }
    }
    for (const c of copies) out.push({ name, node: c.label, contentType: type, ...(isText(type) ? { text: decode(c.base64) } : { base64: c.base64 }) });
  }
  return out;
}
