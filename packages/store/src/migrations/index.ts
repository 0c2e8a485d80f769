/**
 * Every migration, in order. They are TypeScript modules listed here rather than files found on disk
 * (Kysely's FileMigrationProvider), so they travel with the package however it is bundled or installed,
 * and each can branch on the engine. Names sort in execution order; never rename or edit one that has
 * shipped: add the next.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../schema.ts';
import { ledgerMigration } from './001-ledger.ts';
import { auditHeadMigration } from './002-audit-head.ts';
import { cdmAndDatasetsMigration } from './003-cdm-and-datasets.ts';
import { catalogueEntriesMigration } from './004-catalogue-entries.ts';
import { sealedSourcePathsMigration } from './005-sealed-source-paths.ts';
import { datasetIdentitiesMigration } from './006-dataset-identities.ts';
import { searchIndexMigration } from './007-search-index.ts';
import { accessMigration } from './008-access.ts';
import { dataUseMigration } from './009-data-use.ts';
import { pixelFindingsMigration } from './010-pixel-findings.ts';

export function migrationProvider(engine: Engine): MigrationProvider {
  return {
    getMigrations: async (): Promise<Record<string, Migration>> => ({
      '001-ledger': ledgerMigration(engine),
      '002-audit-head': auditHeadMigration(engine),
      '003-cdm-and-datasets': cdmAndDatasetsMigration(engine),
      '004-catalogue-entries': catalogueEntriesMigration(engine),
      '005-sealed-source-paths': sealedSourcePathsMigration(engine),
      '006-dataset-identities': datasetIdentitiesMigration(engine),
      '007-search-index': searchIndexMigration(engine),
      '008-access': accessMigration(engine),
      '009-data-use': dataUseMigration(engine),
      '010-pixel-findings': pixelFindingsMigration(engine),
    }),
  };
}
