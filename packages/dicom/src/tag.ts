/** A tag as one unsigned 32-bit number, group in the high 16 bits: cheap to compare and to key maps by. */
export type Tag = number;

export function tag(group: number, element: number): Tag {
  return ((group << 16) | element) >>> 0;
}

export function tagGroup(t: Tag): number {
  return t >>> 16;
}

export function tagElement(t: Tag): number {
  return t & 0xffff;
}

export function isPrivateTag(t: Tag): boolean {
  return (t >>> 16) % 2 === 1;
}

/** (gggg,0010)-(gggg,00FF) in an odd group: reserves a block of private elements for a creator. */
export function isPrivateCreatorTag(t: Tag): boolean {
  const e = t & 0xffff;
  return isPrivateTag(t) && e >= 0x10 && e <= 0xff;
}

/** The creator element that reserves the block of private element `t`, e.g. (0009,1001) -> (0009,0010). */
export function privateCreatorTagOf(t: Tag): Tag {
  return tag(t >>> 16, (t >>> 8) & 0xff);
}

const HEX = '0123456789ABCDEF';

export function tagHex(t: Tag): string {
  let s = '';
  for (let shift = 28; shift >= 0; shift -= 4) s += HEX[(t >>> shift) & 0xf];
  return s;
}

/** '(0010,0010)'; the form used in reports and error messages. */
export function formatTag(t: Tag): string {
  const h = tagHex(t);
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}

/** Accepts '(0010,0010)', '0010,0010' or '00100010'. */
export function parseTag(text: string): Tag | undefined {
  const m = /^\(?([0-9a-fA-F]{4}),?([0-9a-fA-F]{4})\)?$/.exec(text.trim());
  return m ? tag(parseInt(m[1]!, 16), parseInt(m[2]!, 16)) : undefined;
}

export const ITEM = 0xfffee000;
export const ITEM_DELIMITATION = 0xfffee00d;
export const SEQUENCE_DELIMITATION = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;
export const UNDEFINED_LENGTH = 0xffffffff;
