import { hubContract } from './hub.contract.ts';

hubContract('SQLite', () => undefined);
