/**
 * The burned-in text scan of one instance held for it: OCR of frame 1 matched against the instance's own
 * identifiers (read from the SOURCE header, before de-identification removed them), plus the text zones its
 * device is known to draw in. Findings carry kinds and boxes only; the identifiers stay in the process, for
 * the caller to verify a redaction with.
 */
import { spawnSync } from 'node:child_process';
import { normalizeError } from '@oncoatlas/core';
import { findElement, parsePart10, stringAt, uint16Value, type DicomFile } from '@oncoatlas/dicom';
import type { PixelFinding } from '@oncoatlas/store';
import { detectBurnedIn } from '../ocr/detect-burned-in.ts';
import { identifiersOf, type InstanceIdentifiers } from '../ocr/identifiers.ts';
import { TESSERACT } from '../ocr/tesseract.ts';
import { templateZones, type TextZone } from '../redaction/text-zones.ts';

export interface PixelScan {
  /** `found`: OCR read one of the instance's identifiers; `none`: it read none; `failed`: the frame could not be read (`reason`). */
  readonly outcome: 'found' | 'none' | 'failed';
  /** An error code when failed (never a message: it could quote the file). */
  readonly reason: string | null;
  readonly findings: PixelFinding[];
  /** The source header's identifiers, null when the file could not be parsed. */
  readonly ids: InstanceIdentifiers | null;
}

export interface ScanOptions {
  readonly tesseract?: string;
  /** The device text zones in force (default: the shipped ones). */
  readonly zones?: readonly TextZone[];
}

const MANUFACTURER = 0x00080070;
const MODEL = 0x00081090;
const ROWS = 0x00280010;
const COLUMNS = 0x00280011;

/** The text zones of the instance's device, as findings. */
export function zoneFindings(f: DicomFile, zones?: readonly TextZone[]): PixelFinding[] {
  const ds = f.dataset;
  const us = (t: number): number => {
    const el = findElement(ds, t);
    return el && el.items === null ? uint16Value(f.buffer, el, ds.syntax.littleEndian) ?? 0 : 0;
  };
  const text = (t: number): string => (stringAt(f.buffer, ds, t) ?? '').trim();
  const [rows, columns] = [us(ROWS), us(COLUMNS)];
  if (rows === 0 || columns === 0) return [];
  return templateZones(text(MANUFACTURER), text(MODEL), rows, columns, zones)
    .map((box) => ({ frame: 1, kind: 'zone', box, confidence: null, source: 'template' }));
}

/**
 * OCR of one instance's frame 1 against its own identifiers, plus its device's text zones. `source` = bytes
 * of the SOURCE file (identified header). Never throws for a file it cannot read: the outcome says `failed`
 * with the error code, and the zones found from the header still count.
 *
 * @example
 * const scan = await scanInstance(readFileSync(sourcePath));
 * const boxes = scan.findings.map((f) => f.box);
 */
export async function scanInstance(source: Uint8Array, o: ScanOptions = {}): Promise<PixelScan> {
  let f: DicomFile;
  try {
    f = parsePart10(source);
  } catch (err) {
    return { outcome: 'failed', reason: normalizeError(err).code, findings: [], ids: null };
  }
  const ids = identifiersOf(f);
  const zones = zoneFindings(f, o.zones);
  try {
    // Thorough: the boxes found here are what gets blanked, so every line counts, not only the first identifier.
    const detections = await detectBurnedIn(source, ids, { thorough: true, ...(o.tesseract ? { tesseract: o.tesseract } : {}) });
    const ocr: PixelFinding[] = detections.map((d) => ({ frame: 1, kind: d.kind, box: d.box, confidence: Math.round(d.confidence * 1000) / 1000, source: 'ocr' }));
    return { outcome: ocr.some((d) => d.kind !== 'text') ? 'found' : 'none', reason: null, findings: [...ocr, ...zones], ids };
  } catch (err) {
    return { outcome: 'failed', reason: normalizeError(err).code, findings: zones, ids };
  }
}

const engines = new Map<string, string | null>();

/** 'tesseract 5.3.0' or null when not installed (cached). */
export function ocrEngine(tesseract: string = TESSERACT): string | null {
  if (!engines.has(tesseract)) {
    const r = spawnSync(tesseract, ['--version'], { encoding: 'utf8' });
    // Older builds print the version on stderr.
    const first = r.status === 0 ? `${r.stdout ?? ''}\n${r.stderr ?? ''}`.split('\n').map((l) => l.trim()).find((l) => /^tesseract\s+v?\d/i.test(l)) : undefined;
    engines.set(tesseract, r.status === 0 ? first ?? 'tesseract' : null);
  }
  return engines.get(tesseract)!;
}
