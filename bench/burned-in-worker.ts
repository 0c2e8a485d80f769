/**
 * A worker thread of bench/burned-in.ts (started through burned-in-worker.js): one image at a time, the next
 * asked for when done. Only published entry points are used (@oncoatlas/pipeline, @oncoatlas/dicom).
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { parsePart10 } from '@oncoatlas/dicom';
import { AUTOMATIC_REDACTION_METHOD, identifiersOf, redactHeld, scanInstance, type Box } from '@oncoatlas/pipeline';

/** What the scan found, as kinds and boxes (never text). */
export interface ScanAnswer { readonly outcome: string; readonly findings: { kind: string; box: Box; source: string }[] }
export interface RedactAnswer { readonly written: boolean; readonly verified: boolean | null; readonly remaining: number; readonly changedPixels: number }

export type Task =
  | { readonly kind: 'scan'; readonly source: string }
  | { readonly kind: 'redact'; readonly outRoot: string; readonly heldPath: string; readonly boxes: readonly Box[] }
  | { readonly kind: 'redact-verify'; readonly outRoot: string; readonly heldPath: string; readonly boxes: readonly Box[]; readonly source: string };

async function run(t: Task): Promise<ScanAnswer | RedactAnswer> {
  if (t.kind === 'scan') {
    const s = await scanInstance(readFileSync(t.source));
    return { outcome: s.outcome, findings: s.findings.map((f) => ({ kind: f.kind, box: f.box, source: f.source })) };
  }
  // The verifying OCR looks for the source's identifiers: read from its header, as a reviewer's decision does.
  const ids = t.kind === 'redact-verify' ? identifiersOf(parsePart10(readFileSync(t.source))) : null;
  const r = await redactHeld({ outRoot: t.outRoot, heldPath: t.heldPath, boxes: t.boxes, method: AUTOMATIC_REDACTION_METHOD, cleaned: true, ids });
  return { written: r.written, verified: r.verified, remaining: r.remaining.length, changedPixels: r.changedPixels };
}

parentPort!.on('message', (t: Task) => {
  run(t).then(
    (answer) => parentPort!.postMessage({ ok: true, answer }),
    // The code only: a message could quote a file.
    (err: unknown) => parentPort!.postMessage({ ok: false, code: (err as { code?: string }).code ?? 'INTERNAL' }),
  );
});
// Modules loaded: the main thread starts its clock after this, as populate's own pass runs in a warm process.
parentPort!.postMessage({ ready: true });
