/**
 * `oncoatlas permits list|show|revoke|check`: the access permits this node issued (through its hub, when a data
 * holder made a resource available). `check` is what a data service runs before it serves a researcher: it
 * exits 0 when the permit allows the action, else prints the refusal's code and exits 1; either way the check
 * is in the audit log (USE_DATASETS), as the node's POST /api/permits/check does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, oncoError } from '@oncoatlas/core';
import { ONCOATLAS_VERSION } from '@oncoatlas/deid';
import { dataDirOptions, withLedger, withWriterLedger, type DataDirOptions } from './data-dir-options.ts';

type NodePermit = import('@oncoatlas/server').NodePermit;

function line(p: NodePermit): string {
  return `${p.id}  ${p.status.padEnd(7)}  ${p.dataset.id} v${p.dataset.version}  ${p.actions.join(',')}  until ${p.expiresAt.slice(0, 10)}  request ${p.request}`;
}

export function registerPermitsCommands(program: Command, setExit: (code: number) => void): void {
  const permits = program.command('permits').description('Access permits this node issued and signed (docs/access.md).');
  const now = (): string => new Date().toISOString();

  dataDirOptions(permits.command('list').description('Every permit, newest first: id, status, dataset version, actions, expiry.'))
    .action(async (f: DataDirOptions) => {
      const { permitView } = await import('@oncoatlas/server');
      const list = await withLedger(f, async (l) => (await l.access.permits()).map((r) => permitView(r, Date.now())));
      process.stdout.write(f.json ? `${JSON.stringify({ permits: list })}\n` : list.length === 0 ? 'This node has issued no permit.\n' : `${list.map(line).join('\n')}\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(permits.command('show').argument('<id>', 'permit id').description('One permit and every check of it (from the audit log).'))
    .action(async (id: string, f: DataDirOptions) => {
      const { permitUses, permitView, requirePermit } = await import('@oncoatlas/server');
      const p = await withLedger(f, async (l) => ({ ...permitView(await requirePermit(l, id), Date.now()), uses: await permitUses(l, id) }));
      process.stdout.write(f.json ? `${JSON.stringify(p)}\n` : [
        line(p), `  researcher ${p.researcher}; purpose: ${p.purpose}; granted by ${p.grantedBy} on ${p.issuedAt.slice(0, 10)}`,
        ...(p.status === 'revoked' ? [`  revoked on ${p.revokedAt?.slice(0, 10)} by ${p.revokedBy}: ${p.reason}`] : []),
        ...p.uses.map((u) => `  ${u.at}  ${u.action}  ${u.outcome}${u.code ? ` (${u.code})` : ''}`),
      ].join('\n') + '\n');
      setExit(EXIT.OK);
    });

  dataDirOptions(permits.command('revoke').argument('<id>', 'permit id').description('Revoke a permit: its next check is refused.'))
    .requiredOption('--reason <text>', 'why (shown to the researcher)')
    .requiredOption('--by <name>', 'who revokes it')
    .action(async (id: string, f: DataDirOptions & { reason: string; by: string }) => {
      const { revokePermit } = await import('@oncoatlas/server');
      const p = await withWriterLedger(f, 'permits revoke', (ledger) => revokePermit({ ledger, dataDir: resolve(f.dataDir), now }, id, { by: f.by, reason: f.reason }));
      process.stdout.write(f.json ? `${JSON.stringify(p)}\n` : `Revoked ${p.id} on ${p.revokedAt?.slice(0, 10)}.\n`);
      setExit(EXIT.OK);
    });

  dataDirOptions(permits.command('check').description('Check a permit for an action (and dataset); exit 0 when allowed, 1 when refused. Audited.'))
    .requiredOption('--permit-file <file>', 'the permit (its JWT) in a file')
    .requiredOption('--action <action>', 'download, in-situ or federated-job')
    .option('--dataset <uuid>', 'the dataset the use is of (its catalogue UUID)')
    .action(async (f: DataDirOptions & { permitFile: string; action: string; dataset?: string }) => {
      const { PERMIT_ACTIONS } = await import('@oncoatlas/access');
      if (!(PERMIT_ACTIONS as readonly string[]).includes(f.action)) throw oncoError('USAGE', `--action takes ${PERMIT_ACTIONS.join(', ')}.`);
      let permit: string;
      try {
        permit = readFileSync(f.permitFile, 'utf8').trim();
      } catch (err) {
        throw oncoError('USAGE', `--permit-file ${f.permitFile} cannot be read.`, {}, err);
      }
      const { checkPermit } = await import('@oncoatlas/server');
      const r = await withLedger(f, (ledger) => checkPermit({ ledger, dataDir: resolve(f.dataDir), now, version: ONCOATLAS_VERSION }, {
        permit, action: f.action as (typeof PERMIT_ACTIONS)[number], ...(f.dataset ? { dataset: f.dataset } : {}),
      }));
      process.stdout.write(f.json ? `${JSON.stringify(r)}\n` : `Allowed: ${f.action} of ${r.claims.dataset.id} v${r.claims.dataset.version} for ${r.claims.researcher}, until ${r.claims.expiresAt}.\n`);
      setExit(EXIT.OK);
    });
}
