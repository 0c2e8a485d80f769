/**
 * Roots and proofs of an RFC 9162 Merkle tree over a list of leaf hashes (section 2.1). The tree splits
 * n leaves at k, the largest power of two below n, which makes a log's earlier trees subtrees of its later
 * ones: that is what consistency proofs rely on.
 *
 * These functions take every leaf hash in memory: the audit log of a node holds one leaf per pipeline
 * batch, review decision, release and data use (tens of thousands over years, a few MB of hashes).
 */
import { EMPTY_ROOT, nodeHash, type Hash } from './hashes.ts';

/** Largest power of two strictly below n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]). */
function subtreeRoot(leaves: readonly Hash[], lo: number, hi: number): Hash {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo]!;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/** The root of the tree of the first `size` leaves (default: all). */
export function treeRoot(leaves: readonly Hash[], size = leaves.length): Hash {
  checkSize(leaves, size);
  return subtreeRoot(leaves, 0, size);
}

/** PATH(m, D[n]): the audit path proving that leaf `index` is in the tree of the first `size` leaves. */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  checkSize(leaves, size);
  if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path = (m: number, lo: number, hi: number): Hash[] => {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = split(n);
    return m < k
      ? [...path(m, lo, lo + k), subtreeRoot(leaves, lo + k, hi)]
      : [...path(m - k, lo + k, hi), subtreeRoot(leaves, lo, lo + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]): proves that the tree of the first `oldSize` leaves is a prefix of the tree of `newSize`. */
export function consistencyProof(leaves: readonly Hash[], oldSize: number, newSize = leaves.length): Hash[] {
  checkSize(leaves, newSize);
  if (!Number.isInteger(oldSize) || oldSize < 0 || oldSize > newSize) throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const subproof = (m: number, lo: number, hi: number, whole: boolean): Hash[] => {
    const n = hi - lo;
    if (m === n) return whole ? [] : [subtreeRoot(leaves, lo, hi)];
    const k = split(n);
    return m <= k
      ? [...subproof(m, lo, lo + k, whole), subtreeRoot(leaves, lo + k, hi)]
      : [...subproof(m - k, lo + k, hi, false), subtreeRoot(leaves, lo, lo + k)];
  };
  return subproof(oldSize, 0, newSize, true);
}

function checkSize(leaves: readonly Hash[], size: number): void {
  if (!Number.isInteger(size) || size < 0 || size > leaves.length) throw new RangeError(`a tree of ${size} needs ${size} leaves, ${leaves.length} given`);
}
