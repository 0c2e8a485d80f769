/** The review queue's UI contract: items, held images with their OCR findings and decisions. */

export type ReviewStatus = 'pending' | 'approved' | 'rejected';

/** One row of GET /api/review (UI contract; the ledger's review_items). */
export interface ReviewItem {
  readonly id: number;
  readonly study: string;
  readonly kind: string;
  readonly status: ReviewStatus;
  readonly createdAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly held: number;
}

/** Where OCR or a device's template found text in a held image (packages/store PixelFinding); never the text. */
export interface PixelFinding {
  readonly frame: number;
  readonly kind: 'name' | 'id' | 'date' | 'institution' | 'text' | 'zone';
  /** [x, y, width, height] in pixels of the stored image. */
  readonly box: readonly [number, number, number, number];
  readonly confidence: number | null;
  readonly source: 'ocr' | 'template';
}

export type PixelAction = 'release' | 'redact' | 'reject';

/** One image held in a review item (UI contract): still held, or decided with its decision. */
export interface HeldImage {
  readonly index: number;
  readonly modality: string | null;
  readonly path: string;
  readonly scan: { readonly engine: string; readonly outcome: 'found' | 'none' | 'failed'; readonly reason: string | null } | null;
  readonly findings: readonly PixelFinding[];
  readonly decision: {
    readonly action: PixelAction;
    readonly boxes: readonly (readonly [number, number, number, number])[];
    readonly verified: boolean | null;
    readonly by: string;
    readonly at: string;
  } | null;
}

/** GET /api/review/:id (UI contract). */
export interface ReviewDetail extends Omit<ReviewItem, 'held'> {
  readonly note: string | null;
  /** The node's OCR engine (it verifies redactions), null when none is installed. */
  readonly ocr: string | null;
  readonly held: readonly HeldImage[];
}

/** POST /api/review/:id/held/:index/decision (UI contract). */
export interface HeldDecided extends ReviewDetail {
  readonly decided: { readonly index: number; readonly action: PixelAction; readonly verified: boolean | null; readonly verification: 'verified' | 'no-source' | 'no-ocr' | 'not-redacted' };
}
