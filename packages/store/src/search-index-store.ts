/**
 * The federated search index (migration 007): released (patient, study) pairs and their searchable values, by
 * dataset. Derived data, rewritten whole per dataset; @oncoatlas/federation decides what goes in and counts it.
 */
import type { Kysely } from 'kysely';
import type { Database, SearchFactRow, SearchStudyRow } from './schema.ts';

/** 6 columns x 1000 rows: under both engines' bound-parameter limits. */
const BATCH = 1000;

export type SearchStudyInput = Omit<SearchStudyRow, 'dataset_id'>;
export type SearchFactInput = Omit<SearchFactRow, 'dataset_id'>;

export class SearchIndexStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Replaces one dataset's rows; call inside a transaction so counts never see half a dataset. */
  async replaceDataset(datasetId: string, studies: readonly SearchStudyInput[], facts: readonly SearchFactInput[]): Promise<void> {
    await this.deleteDataset(datasetId);
    for (let i = 0; i < studies.length; i += BATCH) {
      await this.#db.insertInto('search_studies').values(studies.slice(i, i + BATCH).map((s) => ({ dataset_id: datasetId, ...s }))).execute();
    }
    for (let i = 0; i < facts.length; i += BATCH) {
      await this.#db.insertInto('search_facts').values(facts.slice(i, i + BATCH).map((f) => ({ dataset_id: datasetId, ...f }))).execute();
    }
  }

  async deleteDataset(datasetId: string): Promise<void> {
    await this.#db.deleteFrom('search_facts').where('dataset_id', '=', datasetId).execute();
    await this.#db.deleteFrom('search_studies').where('dataset_id', '=', datasetId).execute();
  }

  async datasetIds(): Promise<string[]> {
    const rows = await this.#db.selectFrom('search_studies').select('dataset_id').distinct().orderBy('dataset_id').execute();
    return rows.map((r) => r.dataset_id);
  }

  studies(): Promise<SearchStudyRow[]> {
    return this.#db.selectFrom('search_studies').selectAll().orderBy('dataset_id').orderBy('study_uid').execute();
  }

  facts(): Promise<SearchFactRow[]> {
    return this.#db.selectFrom('search_facts').selectAll().execute();
  }
}
