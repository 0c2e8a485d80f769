import { createTestDatabase } from '@oncoatlas/testkit';
import { accessStoreContract } from './access-store.contract.ts';

const database = await createTestDatabase('governed access on PostgreSQL');
if (database !== undefined) accessStoreContract('PostgreSQL', () => database);
