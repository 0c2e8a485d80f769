/**
 * `oncoatlas audit verify|head|show|prove|checkpoint`: the node's tamper-evident log. `verify` is what an
 * auditor or a cron job runs; `prove` gives the inclusion and consistency proofs the hub asks for.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { auditTreeHead, proveConsistency, proveInclusion, type AuditEnvelope, type ReadContent } from '@oncoatlas/audit';
import { EXIT, oncoError } from '@oncoatlas/core';
import { verifyNodeAudit, writeCheckpoint } from '@oncoatlas/pipeline';
import { dataDirOptions, withLedger, type DataDirOptions } from './data-dir-options.ts';

function count(v: string, what: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw oncoError('USAGE', `${what} must be a whole number, not "${v}".`);
  return n;
}

function readSummary(c: ReadContent): string {
  switch (c.kind) {
    case 'REVIEW_PREVIEW': return `read: preview of review ${c.item} held image ${c.index} (study ${c.study})`;
    case 'DATASET_DOSSIER': return `read: dossier.${c.format} of dataset ${c.datasetId} v${c.version}`;
    case 'FUNNEL_STUDIES': return `read: funnel studies list (${c.studies} stud${c.studies === 1 ? 'y' : 'ies'})`;
  }
}

function summary(e: AuditEnvelope): string {
  const ev = e.event;
  switch (ev.type) {
    case 'FILES_INDEXED': return `${ev.files} file(s) indexed, ${ev.rejected} rejected (run ${ev.run})`;
    case 'STUDIES_TRANSITIONED': return `${ev.studies.length} stud${ev.studies.length === 1 ? 'y' : 'ies'} at ${ev.stage} (run ${ev.run})`;
    case 'REVIEW_DECIDED': return `review ${ev.item} of ${ev.study}: ${ev.decision}`;
    case 'PIXELS_DECIDED': return `${ev.item === undefined ? 'clean pixel data' : `review ${ev.item}`} of ${ev.study}: ${ev.action} ${ev.path}${ev.boxes ? ` (${ev.boxes} box${ev.boxes === 1 ? '' : 'es'}${ev.verified === undefined ? '' : ev.verified ? ', OCR found no identifier after' : ', OCR still found an identifier'})` : ''}`;
    case 'RELEASE_CANDIDATE': return `${ev.studies} studies, ${ev.instances} instances (run ${ev.run})`;
    case 'CLINICAL_HARMONISED': return `CDM extract replaced: ${Object.values(ev.records).reduce((a, b) => a + b, 0)} record(s) from ${ev.rows.kept} kept row(s), ${ev.rows.excluded} excluded (run ${ev.run})`;
    case 'RISK_OVERRIDDEN': return `dataset ${ev.datasetId} released above the risk threshold (${ev.failures.length} failed check(s))`;
    case 'RUN_STARTED': return `${ev.command} run ${ev.run} started`;
    case 'CONTENT_READ': return readSummary(ev.content);
    case 'CREATE_DATASET': return `dataset ${ev.datasetId}, ${ev.resources.length} resource(s)`;
    case 'UPDATE_DATASET': return `dataset ${ev.datasetId}: ${ev.details}`;
    case 'USE_DATASETS': return `${ev.datasetsIds.join(', ')} with ${ev.toolName} ${ev.toolVersion}`;
    case 'JOB_REVIEWED': return `job ${ev.jobId} under permit ${ev.permitId}: ${ev.decision === 'release' ? `released ${ev.released.length} output(s)` : 'refused'}${ev.withheld ? `, ${ev.withheld} withheld` : ''}`;
    case 'FEDERATED_COUNT': return `federated count ${ev.queryFingerprint.slice(0, 12)}… for ${ev.requester} over ${ev.datasetsIds.length} dataset(s); ${ev.rulesApplied.join(', ') || 'no rule'} applied`;
  }
}

export function registerAuditCommands(program: Command, setExit: (code: number) => void): void {
  const audit = program.command('audit').description('The tamper-evident log of every pipeline batch, review decision, release, read over the API and data use.');

  dataDirOptions(audit.command('verify').description('Re-reads the whole log; names every event edited, deleted, inserted or reordered.'))
    .action(async (w: DataDirOptions) => {
      const v = await withLedger(w, (l) => verifyNodeAudit(l, resolve(w.dataDir)));
      if (w.json) process.stdout.write(`${JSON.stringify(v)}\n`);
      else if (v.ok && v.badCheckpointLines.length === 0) {
        process.stdout.write(`Audit log verified: ${v.entries} events, root ${v.head.root}; consistent with ${v.checkpoints} checkpoint(s).\n`);
      }
      if (v.badCheckpointLines.length > 0 && !w.json) process.stderr.write(`warning: checkpoint file lines ${v.badCheckpointLines.join(', ')} are not checkpoints and were not used.\n`);
      if (!v.ok) {
        throw oncoError('AUDIT_TAMPERED', `The audit log does not verify (${v.findings.length} finding(s)):\n${v.findings.map((f) => `  ${f.kind}: ${f.message}`).join('\n')}`, { findings: v.findings.length });
      }
      setExit(EXIT.OK);
    });

  dataDirOptions(audit.command('head').description('The log\'s size and root hash.')).action(async (w: DataDirOptions) => {
    const head = await withLedger(w, (l) => auditTreeHead(l));
    process.stdout.write(w.json ? `${JSON.stringify(head)}\n` : `${head.size} events, root ${head.root}\n`);
    setExit(EXIT.OK);
  });

  // "by <actor>": a user of the API as `<subject> @ <issuer>`, a reviewer named on the command line, or the command.
  dataDirOptions(audit.command('show').description('Events in order, one line each (or whole, with --json).'))
    .option('--from <seq>', 'first event', '0')
    .option('--limit <n>', 'how many', '50')
    .action(async (w: DataDirOptions & { from: string; limit: string }) => {
      const from = count(w.from, '--from');
      const rows = await withLedger(w, (l) => l.readAudit(from, from + count(w.limit, '--limit')));
      for (const r of rows) {
        const e = JSON.parse(r.event) as AuditEnvelope;
        process.stdout.write(w.json ? `${r.event}\n` : `${String(r.seq).padStart(6)}  ${e.at}  ${e.event.type.padEnd(20)}  ${summary(e)}  by ${e.actor}\n`);
      }
      setExit(EXIT.OK);
    });

  dataDirOptions(audit.command('prove').description('An inclusion proof (--seq) or a consistency proof (--from-size), as JSON.'))
    .option('--seq <n>', 'prove that this event is in the log')
    .option('--from-size <n>', 'prove that the log of this size is a prefix of the current one')
    .option('--size <n>', 'the tree size to prove against (default: current)')
    .action(async (w: DataDirOptions & { seq?: string; fromSize?: string; size?: string }) => {
      if ((w.seq === undefined) === (w.fromSize === undefined)) throw oncoError('USAGE', 'Give exactly one of --seq (inclusion) or --from-size (consistency).');
      const size = w.size === undefined ? undefined : count(w.size, '--size');
      const proof = await withLedger<object>(w, (l) => (w.seq !== undefined ? proveInclusion(l, count(w.seq, '--seq'), size) : proveConsistency(l, count(w.fromSize!, '--from-size'), size)));
      process.stdout.write(`${JSON.stringify(proof)}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(audit.command('checkpoint').description('Records the current tree head in the data directory\'s checkpoint file.'))
    .action(async (w: DataDirOptions) => {
      const cp = await withLedger(w, (l) => writeCheckpoint(l, resolve(w.dataDir), new Date().toISOString()));
      process.stdout.write(w.json ? `${JSON.stringify(cp ?? null)}\n` : cp ? `Checkpoint: ${cp.size} events, root ${cp.root}\n` : 'The last checkpoint already records the current log.\n');
      setExit(EXIT.OK);
    });
}
