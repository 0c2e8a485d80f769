/**
 * Ed25519 key pairs kept in a data directory: the hub's (signs tasks and access tokens) and a node's (signs its
 * join proof and its token assertions). The private key is a PKCS#8 PEM file only the owner reads; it is made
 * once and never leaves the machine. No certificates: the public key itself is the identity.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { oncoError, writeNewPrivateFile } from '@oncoatlas/core';

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: JWK;
  /** RFC 7638 thumbprint of the public key: a stable id that needs no registry. */
  readonly thumbprint: string;
}

export async function signingKeyOf(privateKey: KeyObject): Promise<SigningKey> {
  const publicKey = createPublicKey(privateKey);
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk) };
}

/** Reads the key at `path`, making a new one there (mode 0600) the first time. */
export async function loadOrCreateSigningKey(path: string): Promise<SigningKey> {
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeNewPrivateFile(path, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path));
  } catch (err) {
    throw oncoError('CONFIG_INVALID', `The signing key ${path} cannot be read as a PKCS#8 private key; restore it from a backup.`, { path }, err);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw oncoError('CONFIG_INVALID', `The signing key ${path} is not an Ed25519 key.`, { path });
  return signingKeyOf(key);
}
