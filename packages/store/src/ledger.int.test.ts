import { runLedgerBulkContract } from './ledger-bulk.contract.ts';
import { runLedgerContract } from './ledger.contract.ts';
import { openStore } from './open-store.ts';
import { createTestDatabase } from '@oncoatlas/testkit';

const suite = 'StudyLedger contract: PostgreSQL';
const database = await createTestDatabase(suite);
if (database !== undefined) {
  runLedgerContract('PostgreSQL', () => openStore({ database }));
  runLedgerBulkContract('PostgreSQL', () => openStore({ database }));
}
