/**
 * Throw-away PostgreSQL databases for `*.int.test.ts`: created from the maintenance database, dropped when
 * the test file ends. Skipped on a laptop without PostgreSQL, failed under CI=true (a CI run that silently
 * skipped its PostgreSQL tests would prove nothing).
 */
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import pg from 'pg';

/** The maintenance database to create and drop test databases from; override to test another server. */
export const ADMIN_URL = process.env.ONCOATLAS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The URL of a new empty database, dropped after this test file; undefined (after registering a skipped,
 * or under CI failing, test called `name`) when PostgreSQL cannot be reached.
 */
export async function createTestDatabase(name: string): Promise<string | undefined> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (!reachable) {
    const message =
      `PostgreSQL not reachable at ${new URL(ADMIN_URL).host}: start it with ` +
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set ONCOATLAS_TEST_POSTGRES)';
    test(name, (t) => {
      if (process.env.CI === 'true') throw new Error(message);
      t.skip(message);
    });
    return undefined;
  }
  // Lowercase hex only, so the name needs no quoting.
  const database = `oncoatlas_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${database}`);
  after(async () => {
    // `with (force)` ends connections a failed test left open, so the database never outlives the run.
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
