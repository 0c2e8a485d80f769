/**
 * The writer lock of a ledger in PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a
 * dedicated connection, so it is held exactly as long as that connection lives. A holder killed with -9 needs
 * no stale detection: its socket closes, the server ends its backend and the lock with it (on a cut network,
 * once TCP keepalive gives up, which is why the connection asks for it).
 *
 * Who holds it is read from pg_locks and pg_stat_activity: the holder's connection names itself in its
 * application_name (`oncoatlas|pid|command|host`, 63 bytes at most by PostgreSQL's rule).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../database-target.ts';
import { lockedError, type LockHolder } from './lock-holder.ts';

type PostgresTarget = Extract<DatabaseTarget, { engine: 'postgres' }>;

/**
 * Advisory locks are per database already; the key is derived from the database name anyway, so that two
 * ledgers never share one even if a pooler maps names onto one database, and it cannot meet Kysely's
 * migration lock or another application's keys by chance.
 */
export function advisoryKey(database: string): bigint {
  return createHash('sha256').update(`oncoatlas writer lock\0${database}`).digest().readBigInt64BE(0);
}

export interface HeldAdvisoryLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 10_000;

export async function acquireAdvisoryLock(target: PostgresTarget, holder: LockHolder): Promise<HeldAdvisoryLock> {
  const key = advisoryKey(target.database).toString();
  const client = new pg.Client({
    connectionString: target.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true,
    application_name: applicationName(holder),
  });
  // A connection that dies while held is reported here; the lock went with it, the run's own pool reports the rest.
  client.on('error', () => {});
  try {
    await client.connect();
    const r = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [key]);
    if (!r.rows[0]?.locked) throw await heldBy(client, key);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  let released: Promise<void> | undefined;
  return {
    holder,
    release: () => (released ??= client.query('select pg_advisory_unlock($1::bigint)', [key]).then(() => undefined, () => undefined)
      .finally(() => client.end().catch(() => {}))),
  };
}

function applicationName(h: LockHolder): string {
  // '|' separates the fields; a command never holds one.
  return Buffer.from(`oncoatlas|${h.pid}|${h.command}|${h.host}`).subarray(0, 63).toString('utf8').replace(/\uFFFD$/, '');
}

async function heldBy(client: pg.Client, key: string): Promise<Error> {
  const r = await client.query<{ application_name: string | null; backend_start: Date | null }>(
    `select a.application_name, a.backend_start from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.database = (select oid from pg_database where datname = current_database())
        and l.classid::bigint = (($1::bigint >> 32) & 4294967295) and l.objid::bigint = ($1::bigint & 4294967295)`,
    [key],
  );
  const row = r.rows[0];
  const [tag, pid, command, host] = (row?.application_name ?? '').split('|');
  const holder: Partial<LockHolder> = tag === 'oncoatlas'
    ? { pid: Number(pid), ...(command ? { command } : {}), ...(host ? { host } : {}), ...(row?.backend_start ? { since: row.backend_start.toISOString() } : {}) }
    : {};
  return lockedError(holder, 'The lock is released as soon as that process\'s database connection ends, so a killed process frees it by itself.');
}

