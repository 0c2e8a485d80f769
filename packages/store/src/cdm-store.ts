/**
 * The clinical extract (EUCAIM CDM records) and the latest report of each kind. The clinical stage replaces
 * the whole extract in one transaction, so a reader sees the previous run's records or the new ones, never
 * a mix; records are JSON documents the clinical package defines.
 */
import type { Kysely } from 'kysely';
import { isPostgres, pgBulkInsert } from './bulk-upsert.ts';
import type { CdmRecordRow, Database } from './schema.ts';

/** 4 columns x 1000 rows: well under both engines' bound-parameter limits. */
const BATCH = 1000;

export interface CdmRecordInput {
  readonly entity: string;
  readonly recordId: string;
  readonly patientId: string;
  readonly data: unknown;
}

export class CdmStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Replaces every record; call inside a transaction (`StudyLedger.transaction`) with the run's audit event. */
  async replaceAll(records: readonly CdmRecordInput[]): Promise<void> {
    await this.#db.deleteFrom('cdm_records').execute();
    const rows = (r: CdmRecordInput): Pick<CdmRecordRow, 'entity' | 'record_id' | 'patient_id' | 'data'> => ({ entity: r.entity, record_id: r.recordId, patient_id: r.patientId, data: JSON.stringify(r.data) });
    // One statement of four arrays on PostgreSQL, where 1,000-row VALUES lists cost a parse and plan each (bulk-upsert.ts).
    if (isPostgres(this.#db)) return pgBulkInsert(this.#db, 'cdm_records', { entity: 'text', record_id: 'text', patient_id: 'text', data: 'text' }, records.map(rows));
    for (let i = 0; i < records.length; i += BATCH) {
      await this.#db.insertInto('cdm_records')
        .values(records.slice(i, i + BATCH).map(rows))
        .execute();
    }
  }

  /** Records of one entity (or all), in a stable order. */
  records(entity?: string): Promise<CdmRecordRow[]> {
    let q = this.#db.selectFrom('cdm_records').selectAll();
    if (entity !== undefined) q = q.where('entity', '=', entity);
    return q.orderBy('entity').orderBy('record_id').execute();
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.#db.selectFrom('cdm_records').select((eb) => ['entity', eb.fn.countAll<number>().as('n')]).groupBy('entity').orderBy('entity').execute();
    return Object.fromEntries(rows.map((r) => [r.entity, Number(r.n)]));
  }

  async putReport(kind: string, run: number | null, createdAt: string, body: unknown): Promise<void> {
    const row = { kind, run, created_at: createdAt, body: JSON.stringify(body) };
    await this.#db.insertInto('reports').values(row)
      .onConflict((oc) => oc.column('kind').doUpdateSet({ run, created_at: createdAt, body: row.body }))
      .execute();
  }

  async report<T>(kind: string): Promise<{ run: number | null; createdAt: string; body: T } | undefined> {
    const row = await this.#db.selectFrom('reports').selectAll().where('kind', '=', kind).executeTakeFirst();
    return row ? { run: row.run, createdAt: row.created_at, body: JSON.parse(row.body) as T } : undefined;
  }
}
