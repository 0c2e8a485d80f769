/** Tables of burned-in text (migration 010-pixel-findings): OCR scans and per-instance decisions. */

/** Where OCR looked and what it found: `findings` is a JSON array of PixelFinding (boxes and kinds, never text). */
export interface PixelScansTable {
  source_key: string;
  study_key: string;
  /** e.g. `tesseract 5.3.0`. */
  engine: string;
  /** `found`: at least one of the instance's identifiers; `none`: no identifier (other text may be listed); `failed`: not readable (reason). */
  outcome: PixelScanOutcome;
  reason: string | null;
  /** How many findings are identifiers (kind other than `text`). */
  identifiers: number;
  findings: string;
  scanned_at: string;
}

export type PixelScanOutcome = 'found' | 'none' | 'failed';

/** One region of burned-in text; `box` is [x, y, w, h] in stored-image pixels. */
export interface PixelFinding {
  readonly frame: number;
  readonly kind: 'name' | 'id' | 'date' | 'institution' | 'text' | 'zone';
  readonly box: readonly [number, number, number, number];
  /** 0..1 for OCR findings; null for a device's text zone. */
  readonly confidence: number | null;
  readonly source: 'ocr' | 'template';
}

export type PixelAction = 'release' | 'redact' | 'reject';

/** What became of an instance held for burned-in text; `boxes` is a JSON array of [x, y, w, h] (redact only). */
export interface PixelDecisionsTable {
  source_key: string;
  study_key: string;
  /** The review item it was decided in; null when the Clean Pixel Data option redacted it during populate. */
  item_id: number | null;
  action: PixelAction;
  /** As written to De-identification Method (0012,0063) when redacted. */
  method: string | null;
  boxes: string;
  /** OCR of the redacted pixels: 1 found no identifier, 0 found one, null not checked (no OCR engine). */
  verified: number | null;
  decided_by: string;
  decided_at: string;
  note: string | null;
  output_sha256: string | null;
}
