import { isUtf8 } from 'node:buffer';
import { oncoError } from '@oncoatlas/core';

/*
 * Hospital exports arrive in whatever the exporting program used: UTF-8 from modern systems, UTF-8 with a
 * BOM or UTF-16LE ("Unicode text") from Excel, and Windows-1252 from Excel's plain "CSV" on Spanish and
 * Catalan Windows. Files carry no declaration, so we decide from the bytes: a BOM is authoritative, bytes
 * that are valid UTF-8 are almost never meant as anything else (Windows-1252 accents followed by exactly the
 * right continuation bytes are vanishingly rare in real text), and everything else is Windows-1252, which is
 * a superset of Latin-1's printable range and decodes every byte.
 */

export interface DetectedEncoding {
  /** A WHATWG encoding label TextDecoder accepts. */
  readonly encoding: string;
  /** Length of the byte-order mark to skip (0 when there is none). */
  readonly bom: number;
}

export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const utf16 = bomlessUtf16(bytes);
  if (utf16) return { encoding: utf16, bom: 0 };
  if (isUtf8(bytes)) return { encoding: 'utf-8', bom: 0 };
  return { encoding: 'windows-1252', bom: 0 };
}

/**
 * Database tools sometimes write UTF-16 without a BOM. Latin text then has a zero in every other byte, on the
 * odd side for little-endian; binary files rarely show so regular a pattern, and the binary check after
 * decoding catches the ones that do.
 */
function bomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.min(bytes.length, 4096) >> 1;
  if (pairs < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  if (oddZero >= pairs * 0.9 && evenZero <= pairs * 0.1) return 'utf-16le';
  if (evenZero >= pairs * 0.9 && oddZero <= pairs * 0.1) return 'utf-16be';
  return undefined;
}

export interface DecodedText {
  readonly text: string;
  readonly encoding: string;
}

/** Decodes a text table, refusing bytes that are not text at all (an XLSX or PDF renamed to .csv, say). */
export function decodeClinicalText(bytes: Uint8Array, file: string): DecodedText {
  const { encoding, bom } = detectEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bom));
  } catch (err) {
    // Only UTF-16 can fail here (odd length, lone surrogate): the BOM promised text the bytes do not hold.
    throw oncoError('CLINICAL_UNREADABLE', `${file} starts with a ${encoding} byte-order mark but is not valid ${encoding} text; re-export it as UTF-8 CSV or XLSX.`,
      { file, encoding }, err);
  }
  if (looksBinary(text)) {
    throw oncoError('CLINICAL_UNREADABLE', `${file} is not a text table (it holds binary data); re-export it as UTF-8 CSV or XLSX.`,
      { file, encoding });
  }
  return { text, encoding };
}

const BINARY_SAMPLE = 65536;

/**
 * Text tables hold no NUL and almost no other C0 controls. Tab, line breaks, form feed, vertical tab (Excel
 * on macOS writes it for a line break inside a cell) and SUB (the DOS end-of-file mark) are tolerated.
 */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, BINARY_SAMPLE);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1a) controls++;
  }
  return controls > 0 && controls >= n * 0.02;
}
