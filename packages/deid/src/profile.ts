import { CONFIDENTIALITY_PROFILE, PROFILE_REVISION, type ProfileAction, type ProfileRow } from './generated/confidentiality-profile.ts';
import type { ProfileOption } from './options.ts';

export type SimpleAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';
export type { ProfileAction, ProfileRow };
export { PROFILE_REVISION };

/**
 * PS3.15 Table E.1-1 compiled for one set of options. When several active options name the same attribute,
 * retaining (K) wins over cleaning (C), and either over the basic action: each option exists to keep
 * something the basic profile would take away.
 */
export class ConfidentialityProfile {
  readonly options: ReadonlySet<ProfileOption>;
  private readonly exact = new Map<number, ProfileAction>();
  private readonly masked: { mask: number; value: number; action: ProfileAction }[] = [];

  constructor(options: ReadonlySet<ProfileOption>) {
    this.options = options;
    for (const row of CONFIDENTIALITY_PROFILE) {
      const action = resolveOptions(row, options);
      if (row.mask === 0xffffffff) this.exact.set(row.value, action);
      else this.masked.push({ mask: row.mask, value: row.value, action });
    }
  }

  /** The action for a standard tag, or undefined when the table does not list it (retained). */
  actionFor(t: number): ProfileAction | undefined {
    const a = this.exact.get(t);
    if (a !== undefined) return a;
    for (const m of this.masked) if (((t & m.mask) >>> 0) === m.value) return m.action;
    return undefined;
  }
}

function resolveOptions(row: ProfileRow, options: ReadonlySet<ProfileOption>): ProfileAction {
  let best: ProfileAction | undefined;
  for (const [opt, action] of Object.entries(row.options) as [ProfileOption, ProfileAction][]) {
    if (!options.has(opt)) continue;
    if (action === 'K' || best === undefined) best = action;
  }
  return best ?? row.basic;
}

/**
 * Resolves a combined action ('X/Z', 'X/D', 'Z/D', 'X/Z/D', 'X/Z/U*': "X unless Z, D or U is required to keep
 * the IOD conformant"). We keep conformance whatever the IOD: the attribute stays, emptied (Z), with a dummy
 * (D) or with its UIDs replaced (U). None of these identifies anyone, whereas a missing Type 1 or 2
 * attribute makes the output invalid. Choosing X where the IOD allows it needs the attribute types of PS3.3
 * per IOD, which we do not generate yet (docs/standard-tables.md).
 */
export function resolveCombined(action: ProfileAction): SimpleAction {
  switch (action) {
    case 'Z/D': case 'X/D': case 'X/Z/D': return 'D';
    case 'X/Z': return 'Z';
    case 'X/Z/U*': return 'U';
    default: return action as SimpleAction;
  }
}
