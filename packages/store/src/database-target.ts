/**
 * Reads the `--database` value (or the data directory) into what to open. Pure, so every accepted and
 * refused form is tested without a database. A PostgreSQL URL may hold a password: nothing here copies the
 * URL into an error; callers describe a server by `host:port/database` only (`describePostgres`).
 */
import { resolve } from 'node:path';
import { oncoError } from '@oncoatlas/core';

export type DatabaseTarget =
  | { readonly engine: 'sqlite'; readonly path: string; readonly createDir?: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly host: string; readonly port: number; readonly database: string };

export const ACCEPTED_FORMS =
  "'sqlite:/path/atlas.sqlite', a plain file path, or 'postgres://user[:password]@host[:port]/database' (also 'postgresql://')";

/** The SQLite file inside a data directory when no database is named. */
export const DEFAULT_SQLITE_FILE = 'atlas.sqlite';

// A URL scheme of two or more letters; one letter is a Windows drive ("C:\...").
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

export function resolveDatabaseTarget(options: { database?: string; dataDir?: string; file?: string }): DatabaseTarget {
  const { database, dataDir } = options;
  if (database === undefined || database === '') {
    if (dataDir === undefined || dataDir === '') {
      throw oncoError('CONFIG_INVALID', `No database given: pass --database (${ACCEPTED_FORMS}) or a data directory.`);
    }
    const dir = resolve(dataDir);
    return { engine: 'sqlite', path: resolve(dir, options.file ?? DEFAULT_SQLITE_FILE), createDir: dir };
  }
  const scheme = SCHEME.exec(database)?.[1]?.toLowerCase();
  if (scheme === undefined) return { engine: 'sqlite', path: resolve(database) };
  if (scheme === 'sqlite') {
    // 'sqlite:/abs', 'sqlite:rel' and the URL-style 'sqlite:///abs' all name a file.
    const path = database.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw oncoError('CONFIG_INVALID', `The --database value 'sqlite:' names no file; use ${ACCEPTED_FORMS}.`);
    return { engine: 'sqlite', path: resolve(path) };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresTarget(database);
  // Only the scheme is echoed: the rest of an unknown URL may carry credentials.
  throw oncoError('CONFIG_INVALID', `The --database scheme '${scheme}:' is not supported; use ${ACCEPTED_FORMS}.`, { scheme });
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw oncoError('CONFIG_INVALID', `The --database PostgreSQL URL cannot be parsed; use ${ACCEPTED_FORMS} (percent-encode special characters in the password).`);
  }
  // libpq's defaults, which pg follows: a socket or localhost, port 5432, database named after the user.
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres';
  return { engine: 'postgres', url, host, port, database };
}

/** `host:port/database`: how errors name a PostgreSQL server, never with user or password. */
export function describePostgres(target: { host: string; port: number; database: string }): string {
  return `${target.host}:${target.port}/${target.database}`;
}

/**
 * `text` with the URL's password replaced by `***`. pg's and pg-boss's messages name users and databases, not
 * passwords; scrubbed anyway, since such text reaches logs and error messages.
 */
export function withoutPassword(url: string | undefined, text: string): string {
  let password = '';
  try {
    password = url === undefined ? '' : decodeURIComponent(new URL(url).password);
  } catch {
    password = '';
  }
  return password === '' ? text : text.split(password).join('***');
}
