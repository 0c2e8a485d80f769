import type { VR } from '@oncoatlas/dicom';

export function ascii(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}

export const TEXT_DUMMY = ascii('ANONYMIZED');
const AS_DUMMY = ascii('000Y');
const DA_DUMMY = ascii('19000101');
const DT_DUMMY = ascii('19000101000000');
const TM_DUMMY = ascii('000000');
const NUMBER_DUMMY = ascii('0');
const UR_DUMMY = ascii('https://anonymized.invalid/');
const UI_DUMMY = ascii('2.25.0');
const ZERO2 = new Uint8Array(2);
const ZERO4 = new Uint8Array(4);
const ZERO8 = new Uint8Array(8);

/**
 * Bytes of a dummy value "consistent with the VR" (PS3.15 E.1.1, action D), or undefined for sequences.
 * The arrays are shared constants: the writer only reads them.
 */
export function dummyValue(vr: VR, originalLength: number): Uint8Array | undefined {
  switch (vr) {
    case 'AE': case 'CS': case 'LO': case 'LT': case 'SH': case 'ST': case 'UC': case 'UT': case 'PN':
      return TEXT_DUMMY;
    case 'AS': return AS_DUMMY;
    case 'DA': return DA_DUMMY;
    case 'DT': return DT_DUMMY;
    case 'TM': return TM_DUMMY;
    case 'DS': case 'IS': return NUMBER_DUMMY;
    case 'UR': return UR_DUMMY;
    case 'UI': return UI_DUMMY;
    case 'US': case 'SS': return ZERO2;
    case 'UL': case 'SL': case 'FL': case 'AT': return ZERO4;
    case 'FD': case 'SV': case 'UV': return ZERO8;
    case 'OB': case 'OW': case 'OF': case 'OD': case 'OL': case 'OV': case 'UN':
      // Same length, all zero: binary attributes often have a length fixed by other attributes.
      return new Uint8Array(originalLength);
    case 'SQ': return undefined;
  }
}


