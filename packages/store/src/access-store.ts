/**
 * Governed access at the node: agreements on file, access settings, permits. An agreement is never edited: a
 * new one of the same kind supersedes it (the latest accepted one of a kind counts), and one the hub told of
 * can be withdrawn when the hub no longer accepts it. A permit changes once, from active to revoked; each
 * check of it is a `permit_uses` row written with its audit entry.
 */
import type { Kysely } from 'kysely';
import type { AgreementRow, Database, PermitRow, PermitUseRow } from './schema.ts';

export interface PermitRevocation {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

export class AccessStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async fileAgreement(row: AgreementRow): Promise<void> {
    await this.#db.insertInto('agreements').values(row).execute();
  }

  /** Every agreement ever filed, oldest first. */
  agreements(): Promise<AgreementRow[]> {
    return this.#db.selectFrom('agreements').selectAll().orderBy('filed_at').orderBy('id').execute();
  }

  /** The agreement that counts for each kind: the latest accepted one (withdrawn ones never count). */
  async currentAgreements(): Promise<AgreementRow[]> {
    const latest = new Map<string, AgreementRow>();
    for (const a of await this.agreements()) if (a.state === 'accepted') latest.set(a.kind, a);
    return [...latest.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }

  /** Withdraws an accepted agreement; false when unknown or withdrawn already. */
  async withdrawAgreement(id: string): Promise<boolean> {
    const r = await this.#db.updateTable('agreements').set({ state: 'withdrawn' }).where('id', '=', id).where('state', '=', 'accepted').executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async setting(key: string): Promise<string | undefined> {
    return (await this.#db.selectFrom('node_access_settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async putSetting(key: string, value: string, at: string): Promise<void> {
    await this.#db.insertInto('node_access_settings').values({ key, value, set_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, set_at: at }))
      .execute();
  }

  async addPermit(row: PermitRow): Promise<void> {
    await this.#db.insertInto('permits').values(row).execute();
  }

  permit(id: string): Promise<PermitRow | undefined> {
    return this.#db.selectFrom('permits').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first. */
  permits(): Promise<PermitRow[]> {
    return this.#db.selectFrom('permits').selectAll().orderBy('issued_at', 'desc').orderBy('id').execute();
  }

  /** The active permit already issued for a request's resource, if any (a repeated grant gets it back). */
  activePermitFor(requestId: string, resourceId: string): Promise<PermitRow | undefined> {
    return this.#db.selectFrom('permits').selectAll()
      .where('request_id', '=', requestId).where('resource_id', '=', resourceId).where('status', '=', 'active')
      .orderBy('issued_at', 'desc').limit(1).executeTakeFirst();
  }

  /** Revokes an active permit; false when it is unknown or revoked already (the first revocation stays). */
  async revokePermit(id: string, r: PermitRevocation): Promise<boolean> {
    const res = await this.#db.updateTable('permits')
      .set({ status: 'revoked', revoked_at: r.at, revoked_by: r.by, revoke_reason: r.reason })
      .where('id', '=', id).where('status', '=', 'active')
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  }

  /** Records one check of a permit (allowed or refused); written in the transaction of its audit entry. */
  async addPermitUse(row: PermitUseRow): Promise<void> {
    await this.#db.insertInto('permit_uses').values(row).execute();
  }

  /** A permit's checks, oldest first (an indexed read: permit_uses_permit is on permit and time). */
  permitUses(permitId: string): Promise<PermitUseRow[]> {
    return this.#db.selectFrom('permit_uses').selectAll().where('permit_id', '=', permitId).orderBy('at').execute();
  }
}
