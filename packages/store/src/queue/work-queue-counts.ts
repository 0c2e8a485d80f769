/**
 * The study queue's jobs of the newest run that used it, by state, read straight from pg-boss's job table with the
 * ledger's own connection: the funnel shows them (studies waiting for a worker, failed to the dead-letter queue)
 * without opening pg-boss, which would install its schema in a database that never scaled out.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { PGBOSS_SCHEMA, STUDY_QUEUE } from './queue-settings.ts';

/** Jobs of one run by state; `dead` failed after their last retry (each also in the dead-letter queue). */
export interface WorkQueueCounts {
  readonly run: number;
  readonly queued: number;
  readonly active: number;
  readonly retry: number;
  readonly dead: number;
  readonly completed: number;
}

/** Undefined on SQLite, and on a PostgreSQL database whose populate runs never used the queue. */
export async function workQueueCounts<DB>(db: Kysely<DB>): Promise<WorkQueueCounts | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const exists = await sql<{ found: boolean }>`select to_regclass(${`${PGBOSS_SCHEMA}.job`}) is not null as found`.execute(db);
  if (!exists.rows[0]?.found) return undefined;
  const { rows } = await sql<{ run: number; state: string; n: number }>`
    with latest as (select max((data->>'run')::int) as run from ${sql.table(`${PGBOSS_SCHEMA}.job`)} where name = ${STUDY_QUEUE})
    select latest.run as run, j.state::text as state, count(*)::int as n
      from ${sql.table(`${PGBOSS_SCHEMA}.job`)} j, latest
     where j.name = ${STUDY_QUEUE} and (j.data->>'run')::int = latest.run
     group by latest.run, j.state`.execute(db);
  if (rows.length === 0) return undefined;
  const n = new Map(rows.map((r) => [r.state, Number(r.n)]));
  return { run: Number(rows[0]!.run), queued: n.get('created') ?? 0, active: n.get('active') ?? 0, retry: n.get('retry') ?? 0, dead: n.get('failed') ?? 0, completed: n.get('completed') ?? 0 };
}
