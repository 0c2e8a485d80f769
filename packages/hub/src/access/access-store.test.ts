import { accessStoreContract } from './access-store.contract.ts';

accessStoreContract('SQLite', () => undefined);
