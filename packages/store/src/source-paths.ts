/**
 * How the ledger holds the path of each input file without holding it readable. Hospital exports name
 * folders after patients and record numbers, so a table of paths beside output paths and original UIDs is a
 * re-identification table for anyone who reads the database (another local user, a PostgreSQL DBA, a backup).
 *
 * Each instance row is keyed by `source_key`, HMAC-SHA-256 of the path: deterministic, so the inventory
 * finds a file it already knows (resume after kill -9, re-sync) with a lookup and no key material in the
 * database. The path itself is in `source_sealed`, AES-256-GCM under a second key, for the two readers that
 * must open the file again: the de-identify stage and a release's attack simulation. The row's key is the
 * cipher's associated data, so a sealed path moved onto another row does not open. Both keys come from the
 * site secret through HKDF (RFC 5869) with their own labels, not from a key file in the data directory: the
 * database and the data directory, copied or backed up together, still give no path back, and there is no
 * second secret to keep and back up. Whoever holds the site secret can already re-link every pseudonym, so
 * deriving from it adds no exposure. docs/data-at-rest.md says the same for operators.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { oncoError } from '@oncoatlas/core';

/** The two instance columns that stand for a source path. */
export interface SealedSource {
  readonly source_key: string;
  readonly source_sealed: string;
}

/** What `forThread` hands a worker thread. */
export interface ThreadKeys {
  readonly mac: KeyObject;
  readonly seal: KeyObject;
}

/** Bumped (with a migration of the rows) if the derivation or the cipher ever changes. */
const SEAL_VERSION = 'v1';
const SALT = 'oncoatlas ledger source paths';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Nonces drawn from the system's generator this many at a time: one call per nonce cost more than the sealing. */
const NONCES_PER_DRAW = 4096;

export class SourcePathKeys {
  // KeyObjects, not Buffers: a raw key is imported into OpenSSL again on every call, which cost several times
  // the HMAC or the encryption of a path (the first populate of a 233,000-file export seals every one).
  readonly #mac: KeyObject;
  readonly #seal: KeyObject;
  #nonces = Buffer.alloc(0);
  #next = 0;

  private constructor(mac: KeyObject, seal: KeyObject) {
    this.#mac = mac;
    this.#seal = seal;
  }

  /**
   * @example
   * const paths = SourcePathKeys.fromSiteSecret(settings.secret);
   * ledger.upsertInstances([{ ...paths.seal(file), size, status: 'indexed', updated_at }]);
   */
  static fromSiteSecret(secret: Uint8Array): SourcePathKeys {
    const derive = (label: string): KeyObject => createSecretKey(Buffer.from(hkdfSync('sha256', secret, SALT, `${label} ${SEAL_VERSION}`, 32)));
    return new SourcePathKeys(derive('row key'), derive('sealing key'));
  }

  /**
   * The two keys as they are, for a worker thread of this process (`inThread` there): KeyObjects pass between
   * threads without their bytes ever being exported.
   */
  forThread(): ThreadKeys {
    return { mac: this.#mac, seal: this.#seal };
  }

  static inThread(keys: ThreadKeys): SourcePathKeys {
    return new SourcePathKeys(keys.mac, keys.seal);
  }

  /** The row key of a path: 64 hex characters. */
  keyOf(path: string): string {
    return createHmac('sha256', this.#mac).update(path, 'utf8').digest('hex');
  }

  /** The row key and the sealed path; a fresh random nonce each time, so equal paths seal differently. */
  seal(path: string, key: string = this.keyOf(path)): SealedSource {
    const iv = this.#nonce();
    const cipher = createCipheriv('aes-256-gcm', this.#seal, iv);
    cipher.setAAD(Buffer.from(key, 'utf8'));
    const body = Buffer.concat([cipher.update(path, 'utf8'), cipher.final()]);
    return { source_key: key, source_sealed: `${SEAL_VERSION}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}` };
  }

  /** The path a row stands for. SECRET_MISMATCH when these keys did not seal it (another site secret, or an altered row). */
  open(row: SealedSource): string {
    const [version, data] = row.source_sealed.split(':', 2);
    const bytes = Buffer.from(data ?? '', 'base64');
    if (version !== SEAL_VERSION || bytes.length < IV_BYTES + TAG_BYTES) throw mismatch();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#seal, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(row.source_key, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw mismatch(err);
    }
  }

  /** A fresh random 96-bit nonce; each slice of a draw is used once. */
  #nonce(): Buffer {
    if (this.#next + IV_BYTES > this.#nonces.length) {
      this.#nonces = randomBytes(IV_BYTES * NONCES_PER_DRAW);
      this.#next = 0;
    }
    return this.#nonces.subarray(this.#next, (this.#next += IV_BYTES));
  }
}

function mismatch(cause?: unknown): Error {
  return oncoError(
    'SECRET_MISMATCH',
    'The site secret given does not open the source paths in this ledger: give the --secret-file this data directory was populated with.',
    {},
    cause,
  );
}
