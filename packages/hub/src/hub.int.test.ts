import { createTestDatabase } from '@oncoatlas/testkit';
import { hubContract } from './hub.contract.ts';

const database = await createTestDatabase('hub store on PostgreSQL');
if (database !== undefined) hubContract('PostgreSQL', () => database);
