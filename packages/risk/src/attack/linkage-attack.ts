/**
 * A linkage attack on a release, as an outsider with background knowledge would run it: for each released
 * patient, what the attacker knows of that person (from a registry, a visit, a death notice) is compared with
 * every released record; the person is re-identified when the facts fit their own record and no other. This
 * is the prosecutor's setting (the attacker knows the person is in the release), the worst case for a release.
 *
 * The attacker's knowledge is a predicate, built by the caller from the real (identified) values under the
 * release's own generalisation, which an attacker can read in the dossier. Records are indexed by a block key
 * (a value the predicate needs to equal, such as sex) so the attack is not quadratic. Counts only. Pure.
 */

export interface AttackTarget<R> {
  /** Index of the target's own record among the released ones. */
  readonly own: number;
  /** Whether a released record agrees with everything the attacker knows of the target. */
  readonly matches: (record: R) => boolean;
  /** The block keys of records the target could match; undefined: any record. */
  readonly blocks?: readonly string[];
}

export interface AttackResult {
  /** Released patients attacked (those the attacker has background on). */
  readonly targets: number;
  /** Targets whose facts fit their own record and no other. */
  readonly reidentified: number;
  /** reidentified / released patients (0 for an empty release). */
  readonly share: number;
}

/** `blockOf` gives the block keys of a record (several when it has several studies, say). */
export function linkageAttack<R>(released: readonly R[], blockOf: (record: R) => readonly string[], targets: readonly AttackTarget<R>[]): AttackResult {
  const blocks = new Map<string, number[]>();
  released.forEach((r, i) => {
    for (const key of new Set(blockOf(r))) {
      let list = blocks.get(key);
      if (!list) blocks.set(key, (list = []));
      list.push(i);
    }
  });
  const all = released.map((_, i) => i);
  let reidentified = 0;
  for (const t of targets) {
    if (!t.matches(released[t.own]!)) continue;
    const pools = t.blocks === undefined ? [all] : t.blocks.map((b) => blocks.get(b) ?? []);
    let alone = true;
    for (const pool of pools) {
      for (const i of pool) {
        if (i !== t.own && t.matches(released[i]!)) {
          alone = false;
          break;
        }
      }
      if (!alone) break;
    }
    if (alone) reidentified++;
  }
  return { targets: targets.length, reidentified, share: released.length === 0 ? 0 : reidentified / released.length };
}
