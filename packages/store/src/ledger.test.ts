import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runLedgerBulkContract } from './ledger-bulk.contract.ts';
import { runLedgerContract } from './ledger.contract.ts';
import { openStore } from './open-store.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'oncoatlas-store-'));
after(() => rm(dataDir, { recursive: true, force: true }));

runLedgerContract('SQLite', () => openStore({ dataDir }));
runLedgerBulkContract('SQLite', () => openStore({ dataDir }));
