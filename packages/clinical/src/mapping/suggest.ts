/** "Did you mean" for names in a mapping file: the closest known name, if it is close enough to be a typo. */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function closest(name: string, known: Iterable<string>): string | null {
  const wanted = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const distance = editDistance(wanted, k.toLowerCase());
    if (distance < bestDistance) { best = k; bestDistance = distance; }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best !== null && bestDistance <= limit ? best : null;
}

/** ` (did you mean "gender"?)`, or '' when nothing is close. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const k = closest(name, known);
  return k === null ? '' : ` (did you mean "${k}"?)`;
}
