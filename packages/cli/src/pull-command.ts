/**
 * `oncoatlas pull <source> --into DIR`: brings instances from a PACS into a local inbox — from a DICOMweb
 * server (incremental with --state), a CD's DICOMDIR, or a folder export. Credentials come from files, never
 * from the command line (other users of the machine can read command lines).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXIT, normalizeError, oncoError } from '@oncoatlas/core';
import { startCounter } from './progress.ts';
import { Inbox, isDicomwebLocation, loadSyncState, saveSyncState, sourceAt, type DicomwebAuth, type StudySource, type SyncState } from '@oncoatlas/sources';

interface PullFlags {
  into: string;
  state?: string;
  user?: string;
  passwordFile?: string;
  tokenFile?: string;
  study: string[];
  query: string[];
  json?: boolean;
  progress: boolean;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function secretFrom(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw oncoError('CONFIG_INVALID', `The ${what} file could not be read; check --${what}-file.`, {}, err);
  }
}

function auth(f: PullFlags): DicomwebAuth | undefined {
  if (f.tokenFile) return { bearerToken: secretFrom(f.tokenFile, 'token') };
  if (f.user) {
    if (!f.passwordFile) throw oncoError('USAGE', '--user needs --password-file (a password on the command line is visible to other users).');
    return { username: f.user, password: secretFrom(f.passwordFile, 'password') };
  }
  return undefined;
}

async function openSource(location: string, f: PullFlags): Promise<{ source: StudySource; state?: SyncState }> {
  if (!isDicomwebLocation(location)) {
    if (f.state) throw oncoError('USAGE', '--state applies to DICOMweb sources only.');
    return { source: sourceAt(location) };
  }
  const query = Object.fromEntries(f.query.map((q) => {
    const at = q.indexOf('=');
    if (at < 1) throw oncoError('USAGE', '--query takes KEY=VALUE, e.g. ModalitiesInStudy=CT.');
    return [q.slice(0, at), q.slice(at + 1)];
  }));
  const state = f.state ? await loadSyncState(f.state) : undefined;
  const a = auth(f);
  return { source: sourceAt(location, { ...(a ? { auth: a } : {}), studies: f.study, query, ...(state ? { state } : {}) }), ...(state ? { state } : {}) };
}

export async function pull(sourceArg: string, f: PullFlags): Promise<number> {
  const { source, state } = await openSource(sourceArg, f);
  const inbox = new Inbox(f.into);
  const counts = { stored: 0, replaced: 0, rejected: 0, problems: 0, bytes: 0 };
  const reasons: Record<string, number> = {};
  const counter = f.progress && !f.json ? startCounter('pull') : undefined;
  const line = (): string => `${counts.stored} instances, ${(counts.bytes / 1e6).toFixed(0)} MB, ${counts.rejected + counts.problems} problems`;
  const started = performance.now();
  let sinceSave = 0;
  for await (const item of source.items()) {
    if (item.kind === 'problem') {
      counts.problems++;
      reasons[item.error.code] = (reasons[item.error.code] ?? 0) + 1;
      continue;
    }
    let outcome;
    try {
      outcome = await inbox.store(item.content);
    } catch (err) {
      const e = normalizeError(err);
      counts.problems++;
      reasons[e.code] = (reasons[e.code] ?? 0) + 1;
      continue;
    }
    if (outcome.status === 'stored') { counts.stored++; if (outcome.replaced) counts.replaced++; } else {
      counts.rejected++;
      reasons[outcome.error.code] = (reasons[outcome.error.code] ?? 0) + 1;
    }
    counts.bytes += outcome.bytes;
    // Save the sync state as we go, so an interrupted pull resumes where it stopped.
    if (state && f.state && ++sinceSave >= 50) { await saveSyncState(f.state, state); sinceSave = 0; }
    counter?.update(line());
  }
  if (state && f.state) await saveSyncState(f.state, state);
  counter?.stop(line());
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (f.json) process.stdout.write(`${JSON.stringify({ into: f.into, seconds, ...counts, reasons })}\n`);
  else {
    const lines = [`Pulled ${counts.stored} instances (${(counts.bytes / 1e6).toFixed(1)} MB) into ${f.into} in ${seconds} s${counts.replaced ? `; ${counts.replaced} replaced an earlier copy` : ''}.`];
    if (counts.rejected) lines.push(`  rejected (kept under ${f.into}/_rejected with the reason): ${counts.rejected}`);
    if (counts.problems) lines.push(`  problems: ${counts.problems}`);
    for (const [code, n] of Object.entries(reasons)) lines.push(`    ${code}: ${n}`);
    if (state) lines.push(`  sync state: ${f.state} (the next pull fetches only what is new)`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return counts.rejected + counts.problems > 0 ? EXIT.PARTIAL : EXIT.OK;
}

export function registerPullCommand(program: Command, setExit: (code: number) => void): void {
  program.command('pull')
    .description('Bring instances from a DICOMweb server, a DICOMDIR or a folder export into a local inbox (STUDY/SOP.dcm).')
    .argument('<source>', 'DICOMweb root URL (e.g. http://pacs:8042/dicom-web), a DICOMDIR file, or a folder')
    .requiredOption('--into <dir>', 'inbox folder; files appear only when complete')
    .option('--state <file>', 'DICOMweb: remember what was taken, so the next pull fetches only what is new')
    .option('--user <name>', 'DICOMweb basic-auth user (with --password-file)')
    .option('--password-file <file>', 'file holding the DICOMweb password')
    .option('--token-file <file>', 'file holding a DICOMweb bearer token')
    .option('--study <uid>', 'DICOMweb: only this study, repeatable', collect, [])
    .option('--query <key=value>', 'DICOMweb: QIDO-RS filter, repeatable (e.g. ModalitiesInStudy=CT, StudyDate=20200101-20201231)', collect, [])
    .option('--json', 'print the summary as one JSON line')
    .option('--no-progress', 'no progress line')
    .action(async (source: string, f: PullFlags) => setExit(await pull(source, f)));
}
