import { CONFIDENTIALITY_PROFILE, PROFILE_REVISION, type ProfileAction, type ProfileRow } from './generated/confidentiality-profile.ts';
import { IOD_ATTRIBUTE_TYPES, SOP_CLASS_TO_IOD } from './generated/iod-attribute-types.ts';
import type { ProfileOption } from './options.ts';

export type SimpleAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';
export type { ProfileAction, ProfileRow };
export { PROFILE_REVISION };

type IodType = '1' | '1C' | '2' | '2C' | '3';

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
 * Resolves a combined action ('X/Z', 'X/D', 'Z/D', 'X/Z/D', 'X/Z/U*') by the attribute's type in the
 * instance's IOD (generated from PS3.3): X unless the attribute is Type 2 (then Z) or Type 1 (then D or U).
 * When the IOD is unknown we keep conformance (Z, D or U): a dummy or remapped value identifies no one,
 * whereas a missing Type 1 attribute makes the output invalid.
 */
export function resolveCombined(action: ProfileAction, sopClassUid: string | undefined, tagPath: string): SimpleAction {
  if (action.length === 1) return action as SimpleAction;
  const iod = sopClassUid ? SOP_CLASS_TO_IOD[sopClassUid] : undefined;
  const types = iod ? IOD_ATTRIBUTE_TYPES[iod] : undefined;
  const type: IodType | undefined = types ? (types[tagPath] ?? '3') : undefined;
  const required1 = type === undefined || type === '1' || type === '1C';
  const required2 = type === '2' || type === '2C';
  switch (action) {
    case 'Z/D': return required1 && type !== undefined ? 'D' : type === undefined ? 'D' : 'Z';
    case 'X/Z': return required1 || required2 ? 'Z' : 'X';
    case 'X/D': return required1 || required2 ? 'D' : 'X';
    case 'X/Z/D': return required1 ? 'D' : required2 ? 'Z' : 'X';
    case 'X/Z/U*': return required1 ? 'U' : required2 ? 'Z' : 'X';
    default: throw new Error(`Unhandled profile action ${action}`);
  }
}
