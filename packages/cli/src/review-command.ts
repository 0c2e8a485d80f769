/**
 * `oncoatlas review list|show|decide|approve|reject`: the queue of studies with instances held for possible
 * burned-in text, what OCR found in each held image (boxes and kinds, never the text), and the decisions: per
 * image (decide: release, redact boxes, reject) or for a whole item (approve, reject). Studies are named by
 * key and files by their pseudonymous output paths: nothing here identifies anyone.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, isOncoAtlasError, oncoError } from '@oncoatlas/core';
import { decideHeldInstance, decideReview, ocrEngine, reviewDetail, writeCheckpoint, type HeldInstance, type Verification } from '@oncoatlas/pipeline';
import { SourcePathKeys } from '@oncoatlas/store';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';
import { readSiteSecret } from './secret.ts';

type Where = DataDirOptions;

function reviewId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw oncoError('USAGE', 'A review item is named by its number (oncoatlas review list).');
  return n;
}

const common = dataDirOptions;

const boxText = (b: readonly number[]): string => b.join(',');

/** One held image as a steward reads it: where, what OCR found (counts by kind, boxes) and what was decided. */
function heldLines(h: HeldInstance, root: string): string[] {
  const file = h.file === null ? '(rejected: removed)' : join(root, h.file);
  const lines = [`  [${h.index}] ${h.modality ?? '?'}  ${file}`];
  if (!h.scan) lines.push('      not scanned by OCR');
  else if (h.scan.outcome === 'failed') lines.push(`      OCR failed (${h.scan.reason ?? 'unknown'})`);
  const counts = new Map<string, number>();
  for (const f of h.findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  if (h.findings.length > 0) {
    lines.push(`      found: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
    lines.push(`      boxes (x,y,w,h): ${h.findings.map((f) => `${f.kind}${f.source === 'template' ? ' (device zone)' : ''} ${boxText(f.box)}`).join('; ')}`);
  } else if (h.scan && h.scan.outcome !== 'failed') lines.push('      found: no text');
  const d = h.decision;
  lines.push(d ? `      decided: ${d.action}${d.action === 'redact' ? ` ${d.boxes.map(boxText).join(' ')}${d.verified === true ? ', verified by OCR' : d.verified === null ? ', not verified' : ''}` : ''} by ${d.by} at ${d.at}` : '      decided: not yet');
  return lines;
}

const VERIFICATION: Readonly<Record<Verification, string>> = {
  'verified': 'OCR of the redacted pixels reads none of the instance\'s identifiers',
  'no-source': 'not verified: the source file cannot be read any more',
  'no-ocr': 'not verified: no OCR engine on this machine (apt-get install tesseract-ocr tesseract-ocr-eng)',
  'not-redacted': '',
};

function parseInstance(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw oncoError('USAGE', 'An image of a review item is named by its index (oncoatlas review show ID lists them, from 0).');
  return n;
}

/** `--box x,y,w,h` as given; checked (whole pixels inside the image) when the image is read: REDACTION_INVALID_BOX. */
const collectBox = (v: string, all: number[][] = []): number[][] => [...all, v.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x)))];

export function registerReviewCommands(program: Command, setExit: (code: number) => void): void {
  const review = program.command('review').description('Studies held for possible burned-in text: look, then approve or reject, saying who and why.');

  common(review.command('list').description('Open review items.')).action(async (w: Where) => {
    const items = await withLedger(w, (l) => l.pendingReviews());
    if (w.json) process.stdout.write(`${JSON.stringify(items.map((i) => ({ id: i.id, study: i.study_key, kind: i.kind, created: i.created_at })))}\n`);
    else process.stdout.write(items.length === 0 ? 'No open review items.\n' : `${items.map((i) => `${String(i.id).padStart(5)}  ${i.study_key}  ${i.kind}  since ${i.created_at}`).join('\n')}\n`);
    setExit(EXIT.OK);
  });

  common(review.command('show').argument('<id>', 'review item number').description('The held files of a review item, to open in a viewer.'))
    .action(async (id: string, w: Where) => {
      const d = await withLedger(w, (l) => reviewDetail(l, reviewId(id)));
      const root = join(resolve(w.dataDir), 'deidentified');
      if (w.json) {
        const held = d.held.map(({ sourceKey: _node, ...h }) => ({ ...h, file: h.file === null ? null : join(root, h.file) }));
        process.stdout.write(`${JSON.stringify({ id: d.item.id, study: d.item.study_key, kind: d.item.kind, status: d.item.status, ocr: ocrEngine(), held })}\n`);
      } else {
        process.stdout.write([`Review ${d.item.id}: study ${d.item.study_key}, ${d.item.kind}, ${d.item.status}${d.item.decided_by ? ` by ${d.item.decided_by}: ${d.item.note ?? ''}` : ''}`,
          ...d.held.flatMap((h) => heldLines(h, root))].join('\n') + '\n');
      }
      setExit(EXIT.OK);
    });

  common(review.command('decide').argument('<id>', 'review item number')
    .description('Decide one held image: release it as it is, redact boxes and release it, or reject it. Final.'))
    .requiredOption('--instance <n>', 'the image\'s index in the item (review show lists them, from 0)')
    .option('--release', 'release the image as it is')
    .option('--redact', 'blank the --box regions in every frame, then release the image')
    .option('--reject', 'keep the image out of the release (its held file is removed)')
    .option('--box <x,y,w,h>', 'a region to blank, in whole pixels of the stored image (repeat for several)', collectBox)
    .option('--secret-file <file>', 'the site secret populate used: the source file is then read to verify by OCR that the redaction leaves none of the patient\'s identifiers')
    .requiredOption('--by <name>', 'who decides (recorded)')
    .requiredOption('--reason <text>', 'why (recorded)')
    .action(async (id: string, w: Where & { instance: string; release?: boolean; redact?: boolean; reject?: boolean; box?: number[][]; secretFile?: string; by: string; reason: string }) => {
      const actions = (['release', 'redact', 'reject'] as const).filter((a) => w[a]);
      if (actions.length !== 1) throw oncoError('USAGE', 'Give exactly one of --release, --redact (with --box) or --reject.');
      const action = actions[0]!;
      if (action !== 'redact' && w.box) throw oncoError('USAGE', '--box goes with --redact only.');
      const index = parseInstance(w.instance);
      let sourcePaths: SourcePathKeys | undefined;
      if (w.secretFile) {
        const secret = readSiteSecret(w.secretFile);
        for (const warning of secret.warnings) process.stderr.write(`warning: ${warning}\n`);
        sourcePaths = SourcePathKeys.fromSiteSecret(secret.bytes);
      }
      const at = new Date().toISOString();
      const r = await withWriterLedger(w, 'review decide', async (l) => {
        try {
          const decided = await decideHeldInstance(l, join(resolve(w.dataDir), 'deidentified'), reviewId(id), index, {
            action, by: w.by, why: w.reason, at, ...(action === 'redact' ? { boxes: w.box ?? [] } : {}), ...(sourcePaths ? { sourcePaths } : {}),
          });
          await writeCheckpoint(l, resolve(w.dataDir), at);
          return decided;
        } catch (err) {
          // Where OCR still reads an identifier: boxes and kinds, to draw the next boxes with.
          if (isOncoAtlasError(err, 'REDACTION_INCOMPLETE')) {
            const remaining = JSON.parse(String(err.details.remaining ?? '[]')) as { kind: string; box: number[] }[];
            process.stderr.write(`still read (kind x,y,w,h): ${remaining.map((x) => `${x.kind} ${boxText(x.box)}`).join('; ')}\n`);
          }
          throw err;
        }
      });
      const item = r.detail.item;
      const h = r.detail.held[index]!;
      if (w.json) {
        process.stdout.write(`${JSON.stringify({ id: item.id, study: item.study_key, instance: index, action, verified: r.verified, verification: r.verification, item: item.status, file: h.file === null ? null : join(resolve(w.dataDir), 'deidentified', h.file) })}\n`);
      } else {
        const file = h.file === null ? '' : join(resolve(w.dataDir), 'deidentified', h.file);
        const done = action === 'release' ? `released ${file}` : action === 'redact' ? `redacted ${h.decision?.boxes.length ?? 0} box(es) and released ${file}` : 'rejected (held file removed)';
        process.stdout.write([`Review ${item.id} image ${index}: ${done}; recorded as decided by ${w.by}.`,
          ...(VERIFICATION[r.verification] ? [`  ${VERIFICATION[r.verification]}.`] : []),
          item.status === 'pending' ? `  ${r.detail.held.filter((x) => !x.decision).length} image(s) of the item still wait for a decision.` : `  Every image of the item is decided: the item is ${item.status}.`].join('\n') + '\n');
      }
      setExit(EXIT.OK);
    });

  for (const [name, approve] of [['approve', true], ['reject', false]] as const) {
    common(review.command(name).argument('<id>', 'review item number')
      .description(approve ? 'Release every image still held: they show no identifying text.' : 'Keep every image still held out of the release (their held files are removed).'))
      .requiredOption('--by <name>', 'who decides (recorded)')
      .requiredOption('--reason <text>', 'why (recorded)')
      .action(async (id: string, w: Where & { by: string; reason: string }) => {
        const at = new Date().toISOString();
        const d = await withWriterLedger(w, `review ${name}`, async (l) => {
          const decided = await decideReview(l, join(resolve(w.dataDir), 'deidentified'), reviewId(id), { approve, by: w.by, why: w.reason, at });
          await writeCheckpoint(l, resolve(w.dataDir), at);
          return decided;
        });
        // The images decided one by one before keep their decisions; this one covers the rest.
        const files = d.held.filter((h) => h.decision === null).length;
        process.stdout.write(w.json ? `${JSON.stringify({ id: d.item.id, study: d.item.study_key, decision: name, files })}\n`
          : `Review ${d.item.id} (study ${d.item.study_key}): ${approve ? `released ${files} held file(s)` : `removed ${files} held file(s), kept out of the release`}; recorded as decided by ${w.by}.\n`);
        setExit(EXIT.OK);
      });
  }
}
