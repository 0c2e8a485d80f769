/**
 * RFC 6962 / RFC 9162 tree hashing with SHA-256: a leaf is hashed as 0x00 || data and an inner node as
 * 0x01 || left || right, so no leaf can be passed off as an inner node (second-preimage resistance).
 *
 * Written here on node:crypto because no maintained npm library implements RFC 6962 trees and proofs
 * correctly (the design notes this); the tests hold it to the transparency-dev/merkle vectors.
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/** MTH({}) = SHA-256(""): the root of an empty log. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export function leafHash(data: Uint8Array | string): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

export function toHex(h: Hash): string {
  return h.toString('hex');
}

/** A 32-byte hash from hex, or undefined when the text is not exactly 64 hex digits. */
export function fromHex(hex: string): Hash | undefined {
  return /^[0-9a-f]{64}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
}
