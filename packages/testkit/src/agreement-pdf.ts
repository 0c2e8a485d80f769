/**
 * Small synthetic agreements for tests and demos: a one-page PDF saying what it stands for, and the
 * `oncoatlas agreements file` commands that put the ones publishing needs (federated path: the Data Sharing
 * Agreement and the access conditions) on file at a node. No real party signs anything here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A valid one-page PDF 1.4 with one line of text (its cross-reference offsets computed). */
export function syntheticPdf(text: string): Buffer {
  const safe = text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const stream = `BT /F1 14 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The kinds publishing needs on the federated path (a node's default), with the title of their synthetic PDF. */
export const PUBLICATION_AGREEMENTS = [
  { kind: 'dsa', title: 'SYNTHETIC Data Sharing Agreement - test only, no real party' },
  { kind: 'access-conditions', title: 'SYNTHETIC access conditions - test only' },
] as const;

/**
 * Writes the synthetic agreements into `dir` and returns the CLI argument lists that file them at the node of
 * `dataDir` (run each with `oncoatlas`), so that its datasets can be published.
 */
export function agreementFilings(dir: string, dataDir: string, by = 'steward'): string[][] {
  mkdirSync(dir, { recursive: true });
  return PUBLICATION_AGREEMENTS.map(({ kind, title }) => {
    const file = join(dir, `${kind}.pdf`);
    writeFileSync(file, syntheticPdf(title));
    return ['agreements', 'file', '--data-dir', dataDir, '--kind', kind, '--file', file, '--by', by];
  });
}
