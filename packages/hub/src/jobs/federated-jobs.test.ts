import { federatedJobsContract } from './federated-jobs.contract.ts';

federatedJobsContract('SQLite', () => undefined);
