/**
 * `oncoatlas agreements list|file|path`: the agreements a node has on file. A dataset is published (or
 * reactivated) only while those its onboarding path requires are on file and unexpired: the Data Sharing
 * Agreement and the access conditions on the federated path (the default), the Data Transfer Agreement on the
 * transfer path. Filing keeps the document owner-only under `<data-dir>/agreements/` by its SHA-256.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';

type AgreementStatus = Awaited<ReturnType<typeof import('@oncoatlas/release').agreementStatus>>;

function describe(s: AgreementStatus): string {
  const current = new Map(s.agreements.filter((a) => a.current).map((a) => [a.kind, a]));
  const lines = [`Onboarding path: ${s.path}. Publishing a dataset needs:`];
  for (const k of s.required) {
    const a = current.get(k.id);
    const state = !a ? 'MISSING' : a.status === 'expired' ? `EXPIRED on ${a.validUntil}` : `on file${a.validUntil ? ` until ${a.validUntil}` : ''} (${a.source === 'hub' ? 'accepted at the hub' : `${a.filename}, filed by ${a.filedBy} on ${a.filedAt.slice(0, 10)}`}, sha256 ${a.sha256.slice(0, 12)}…)`;
    lines.push(`  ${k.title} (${k.id}): ${state}`);
  }
  const others = s.agreements.filter((a) => a.current && !s.required.some((k) => k.id === a.kind));
  if (others.length > 0) lines.push('Also on file:', ...others.map((a) => `  ${a.title} (${a.kind})${a.status === 'expired' ? `, EXPIRED on ${a.validUntil}` : ''}`));
  lines.push(s.missing.length === 0 ? 'Every agreement publishing needs is on file.' : `Publishing is refused until ${s.missing.map((k) => k.id).join(', ')} ${s.missing.length === 1 ? 'is' : 'are'} filed: oncoatlas agreements file --kind KIND --file F --by NAME.`);
  return lines.join('\n');
}

export function registerAgreementsCommands(program: Command, setExit: (code: number) => void): void {
  const agreements = program.command('agreements').description('Agreements on file at this node: what publishing a dataset needs (docs/access.md).');

  dataDirOptions(agreements.command('list').description('The onboarding path, the agreements publishing needs, those on file and those missing.'))
    .action(async (f: DataDirOptions) => {
      const { agreementStatus } = await import('@oncoatlas/release');
      const s = await withLedger(f, (l) => agreementStatus(l, new Date()));
      process.stdout.write(`${f.json ? JSON.stringify(s) : describe(s)}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(agreements.command('file').description('File an agreement (a PDF or other document) of a kind: dsa, access-conditions, dta, …'))
    .requiredOption('--kind <kind>', 'the document kind (oncoatlas agreements list names those needed)')
    .requiredOption('--file <file>', 'the signed document')
    .option('--valid-until <date>', 'YYYY-MM-DD: the last day it holds (then publishing is refused again)')
    .requiredOption('--by <name>', 'who files it')
    .action(async (f: DataDirOptions & { kind: string; file: string; validUntil?: string; by: string }) => {
      let bytes: Buffer;
      try {
        if (!statSync(f.file).isFile()) throw new Error('not a file');
        bytes = readFileSync(f.file);
      } catch (err) {
        throw oncoError('USAGE', `--file ${f.file} is not a readable file.`, {}, err);
      }
      const { fileAgreement } = await import('@oncoatlas/release');
      const a = await withWriterLedger(f, 'agreements file', (ledger) => fileAgreement({
        ledger, dataDir: resolve(f.dataDir), kind: f.kind, filename: basename(f.file), bytes, validUntil: f.validUntil, by: f.by, now: () => new Date().toISOString(),
      }));
      process.stdout.write(`${f.json ? JSON.stringify(a) : `Filed ${a.title} (${a.kind}) from ${a.filename}${a.validUntil ? `, valid until ${a.validUntil}` : ''} (sha256 ${a.sha256}).`}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(agreements.command('path').argument('<path>', 'federated (the data stay here) or transfer (to a reference node)').description('Set the node\'s onboarding path, which says which agreements publishing needs.'))
    .action(async (path: string, f: DataDirOptions) => {
      const { agreementStatus, setOnboardingPath } = await import('@oncoatlas/release');
      const s = await withWriterLedger(f, 'agreements path', async (l) => {
        await setOnboardingPath(l, path, new Date().toISOString());
        return agreementStatus(l, new Date());
      });
      process.stdout.write(`${f.json ? JSON.stringify(s) : describe(s)}\n`);
      setExit(EXIT.OK);
    });
}
