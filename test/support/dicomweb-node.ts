/**
 * A node serving the permitted-dataset fixture over HTTP on a loopback port, for the DICOMweb tests: the
 * fixture, the server, the version's index, and the count of permit uses recorded (to check one per request).
 */
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { versionIndex, type VersionIndex } from '@oncoatlas/release';
import { buildServer, createTokenVerifier } from '@oncoatlas/server';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { permittedDataset, type PermittedDataset } from './permitted-dataset.ts';

export interface DicomWebNode {
  readonly d: PermittedDataset;
  readonly app: FastifyInstance;
  readonly ledger: StudyLedger;
  readonly index: VersionIndex;
  /** http://127.0.0.1:PORT/dicomweb/datasets/<id>/versions/<n> */
  readonly root: string;
  /** The audit log's size now. */
  auditSize(): Promise<number>;
}

export async function dicomWebNode(t: TestContext): Promise<DicomWebNode> {
  const d = await permittedDataset();
  const store = await openStore({ dataDir: d.dataDir });
  const ledger = new StudyLedger(store.db);
  const app = await buildServer({ ledger, verifier: createTokenVerifier({ issuers: [], localKey: new TextEncoder().encode('a local key nobody uses in these tests') }), version: 'test', dataDir: d.dataDir });
  t.after(async () => { await app.close(); await store.close(); });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const index = await versionIndex(d.dataDir, d.datasetId, d.version);
  return {
    d, app, ledger, index, root: `${address}/dicomweb/datasets/${d.datasetId}/versions/${d.version}`,
    auditSize: async () => (await ledger.auditHead()).size,
  };
}
