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

let byTag: Map<Tag, AttributeInfo> | undefined;
let byKeyword: Map<string, AttributeInfo> | undefined;

function index(): Map<Tag, AttributeInfo> {
  if (byTag) return byTag;
  byTag = new Map();
  byKeyword = new Map();
  for (const [t, vrs, keyword, vm, retired] of STANDARD_ATTRIBUTES) {
    const info: AttributeInfo = { tag: t, keyword, vr: firstVR(vrs), vrs, vm, retired: retired === 1 };
    byTag.set(t, info);
    if (keyword) byKeyword.set(keyword, info);
  }
  return byTag;
}

function firstVR(vrs: string): VR | 'NONE' {
  return (vrs.split('|')[0] ?? 'NONE') as VR | 'NONE';
}

const PRIVATE_CREATOR: AttributeInfo = { tag: 0, keyword: 'PrivateCreator', vr: 'LO', vrs: 'LO', vm: '1', retired: false };

/** The dictionary entry of a standard tag, a repeating-group tag such as (60xx,3000), or a private creator. */
export function lookupTag(t: Tag): AttributeInfo | undefined {
  const hit = index().get(t);
  if (hit) return hit;
  if (isPrivateTag(t)) return isPrivateCreatorTag(t) ? { ...PRIVATE_CREATOR, tag: t } : undefined;
  if (tagElement(t) === 0) return { tag: t, keyword: 'GroupLength', vr: 'UL', vrs: 'UL', vm: '1', retired: true };
  for (const [mask, value, vrs, keyword, vm, retired] of REPEATING_ATTRIBUTES) {
    if (((t & mask) >>> 0) === value) return { tag: t, keyword, vr: firstVR(vrs), vrs, vm, retired: retired === 1 };
  }
  return undefined;
}

export function lookupKeyword(keyword: string): AttributeInfo | undefined {
  index();
  return byKeyword!.get(keyword);
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
