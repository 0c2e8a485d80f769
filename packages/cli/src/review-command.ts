/**
 * `oncoatlas review list|show|approve|reject`: the queue of studies with instances held for possible burned-in
 * text. Studies are named by key and files by their pseudonymous output paths: nothing here identifies anyone.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { decideReview, reviewDetail, writeCheckpoint } from '@oncoatlas/pipeline';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';

type Where = DataDirOptions;

function reviewId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw oncoError('USAGE', 'A review item is named by its number (oncoatlas review list).');
  return n;
}

const common = dataDirOptions;

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
      if (w.json) process.stdout.write(`${JSON.stringify({ id: d.item.id, study: d.item.study_key, kind: d.item.kind, status: d.item.status, held: d.held.map((h) => ({ ...h, file: join(root, h.path) })) })}\n`);
      else {
        process.stdout.write([`Review ${d.item.id}: study ${d.item.study_key}, ${d.item.kind}, ${d.item.status}${d.item.decided_by ? ` by ${d.item.decided_by}: ${d.item.note ?? ''}` : ''}`,
          ...d.held.map((h) => `  ${h.modality ?? '?'}  ${join(root, h.path)}`)].join('\n') + '\n');
      }
      setExit(EXIT.OK);
    });

  for (const [name, approve] of [['approve', true], ['reject', false]] as const) {
    common(review.command(name).argument('<id>', 'review item number')
      .description(approve ? 'Release the held files: they show no identifying text.' : 'Keep the held files out of the release.'))
      .requiredOption('--by <name>', 'who decides (recorded)')
      .requiredOption('--reason <text>', 'why (recorded)')
      .action(async (id: string, w: Where & { by: string; reason: string }) => {
        const at = new Date().toISOString();
        const d = await withWriterLedger(w, `review ${name}`, async (l) => {
          const decided = await decideReview(l, join(resolve(w.dataDir), 'deidentified'), reviewId(id), { approve, by: w.by, why: w.reason, at });
          await writeCheckpoint(l, resolve(w.dataDir), at);
          return decided;
        });
        process.stdout.write(w.json ? `${JSON.stringify({ id: d.item.id, study: d.item.study_key, decision: name, files: d.held.length })}\n`
          : `Review ${d.item.id} (study ${d.item.study_key}): ${approve ? `released ${d.held.length} held file(s)` : `kept ${d.held.length} held file(s) out of the release`}; recorded as decided by ${w.by}.\n`);
        setExit(EXIT.OK);
      });
  }
}
