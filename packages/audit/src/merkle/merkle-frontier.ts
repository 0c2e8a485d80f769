/**
 * The right edge of a growing log: one hash per perfect subtree in the binary decomposition of its size
 * (at most 53 for any size a number can hold). Appending is O(log n) and the root comes from the frontier
 * alone, so a node extends its log without reading it back; the frontier is stored with the log's head.
 */
import { EMPTY_ROOT, fromHex, nodeHash, toHex, type Hash } from './hashes.ts';

export class MerkleFrontier {
  #size: number;
  /** Roots of the perfect subtrees, largest (leftmost) first. */
  readonly #nodes: Hash[];

  private constructor(size: number, nodes: Hash[]) {
    this.#size = size;
    this.#nodes = nodes;
  }

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /**
   * Restores a frontier saved with `toJSON`; undefined when the nodes do not fit the size (one node per
   * set bit of the size), which means the stored head was damaged or edited.
   */
  static restore(size: number, nodes: readonly string[]): MerkleFrontier | undefined {
    if (!Number.isSafeInteger(size) || size < 0 || popCount(size) !== nodes.length) return undefined;
    const hashes = nodes.map(fromHex);
    return hashes.every((h) => h !== undefined) ? new MerkleFrontier(size, hashes as Hash[]) : undefined;
  }

  get size(): number {
    return this.#size;
  }

  append(leaf: Hash): void {
    let node = leaf;
    let size = this.#size;
    while (size % 2 === 1) {
      node = nodeHash(this.#nodes.pop()!, node);
      size = Math.floor(size / 2);
    }
    this.#nodes.push(node);
    this.#size++;
  }

  root(): Hash {
    if (this.#nodes.length === 0) return EMPTY_ROOT;
    let r = this.#nodes[this.#nodes.length - 1]!;
    for (let i = this.#nodes.length - 2; i >= 0; i--) r = nodeHash(this.#nodes[i]!, r);
    return r;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.#size, [...this.#nodes]);
  }

  toJSON(): { size: number; nodes: string[] } {
    return { size: this.#size, nodes: this.#nodes.map(toHex) };
  }
}

function popCount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}
