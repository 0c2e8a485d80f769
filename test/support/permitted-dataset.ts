/**
 * A node with one released, published dataset version of a small synthetic hospital (CT with SEG among its
 * studies), and permits for it issued as the hub's `permit-issue` task issues them: the fixture of the tests
 * that use data under a permit (DICOMweb, file downloads, jobs). Built with the CLI, as a steward would, once
 * per test process (`permittedDataset()` returns the same node to every caller of that process).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PermitAction, PermitClaims } from '@oncoatlas/access';
import { issuePermit } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { CATALOGUE_STEWARD_FILE, generateHospital } from '@oncoatlas/synth';
import { agreementFilings } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../../packages/cli/bin/oncoatlas.js', import.meta.url));
const DAY = 86_400_000;

export const RESEARCHER = 'alice @ https://login.example';

export interface PermittedDataset {
  /** The folder holding everything (hospital, secret, data directory); removed at exit. */
  readonly root: string;
  readonly hospital: string;
  readonly dataDir: string;
  readonly secretFile: string;
  readonly datasetId: string;
  readonly uuid: string;
  readonly version: number;
  /** The version's folder: `<dataDir>/datasets/<id>/v<n>` (manifest.json, files/, clinical/, reports/). */
  readonly versionDir: string;
  /** Issues a permit for the version, as the hub's permit-issue task would (a new resource id each call). */
  permit(o?: { readonly actions?: readonly PermitAction[]; readonly researcher?: string; readonly expiresAt?: string; readonly now?: string }): Promise<{ permit: string; claims: PermitClaims }>;
  /** Revokes a permit at the node. */
  revoke(id: string): Promise<void>;
}

export function oncoatlas(...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `oncoatlas ${args[0]} ${args[1] ?? ''}: ${r.stderr}`);
  return r.stdout;
}

let built: Promise<PermittedDataset> | undefined;

export function permittedDataset(o: { readonly studies?: number } = {}): Promise<PermittedDataset> {
  built ??= build(o.studies ?? 100);
  return built;
}

async function build(studies: number): Promise<PermittedDataset> {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-permitted-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const hospital = join(root, 'hospital');
  generateHospital({ out: hospital, studies, seed: 'permitted' });
  const dataDir = join(root, 'data');
  const secretFile = join(root, 'site.secret');
  oncoatlas('secret', 'new', secretFile);
  oncoatlas('populate', '--data-dir', dataDir, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', secretFile, '--dates', 'shift', '--jobs', '2', '--json');
  const datasetId = 'permitted';
  const created = JSON.parse(oncoatlas('dataset', 'create', '--data-dir', dataDir, '--secret-file', secretFile, '--id', datasetId, '--title', 'Synthetic imaging under permit',
    '--by', 'steward', '--max-suppression', '0.6', '--purpose', 'Testing data use under permits', '--legal-basis', 'GDPR art. 9(2)(j)', '--json')) as { version: number; dir: string };
  oncoatlas('dataset', 'release', datasetId, '--data-dir', dataDir, '--by', 'steward', '--no-pdf');
  for (const args of agreementFilings(join(root, 'agreements'), dataDir)) oncoatlas(...args);
  oncoatlas('catalogue', 'publish', datasetId, '--data-dir', dataDir, '--by', 'steward', '--steward', join(hospital, CATALOGUE_STEWARD_FILE), '--public-url', 'https://node.permitted.example');
  const store = await openStore({ dataDir });
  const ledger = new StudyLedger(store.db);
  const uuid = (await ledger.datasets.datasetIdentity(datasetId))?.uuid;
  await store.close();
  assert.ok(uuid, 'the published dataset has its UUID');
  let resource = 0;
  const withLedger = async <T>(f: (ledger: StudyLedger) => Promise<T>): Promise<T> => {
    const s = await openStore({ dataDir });
    try { return await f(new StudyLedger(s.db)); } finally { await s.close(); }
  };
  return {
    root, hospital, dataDir, secretFile, datasetId, uuid, version: created.version, versionDir: created.dir,
    permit: (p = {}) => withLedger((ledger) => issuePermit({ ledger, dataDir, now: () => p.now ?? new Date().toISOString() }, {
      request: 'req-fixture', resource: `res-${++resource}`, researcher: p.researcher ?? RESEARCHER, dataset: uuid, purpose: 'Testing data use under permits',
      actions: p.actions ?? ['download', 'in-situ', 'federated-job'], expiresAt: p.expiresAt ?? new Date(Date.now() + 30 * DAY).toISOString(), grantedBy: 'holder @ hub',
    })),
    revoke: async (id) => { oncoatlas('permits', 'revoke', id, '--data-dir', dataDir, '--by', 'steward', '--reason', 'Fixture revocation'); },
  };
}
