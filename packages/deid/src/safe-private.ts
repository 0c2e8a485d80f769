import { oncoError } from '@oncoatlas/core';
import { asciiValue, findElement, privateCreatorTagOf, tag, type DataSet, type Element } from '@oncoatlas/dicom';
import type { SimpleAction } from './profile.ts';

export interface SafePrivateEntry {
  readonly creator: string;
  /** Odd group, e.g. 0x0019. */
  readonly group: number;
  /** Element offset within the creator's block (the low byte, e.g. 0x0c for (0019,xx0C)). */
  readonly element: number;
  readonly action: SimpleAction;
  readonly name: string;
}

/**
 * Default safe private attributes: acquisition parameters that vendors keep in private tags and that
 * research needs (diffusion b-values and directions, rescale of GE PET/CT), after the examples of PS3.15
 * Table E.3.10-1. A hospital can replace the list with its own file; review it before relying on it.
 */
export const DEFAULT_SAFE_PRIVATE: readonly SafePrivateEntry[] = [
  { creator: 'SIEMENS MR HEADER', group: 0x0019, element: 0x0c, action: 'K', name: 'B_value' },
  { creator: 'SIEMENS MR HEADER', group: 0x0019, element: 0x0d, action: 'K', name: 'DiffusionDirectionality' },
  { creator: 'SIEMENS MR HEADER', group: 0x0019, element: 0x0e, action: 'K', name: 'DiffusionGradientDirection' },
  { creator: 'SIEMENS MR HEADER', group: 0x0019, element: 0x27, action: 'K', name: 'B_matrix' },
  { creator: 'GEMS_PARM_01', group: 0x0043, element: 0x39, action: 'K', name: 'SlopInt6-9 (b-value)' },
  { creator: 'GEMS_ACQU_01', group: 0x0019, element: 0xbb, action: 'K', name: 'User data (diffusion direction)' },
  { creator: 'Philips Imaging DD 001', group: 0x2001, element: 0x03, action: 'K', name: 'Diffusion B-Factor' },
  { creator: 'Philips Imaging DD 001', group: 0x2001, element: 0x04, action: 'K', name: 'Diffusion Direction' },
  { creator: 'Philips MR Imaging DD 001', group: 0x2005, element: 0xb0, action: 'K', name: 'Diffusion Direction RL' },
  { creator: 'Philips MR Imaging DD 001', group: 0x2005, element: 0xb1, action: 'K', name: 'Diffusion Direction AP' },
  { creator: 'Philips MR Imaging DD 001', group: 0x2005, element: 0xb2, action: 'K', name: 'Diffusion Direction FH' },
];

export class SafePrivateList {
  private readonly entries = new Map<string, SafePrivateEntry>();
  private readonly creators = new Set<string>();

  constructor(entries: readonly SafePrivateEntry[]) {
    for (const e of entries) {
      if (e.group % 2 !== 1 || e.element < 0 || e.element > 0xff) throw oncoError('CONFIG_INVALID', `Safe private entry '${e.name}' has an invalid group or element.`);
      this.entries.set(key(e.creator, e.group, e.element), e);
      this.creators.add(e.creator);
    }
  }

  private creatorOf(buf: Uint8Array, ds: DataSet, el: Element): string | undefined {
    const c = findElement(ds, privateCreatorTagOf(el.tag));
    return c ? asciiValue(buf, c) : undefined;
  }

  actionFor(buf: Uint8Array, ds: DataSet, el: Element): SimpleAction | undefined {
    const creator = this.creatorOf(buf, ds, el);
    if (creator === undefined || !this.creators.has(creator)) return undefined;
    return this.entries.get(key(creator, el.tag >>> 16, el.tag & 0xff))?.action;
  }

  /** A creator element is kept only when its block holds an element that is kept. */
  blockHasSafeElement(buf: Uint8Array, ds: DataSet, creatorEl: Element): boolean {
    const creator = asciiValue(buf, creatorEl);
    if (!this.creators.has(creator)) return false;
    const group = creatorEl.tag >>> 16;
    const block = creatorEl.tag & 0xff;
    const first = tag(group, block << 8);
    const last = tag(group, (block << 8) | 0xff);
    return ds.elements.some((e) => e.tag >= first && e.tag <= last && this.entries.has(key(creator, group, e.tag & 0xff)));
  }
}

function key(creator: string, group: number, element: number): string {
  return `${creator.trim()}|${group}|${element}`;
}
