/**
 * The options every command over a data directory shares (`--data-dir`, `--database`, `--json`) and opening
 * its ledger for the length of one action.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openStore, StudyLedger } from '@oncoatlas/store';

export interface DataDirOptions {
  dataDir: string;
  database?: string;
  json?: boolean;
}

export function dataDirOptions(c: Command): Command {
  return c
    .requiredOption('--data-dir <dir>', 'data directory of populate')
    .option('--database <url>', 'postgres://... when the ledger is in PostgreSQL')
    .option('--json', 'JSON output');
}

export async function withLedger<T>(w: DataDirOptions, fn: (ledger: StudyLedger) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir: resolve(w.dataDir), ...(w.database ? { database: w.database } : {}) });
  try {
    return await fn(new StudyLedger(store.db));
  } finally {
    await store.close();
  }
}
