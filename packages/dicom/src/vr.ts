/**
 * Value representations (PS3.5 6.2) and the properties the reader and writer need.
 */
export type VR =
  | 'AE' | 'AS' | 'AT' | 'CS' | 'DA' | 'DS' | 'DT' | 'FD' | 'FL' | 'IS' | 'LO' | 'LT' | 'OB' | 'OD' | 'OF'
  | 'OL' | 'OV' | 'OW' | 'PN' | 'SH' | 'SL' | 'SQ' | 'SS' | 'ST' | 'SV' | 'TM' | 'UC' | 'UI' | 'UL' | 'UN'
  | 'UR' | 'US' | 'UT' | 'UV';

const ALL: readonly VR[] = [
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'PN',
  'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
];

/** Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 Table 7.1-1). */
const LONG = new Set<VR>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * Indexed by the two VR bytes (A-Z each, 26 x 26 slots) so the parser checks a VR and its header form with
 * one array read per element; a Map or Set here showed up in profiles of header-heavy files.
 */
const VR_TABLE: (VR | undefined)[] = new Array(26 * 26).fill(undefined);
const LONG_TABLE = new Uint8Array(26 * 26);
for (const v of ALL) {
  const i = (v.charCodeAt(0) - 65) * 26 + (v.charCodeAt(1) - 65);
  VR_TABLE[i] = v;
  LONG_TABLE[i] = LONG.has(v) ? 1 : 0;
}

export function vrFromBytes(c0: number, c1: number): VR | undefined {
  if (c0 < 65 || c0 > 90 || c1 < 65 || c1 > 90) return undefined;
  return VR_TABLE[(c0 - 65) * 26 + (c1 - 65)];
}

export function isVR(s: string): s is VR {
  return s.length === 2 && vrFromBytes(s.charCodeAt(0), s.charCodeAt(1)) !== undefined;
}

export function hasLongLength(vr: VR): boolean {
  return LONG_TABLE[(vr.charCodeAt(0) - 65) * 26 + (vr.charCodeAt(1) - 65)] === 1;
}

/** Character-string VRs whose bytes are text in the dataset's character set (or ASCII). */
const TEXT = new Set<VR>(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
export function isTextVR(vr: VR): boolean {
  return TEXT.has(vr);
}

/** Text VRs affected by Specific Character Set (the rest are restricted to the default repertoire). */
const CHARSET_TEXT = new Set<VR>(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
export function usesCharacterSet(vr: VR): boolean {
  return CHARSET_TEXT.has(vr);
}

/** Byte used to pad a value to even length: NUL for UI and binary VRs, space for text (PS3.5 6.2). */
export function paddingByte(vr: VR): number {
  return TEXT.has(vr) && vr !== 'UI' ? 0x20 : 0x00;
}

/** Element size in bytes for binary VRs that need byte swapping between endiannesses. */
export function binaryWordSize(vr: VR): number {
  switch (vr) {
    case 'US': case 'SS': case 'OW': return 2;
    case 'UL': case 'SL': case 'FL': case 'OF': case 'OL': case 'AT': return 4;
    case 'FD': case 'OD': case 'SV': case 'UV': case 'OV': return 8;
    default: return 1;
  }
}
