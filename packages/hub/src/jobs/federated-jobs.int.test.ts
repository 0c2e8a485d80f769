import { createTestDatabase } from '@oncoatlas/testkit';
import { federatedJobsContract } from './federated-jobs.contract.ts';

const database = await createTestDatabase('federated jobs on PostgreSQL');
if (database !== undefined) federatedJobsContract('PostgreSQL', () => database);
