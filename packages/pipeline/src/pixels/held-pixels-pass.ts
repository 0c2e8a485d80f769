/**
 * The burned-in text pass over what a de-identification run wrote: each instance it held for review is OCR'd
 * from its SOURCE file (whose header still names the patient, so OCR knows what to look for). Under the Clean
 * Pixel Data option the instances of text-prone modalities it released by the rules (BurnedInAnnotation NO, often
 * wrong) are OCR'd too, and held when one of their identifiers is read; then each held instance is redacted where
 * OCR found text and where its device draws text, and OCR'd again: only an image in which none of its identifiers
 * is read any more is released. Anything else stays held, with its findings, for a reviewer. Files are written
 * before the caller commits; redaction and OCR are deterministic, so a re-run after a kill writes the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { renameSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { appendAuditEvents, type NewAuditEvent } from '@oncoatlas/audit';
import { oncoError, privateDir } from '@oncoatlas/core';
import { findElement, parsePart10, stringAt, uint16Value } from '@oncoatlas/dicom';
import type { PixelFinding, StudyLedger } from '@oncoatlas/store';
import { TESSERACT } from '../ocr/tesseract.ts';
import type { Box } from '../redaction/redact-instance.ts';
import type { TextZone } from '../redaction/text-zones.ts';
import { ocrEngine, scanInstance, type PixelScan } from './pixel-scan.ts';
import { heldPathOf, isHeldPath } from './held-path.ts';
import { redactHeld } from './redact-held.ts';
import { AUTOMATIC_REDACTION_METHOD } from './redaction-method.ts';

export { AUTOMATIC_REDACTION_METHOD } from './redaction-method.ts';

/** The reason of an instance the rules released and OCR held: the code the de-identifier holds images with. */
export const OCR_HOLD_REASON = 'DEID_BURNED_IN_RISK: OCR read one of the instance\'s identifiers in its pixels';

/**
 * Modalities whose images commonly carry burned-in text whatever BurnedInAnnotation says (ultrasound, screen
 * captures, projection radiography, mammography, angiography, endoscopy and photographs).
 */
export const TEXT_PRONE_MODALITIES: ReadonlySet<string> = new Set(['US', 'IVUS', 'SC', 'OT', 'CR', 'DX', 'MG', 'XA', 'RF', 'ES', 'XC', 'GM']);

export interface PixelCandidate {
  readonly key: string;
  readonly study: string;
  /** The source file (identified header): what OCR matches against. */
  readonly sourcePath: string;
  /** Its output under the root: `_review/...` when held, else the released path (looked at under `clean` only). */
  readonly outputPath: string;
  /** The modality as the ledger knows it; read from the source when absent. */
  readonly modality?: string | null;
}

export interface HeldPixelsOptions {
  readonly outRoot: string;
  /** Redact and release what OCR verifies clean (the Clean Pixel Data option); also OCR released text-prone images. */
  readonly clean: boolean;
  /** Images at a time (tesseract runs one thread each); default: the cores. */
  readonly jobs?: number;
  readonly tesseract?: string;
  readonly zones?: readonly TextZone[];
  readonly signal?: AbortSignal;
  /** Called as each image has been looked at (scanned, and redacted under `clean`). */
  readonly onScanned?: (n: number) => void;
}

export interface HeldPixelsResult {
  readonly instance: PixelCandidate;
  readonly engine: string;
  readonly scan: Omit<PixelScan, 'ids'>;
  /** Set when an image the rules released was held because OCR read one of its identifiers (and not released again). */
  readonly heldPath?: string;
  /** Set when the Clean Pixel Data option released a verified redaction. */
  readonly released?: { readonly path: string; readonly sha256: string; readonly boxes: readonly Box[] };
}

/** Whether the pass looks at a candidate: every held one; a released one under `clean` when its modality is text-prone. */
export function isPixelCandidate(outputPath: string, modality: string | null | undefined, clean: boolean): boolean {
  if (isHeldPath(outputPath)) return true;
  return clean && (modality === undefined || TEXT_PRONE_MODALITIES.has((modality ?? '').trim().toUpperCase()));
}

/**
 * OCR_UNAVAILABLE unless the OCR engine answers; its name otherwise. Called before any work by what needs OCR
 * (the Clean Pixel Data option): a run that cannot redact must not start and hold everything silently.
 */
export function requireOcr(tesseract: string = TESSERACT): string {
  const engine = ocrEngine(tesseract);
  if (engine === null) {
    throw oncoError('OCR_UNAVAILABLE', 'The Clean Pixel Data option needs OCR to find and verify burned-in text, and tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-eng, or run without --option clean-pixel-data (images at risk are then held for review).', { tool: tesseract });
  }
  return engine;
}

/** At most `width` of `f` at a time, results in input order. */
async function inParallel<T, R>(xs: readonly T[], width: number, f: (x: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, xs.length)) }, async () => {
    while (next < xs.length) {
      if (signal?.aborted) throw oncoError('INTERRUPTED', 'The burned-in text pass was interrupted.');
      const i = next++;
      out[i] = await f(xs[i]!);
    }
  }));
  return out;
}

/** Boxes to blank: every OCR finding (identifiers and other text alike: a console line mixes them) and every device zone. */
function boxesOf(findings: readonly PixelFinding[]): Box[] {
  return findings.map((f) => [...f.box] as unknown as Box);
}

/** Moves a released output under `_review/`, as the de-identifier holds what it finds at risk. */
function hold(outRoot: string, path: string): string {
  const held = heldPathOf(path);
  privateDir(dirname(join(outRoot, held)));
  renameSync(join(outRoot, path), join(outRoot, held));
  return held;
}

