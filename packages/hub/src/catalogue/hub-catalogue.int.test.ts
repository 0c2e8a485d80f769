import { createTestDatabase } from '@oncoatlas/testkit';
import { hubCatalogueContract } from './hub-catalogue-contract.test.ts';

const database = await createTestDatabase('hub catalogue on PostgreSQL');
if (database !== undefined) hubCatalogueContract('PostgreSQL', () => database);
