/**
 * Datasets and their versions. A version is written once with its members and manifest hash; the only
 * later change is its release (state, who, when, and a risk override if any), and only from draft.
 * Immutability of the files themselves is the manifest's job (every file with its SHA-256). A dataset's
 * identity in the catalogue (UUID and IRI) and the node's public URL are written once and never updated.
 */
import type { Kysely } from 'kysely';
import type { CatalogueEntryRow, Database, DatasetIdentityRow, DatasetRow, DatasetVersionRow } from './schema.ts';

const MEMBER_BATCH = 1000;

export interface NewDatasetVersion {
  readonly datasetId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly manifestSha256: string;
  readonly summary: unknown;
  readonly studyKeys: readonly string[];
}

export interface VersionRelease {
  readonly at: string;
  readonly by: string;
  readonly override: { readonly by: string; readonly at: string; readonly justification: string } | null;
}

export class DatasetStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  dataset(id: string): Promise<DatasetRow | undefined> {
    return this.#db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  datasets(): Promise<DatasetRow[]> {
    return this.#db.selectFrom('datasets').selectAll().orderBy('id').execute();
  }

  async createDataset(row: DatasetRow): Promise<void> {
    await this.#db.insertInto('datasets').values(row).execute();
  }

  async addVersion(v: NewDatasetVersion): Promise<void> {
    await this.#db.insertInto('dataset_versions').values({
      dataset_id: v.datasetId, version: v.version, state: 'draft', created_at: v.createdAt, created_by: v.createdBy,
      released_at: null, released_by: null, manifest_sha256: v.manifestSha256, summary: JSON.stringify(v.summary), override_json: null,
    }).execute();
    const keys = [...new Set(v.studyKeys)].sort();
    for (let i = 0; i < keys.length; i += MEMBER_BATCH) {
      await this.#db.insertInto('dataset_members')
        .values(keys.slice(i, i + MEMBER_BATCH).map((study_key) => ({ dataset_id: v.datasetId, version: v.version, study_key })))
        .execute();
    }
  }

  versions(datasetId?: string): Promise<DatasetVersionRow[]> {
    let q = this.#db.selectFrom('dataset_versions').selectAll();
    if (datasetId !== undefined) q = q.where('dataset_id', '=', datasetId);
    return q.orderBy('dataset_id').orderBy('version').execute();
  }

  version(datasetId: string, version: number): Promise<DatasetVersionRow | undefined> {
    return this.#db.selectFrom('dataset_versions').selectAll().where('dataset_id', '=', datasetId).where('version', '=', version).executeTakeFirst();
  }

  async members(datasetId: string, version: number): Promise<string[]> {
    const rows = await this.#db.selectFrom('dataset_members').select('study_key')
      .where('dataset_id', '=', datasetId).where('version', '=', version).orderBy('study_key').execute();
    return rows.map((r) => r.study_key);
  }

  /** Marks a draft released; false when the version is not (or no longer) a draft, so a release happens once. */
  async release(datasetId: string, version: number, r: VersionRelease): Promise<boolean> {
    const res = await this.#db.updateTable('dataset_versions')
      .set({ state: 'released', released_at: r.at, released_by: r.by, override_json: r.override ? JSON.stringify(r.override) : null })
      .where('dataset_id', '=', datasetId).where('version', '=', version).where('state', '=', 'draft')
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  }

  catalogueEntry(datasetId: string): Promise<CatalogueEntryRow | undefined> {
    return this.#db.selectFrom('catalogue_entries').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst();
  }

  catalogueEntries(): Promise<CatalogueEntryRow[]> {
    return this.#db.selectFrom('catalogue_entries').selectAll().orderBy('dataset_id').execute();
  }

  async putCatalogueEntry(row: CatalogueEntryRow): Promise<void> {
    await this.#db.insertInto('catalogue_entries').values(row)
      .onConflict((oc) => oc.column('dataset_id').doUpdateSet({ state: row.state, steward: row.steward, updated_at: row.updated_at, updated_by: row.updated_by }))
      .execute();
  }

  datasetIdentity(datasetId: string): Promise<DatasetIdentityRow | undefined> {
    return this.#db.selectFrom('dataset_identities').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst();
  }

  datasetIdentityByUuid(uuid: string): Promise<DatasetIdentityRow | undefined> {
    return this.#db.selectFrom('dataset_identities').selectAll().where('uuid', '=', uuid).executeTakeFirst();
  }

  /**
   * Stores a dataset's identity unless it already has one, and returns the identity it has: the first one
   * written stays, whatever a later call brings (its IRI has been handed out to harvesters and citations).
   */
  async assignIdentity(row: DatasetIdentityRow): Promise<DatasetIdentityRow> {
    await this.#db.insertInto('dataset_identities').values(row).onConflict((oc) => oc.column('dataset_id').doNothing()).execute();
    return (await this.datasetIdentity(row.dataset_id))!;
  }

  /** The node's public URL (the base of its datasets' IRIs), once it has been given. */
  async publicUrl(): Promise<string | undefined> {
    return (await this.#db.selectFrom('node_settings').select('value').where('key', '=', 'public_url').executeTakeFirst())?.value;
  }

  /** Keeps the node's public URL unless one is kept already; returns the one kept (never replaced). */
  async keepPublicUrl(url: string, at: string): Promise<string> {
    await this.#db.insertInto('node_settings').values({ key: 'public_url', value: url, set_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.publicUrl())!;
  }
}