async function passOne(c: PixelCandidate, engine: string, o: HeldPixelsOptions): Promise<HeldPixelsResult | null> {
  let source: Uint8Array;
  try {
    source = await readFile(c.sourcePath);
  } catch {
    return { instance: c, engine, scan: { outcome: 'failed', reason: 'IO_FAILED', findings: [] } };
  }
  const released = !isHeldPath(c.outputPath);
  if (released && c.modality === undefined && !isPixelCandidate(c.outputPath, modalityOf(source), o.clean)) return null;
  if (tooSmallForText(source)) return null;
  const { ids, ...scan } = await scanInstance(source, { ...(o.tesseract ? { tesseract: o.tesseract } : {}), ...(o.zones ? { zones: o.zones } : {}) });
  // An image the rules released stays released unless OCR reads one of its identifiers.
  if (released && scan.outcome !== 'found') return { instance: c, engine, scan };
  const heldPath = released ? hold(o.outRoot, c.outputPath) : c.outputPath;
  const moved = released ? { heldPath } : {};
  const boxes = boxesOf(scan.findings);
  // No box means nothing was seen to clean: the rules' hold stands and a reviewer looks.
  if (!o.clean || scan.outcome === 'failed' || !ids || boxes.length === 0) return { instance: c, engine, scan, ...moved };
  try {
    const r = await redactHeld({ outRoot: o.outRoot, heldPath, boxes, method: AUTOMATIC_REDACTION_METHOD, cleaned: true, ids, ...(o.tesseract ? { tesseract: o.tesseract } : {}) });
    if (r.written && r.verified === true && r.sha256) return { instance: c, engine, scan, released: { path: r.releasedPath, sha256: r.sha256, boxes } };
    // Where OCR still read an identifier after the redaction: the reviewer sees those boxes too.
    const more: PixelFinding[] = r.remaining.map((x) => ({ frame: 1, kind: x.kind as PixelFinding['kind'], box: x.box, confidence: null, source: 'ocr' }));
    return { instance: c, engine, scan: { ...scan, outcome: 'found', findings: [...scan.findings, ...more] }, ...moved };
  } catch {
    // REDACTION_UNSUPPORTED (a codec not re-encoded losslessly) and the like: held, with its findings.
    return { instance: c, engine, scan, ...moved };
  }
}

/**
 * Below this many pixels on its longer side an image cannot carry legible text (a console's smallest font is
 * some 7 px high, and a name needs a line of it): not worth an OCR run. No scanner writes such images; the
 * synthetic hospital's `small` pixels do, by the thousand. The rules' hold stands for them, without findings.
 */
const MIN_TEXT_SIDE = 64;

function tooSmallForText(source: Uint8Array): boolean {
  try {
    const f = parsePart10(source);
    const side = (tag: number): number => {
      const el = findElement(f.dataset, tag);
      return el && el.items === null ? uint16Value(f.buffer, el, f.dataset.syntax.littleEndian) ?? 0 : 0;
    };
    const [rows, columns] = [side(0x00280010), side(0x00280011)];
    return rows > 0 && columns > 0 && Math.max(rows, columns) < MIN_TEXT_SIDE;
  } catch {
    return false;
  }
}

function modalityOf(source: Uint8Array): string | null {
  try {
    const f = parsePart10(source);
    return stringAt(f.buffer, f.dataset, 0x00080060)?.trim() ?? null;
  } catch {
    return null;
  }
}

/**
 * Scans (and under `clean`, redacts) the candidates (isPixelCandidate), `jobs` at a time. Nothing is recorded
 * here: the caller writes the results with its chunk (recordHeldPixels). Empty when OCR is not installed: the
 * rules' holds stand.
 */
export async function passHeldPixels(candidates: readonly PixelCandidate[], o: HeldPixelsOptions): Promise<HeldPixelsResult[]> {
  const engine = ocrEngine(o.tesseract);
  if (engine === null) {
    if (o.clean) requireOcr(o.tesseract);
    return [];
  }
  const looked = candidates.filter((c) => isPixelCandidate(c.outputPath, c.modality, o.clean));
  return (await inParallel(looked, o.jobs ?? availableParallelism(), async (c) => {
    const r = await passOne(c, engine, o);
    if (r !== null) o.onScanned?.(1);
    return r;
  }, o.signal)).filter((r) => r !== null);
}

/**
 * The pass's rows in the caller's transaction: one `pixel_scans` row per scanned instance and, for each one the
 * option released, a `pixel_decisions` row (no review item, decided by `actor`) and a PIXELS_DECIDED event.
 */
export async function recordHeldPixels(l: StudyLedger, results: readonly HeldPixelsResult[], at: string, actor: string): Promise<void> {
  if (results.length === 0) return;
  await l.pixels.putScans(results.map((r) => ({
    source_key: r.instance.key, study_key: r.instance.study, engine: r.engine, outcome: r.scan.outcome, reason: r.scan.reason, findings: r.scan.findings, scanned_at: at,
  })));
  const events: NewAuditEvent[] = [];
  for (const r of results) {
    if (!r.released) continue;
    await l.pixels.putAutomaticDecision({
      source_key: r.instance.key, study_key: r.instance.study, item_id: null, action: 'redact', method: AUTOMATIC_REDACTION_METHOD, boxes: r.released.boxes,
      verified: 1, decided_by: actor, decided_at: at, note: null, output_sha256: r.released.sha256,
    });
    events.push({ at, actor, event: { type: 'PIXELS_DECIDED', study: r.instance.study, path: heldPathOf(r.released.path), action: 'redact', boxes: r.released.boxes.length, verified: true, contentHash: r.released.sha256 } });
  }
  if (events.length > 0) await appendAuditEvents(l, events);
}
