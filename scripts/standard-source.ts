import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The revision of the DICOM standard our generated tables come from, and where it is published as JSON. */
export const STANDARD_REVISION = '2024b';
export const STANDARD_COMMIT = '7f4749d09ed3ef2fa70637d376d423a4b13523cd';
export const STANDARD_REPOSITORY = 'https://github.com/innolitics/dicom-standard';

/**
 * Reads one JSON file of innolitics/dicom-standard: the vendored copy, or (with `--download` on the command
 * line) the file at the pinned commit. Either way its SHA-256 must match, so a table can only be rebuilt
 * from exactly the source it was generated from; a newer revision means new hashes, reviewed on purpose.
 */
export async function loadStandardJson(vendoredPath: string, name: string, sha256: string): Promise<unknown> {
  let bytes: Buffer;
  if (process.argv.includes('--download')) {
    const url = `https://raw.githubusercontent.com/innolitics/dicom-standard/${STANDARD_COMMIT}/standard/${name}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`Download of ${url} failed: HTTP ${res.status}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } else {
    bytes = readFileSync(vendoredPath);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) throw new Error(`${name}: SHA-256 ${actual} is not the expected ${sha256}`);
  return JSON.parse(bytes.toString('utf8'));
}

/** '(60XX,3000)' -> mask and value; plain tags get mask 0xFFFFFFFF. */
export function tagPattern(text: string): { mask: number; value: number } {
  const m = /^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$/i.exec(text.trim());
  if (!m) throw new Error(`Unrecognised tag ${text}`);
  const digits = (m[1]! + m[2]!).toUpperCase();
  let mask = 0;
  let value = 0;
  for (const ch of digits) {
    mask = mask * 16 + (ch === 'X' ? 0 : 15);
    value = value * 16 + (ch === 'X' ? 0 : parseInt(ch, 16));
  }
  return { mask: mask >>> 0, value: value >>> 0 };
}
