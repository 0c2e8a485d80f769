/**
 * Where the pipeline meets the audit log: who the pipeline is in the log, the release candidate event,
 * and the checkpoint file kept in the data directory (outside the database, so that rewriting the database
 * alone cannot hide an edit: see @oncoatlas/audit's checkpoint).
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { appendAuditEvents, auditTreeHead, formatCheckpoint, parseCheckpoints, setHash, verifyAuditLog, type AuditVerification, type Checkpoint } from '@oncoatlas/audit';
import { replacePrivateFile } from '@oncoatlas/core';
import type { StudyLedger } from '@oncoatlas/store';

export const PIPELINE_ACTOR = 'oncoatlas populate';

export function checkpointFile(dataDir: string): string {
  return join(dataDir, 'audit-checkpoints.jsonl');
}

/** The checkpoints recorded for this data directory; a damaged line is reported, not skipped. */
export function readCheckpoints(dataDir: string): { checkpoints: Checkpoint[]; badLines: number[] } {
  const file = checkpointFile(dataDir);
  return existsSync(file) ? parseCheckpoints(readFileSync(file, 'utf8')) : { checkpoints: [], badLines: [] };
}

/**
 * Appends the current tree head to the checkpoint file unless the last checkpoint already has it. The file
 * is rewritten whole and renamed into place, so a kill -9 leaves the old file or the new one, never half a
 * line (a damaged line would read as tampering).
 */
export async function writeCheckpoint(ledger: StudyLedger, dataDir: string, at: string): Promise<Checkpoint | undefined> {
  const head = await auditTreeHead(ledger);
  const { checkpoints } = readCheckpoints(dataDir);
  const last = checkpoints[checkpoints.length - 1];
  if (head.size === 0 || (last && last.size === head.size && last.root === head.root)) return undefined;
  const cp: Checkpoint = { origin: `oncoatlas ${hostname()}`, at, ...head };
  const file = checkpointFile(dataDir);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  replacePrivateFile(file, `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${formatCheckpoint(cp)}\n`, { flush: true });
  return cp;
}

/**
 * Logs the release candidate: every integrated study with the hash of its released output. Logged only
 * when it differs from the last candidate, so a re-run that changed nothing adds nothing.
 */
export async function logReleaseCandidate(ledger: StudyLedger, run: number, at: string): Promise<boolean> {
  return ledger.transaction(async (l) => {
    const integrated = await l.releasedStudies();
    const contentHash = setHash(integrated.map((s) => `${s.study_key} ${s.output_hash ?? ''}`));
    const last = await l.lastAuditEventOf('RELEASE_CANDIDATE');
    if (last !== undefined && (JSON.parse(last) as { event: { contentHash: string } }).event.contentHash === contentHash) return false;
    const instances = integrated.reduce((n, s) => n + s.released, 0);
    await appendAuditEvents(l, [{ at, actor: PIPELINE_ACTOR, event: { type: 'RELEASE_CANDIDATE', run, studies: integrated.length, instances, contentHash } }]);
    return true;
  });
}

/** Verifies the log of a data directory against the checkpoints kept beside it. */
export async function verifyNodeAudit(ledger: StudyLedger, dataDir: string): Promise<AuditVerification & { badCheckpointLines: number[] }> {
  const { checkpoints, badLines } = readCheckpoints(dataDir);
  return { ...(await verifyAuditLog(ledger, checkpoints)), badCheckpointLines: badLines };
}
