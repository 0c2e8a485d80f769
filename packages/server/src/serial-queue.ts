/**
 * Runs the node's writes one at a time. Review decisions move files before the ledger records them, and a
 * dataset version is numbered and its folder written before its row commits: two such writes interleaving
 * could release files of an item another request rejected, or build two versions under one number.
 */
export type Serially = <T>(fn: () => Promise<T>) => Promise<T>;

export function serialQueue(): Serially {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const next = last.then(fn, fn);
    last = next.catch(() => undefined);
    return next;
  };
}
