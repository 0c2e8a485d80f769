import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { oncoError } from '@oncoatlas/core';

const MIN_SECRET_BYTES = 16;

export interface SiteSecret {
  readonly bytes: Uint8Array;
  /** The secret as text (the EUCAIM profile hashes with the key string itself). */
  readonly text: string;
  readonly warnings: string[];
}

/**
 * Reads the site secret. It is the key of every pseudonym: anyone who holds it can re-link pseudonyms to
 * patients by trying IDs, so it lives in its own file, outside the output, readable by the service only.
 * The error never echoes the file's content.
 */
export function readSiteSecret(path: string): SiteSecret {
  if (!existsSync(path)) throw oncoError('SECRET_MISSING', `The secret file does not exist. Create one with: oncoatlas secret new ${path}`);
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw oncoError('SECRET_MISSING', 'The secret file cannot be read.', {}, err);
  }
  const text = raw.toString('utf8').trim();
  if (Buffer.byteLength(text) < MIN_SECRET_BYTES) {
    throw oncoError('SECRET_MISSING', `The secret file holds fewer than ${MIN_SECRET_BYTES} characters; use a long random key (oncoatlas secret new FILE).`);
  }
  const warnings: string[] = [];
  if ((statSync(path).mode & 0o077) !== 0) warnings.push('the secret file is readable by other users; restrict it with chmod 600');
  return { bytes: Buffer.from(text, 'utf8'), text, warnings };
}

/** Writes a new random 256-bit secret as hex, readable by its owner only; refuses to overwrite one. */
export function createSiteSecret(path: string): void {
  if (existsSync(path)) throw oncoError('USAGE', 'The secret file already exists; a new secret would change every pseudonym. Remove it first if that is what you want.');
  writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}
