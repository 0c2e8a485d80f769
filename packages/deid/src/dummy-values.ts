import type { VR } from '@oncoatlas/dicom';

const TEXT_DUMMY = 'ANONYMIZED';

/** Bytes of a dummy value "consistent with the VR" (PS3.15 E.1.1, action D), or undefined for sequences. */
export function dummyValue(vr: VR, originalLength: number): Uint8Array | undefined {
  switch (vr) {
    case 'AE': case 'CS': case 'LO': case 'LT': case 'SH': case 'ST': case 'UC': case 'UT': case 'PN':
      return ascii(TEXT_DUMMY);
    case 'AS': return ascii('000Y');
    case 'DA': return ascii('19000101');
    case 'DT': return ascii('19000101000000');
    case 'TM': return ascii('000000');
    case 'DS': case 'IS': return ascii('0');
    case 'UR': return ascii('https://anonymized.invalid/');
    case 'UI': return ascii('2.25.0');
    case 'US': case 'SS': return new Uint8Array(2);
    case 'UL': case 'SL': case 'FL': case 'AT': return new Uint8Array(4);
    case 'FD': case 'SV': case 'UV': return new Uint8Array(8);
    case 'OB': case 'OW': case 'OF': case 'OD': case 'OL': case 'OV': case 'UN':
      // Same length, all zero: binary attributes often have a length fixed by other attributes.
      return new Uint8Array(originalLength);
    case 'SQ': return undefined;
  }
}

export function ascii(s: string): Uint8Array {
  return Buffer.from(s, 'latin1');
}
