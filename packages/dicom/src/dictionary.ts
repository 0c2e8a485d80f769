import { REPEATING_ATTRIBUTES, STANDARD_ATTRIBUTES } from './generated/dictionary.ts';
import { isPrivateCreatorTag, isPrivateTag, tagElement, type Tag } from './tag.ts';
import type { VR } from './vr.ts';

export interface AttributeInfo {
  readonly tag: Tag;
  readonly keyword: string;
  /** Dictionary VR; multi-VR entries ('OB|OW', 'US|SS') resolve to the first, as implicit VR readers do. */
  readonly vr: VR | 'NONE';
  readonly vrs: string;
  readonly vm: string;
  readonly retired: boolean;
}

/**
 * The generated table's tags in its order (ascending), searched by bisection. Building a Map of every entry took
 * 16-20 ms of each thread's start (5,041 objects and inserts, in code not yet optimised), on the critical path
 * of every run and worker; a file uses a few hundred tags, made into entries as they are first looked up.
 */
let tags: Uint32Array | undefined;
const byTag = new Map<Tag, AttributeInfo>();
let byKeyword: Map<string, AttributeInfo> | undefined;

function sortedTags(): Uint32Array {
  if (tags) return tags;
  const t = new Uint32Array(STANDARD_ATTRIBUTES.length);
  for (let i = 0; i < t.length; i++) {
    t[i] = STANDARD_ATTRIBUTES[i]![0];
    if (i > 0 && t[i]! <= t[i - 1]!) throw new Error('The generated dictionary is not in ascending tag order');
  }
  return (tags = t);
}

function entryAt(i: number): AttributeInfo {
  const [t, vrs, keyword, vm, retired] = STANDARD_ATTRIBUTES[i]!;
  let info = byTag.get(t);
  if (!info) {
    info = { tag: t, keyword, vr: firstVR(vrs), vrs, vm, retired: retired === 1 };
    byTag.set(t, info);
  }
  return info;
}

function standardEntry(t: Tag): AttributeInfo | undefined {
  const hit = byTag.get(t);
  if (hit) return hit;
  const all = sortedTags();
  let lo = 0;
  let hi = all.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = all[mid]!;
    if (v === t) return entryAt(mid);
    if (v < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function firstVR(vrs: string): VR | 'NONE' {
  const bar = vrs.indexOf('|');
  return (bar < 0 ? vrs : vrs.slice(0, bar)) as VR | 'NONE';
}

const PRIVATE_CREATOR: AttributeInfo = { tag: 0, keyword: 'PrivateCreator', vr: 'LO', vrs: 'LO', vm: '1', retired: false };

/** The dictionary entry of a standard tag, a repeating-group tag such as (60xx,3000), or a private creator. */
export function lookupTag(t: Tag): AttributeInfo | undefined {
  const hit = standardEntry(t);
  if (hit) return hit;
  if (isPrivateTag(t)) return isPrivateCreatorTag(t) ? { ...PRIVATE_CREATOR, tag: t } : undefined;
  if (tagElement(t) === 0) return { tag: t, keyword: 'GroupLength', vr: 'UL', vrs: 'UL', vm: '1', retired: true };
  for (const [mask, value, vrs, keyword, vm, retired] of REPEATING_ATTRIBUTES) {
    if (((t & mask) >>> 0) === value) return { tag: t, keyword, vr: firstVR(vrs), vrs, vm, retired: retired === 1 };
  }
  return undefined;
}

export function lookupKeyword(keyword: string): AttributeInfo | undefined {
  if (!byKeyword) {
    byKeyword = new Map();
    for (let i = 0; i < STANDARD_ATTRIBUTES.length; i++) if (STANDARD_ATTRIBUTES[i]![2]) byKeyword.set(STANDARD_ATTRIBUTES[i]![2], entryAt(i));
  }
  return byKeyword.get(keyword);
}

/** Tag of a dictionary keyword; throws on a typo so a misspelt rule can never silently match nothing. */
export function tagOf(keyword: string): Tag {
  const info = lookupKeyword(keyword);
  if (!info) throw new Error(`Unknown DICOM keyword ${keyword}`);
  return info.tag;
}

/** VR used when the transfer syntax is implicit: dictionary VR, LO for private creators, UN otherwise. */
export function implicitVR(t: Tag): VR {
  const info = lookupTag(t);
  if (!info || info.vr === 'NONE') return 'UN';
  return info.vr;
}

export function keywordOf(t: Tag): string {
  return lookupTag(t)?.keyword ?? (isPrivateTag(t) ? 'Private' : 'Unknown');
}
