import { oncoError } from '@oncoatlas/core';

export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly explicitVR: boolean;
  readonly littleEndian: boolean;
  readonly deflated: boolean;
  /** Pixel data is a sequence of compressed fragments (PS3.5 A.4). */
  readonly encapsulated: boolean;
}

function ts(uid: string, name: string, explicitVR: boolean, littleEndian: boolean, deflated = false, encapsulated = false): TransferSyntax {
  return { uid, name, explicitVR, littleEndian, deflated, encapsulated };
}

export const IMPLICIT_VR_LITTLE_ENDIAN = ts('1.2.840.10008.1.2', 'Implicit VR Little Endian', false, true);
export const EXPLICIT_VR_LITTLE_ENDIAN = ts('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', true, true);
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = ts('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', true, true, true);
export const EXPLICIT_VR_BIG_ENDIAN = ts('1.2.840.10008.1.2.2', 'Explicit VR Big Endian (retired)', true, false);

const KNOWN = new Map<string, TransferSyntax>(
  [IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN].map((t) => [t.uid, t]),
);

/**
 * Every compressed transfer syntax of PS3.5 Table A-1 is Explicit VR Little Endian with encapsulated pixel
 * data, so the reader needs no per-codec knowledge: it carries fragments through untouched. The prefixes
 * cover JPEG, JPEG-LS, JPEG 2000, HTJ2K, JPIP, MPEG-2/4, HEVC (1.2.840.10008.1.2.4.x), RLE (1.2.5) and
 * SMPTE ST 2110 (1.2.840.10008.1.2.7.x); 1.2.840.10008.1.2.4.94/95 (JPIP referenced) carry no pixel data at all.
 */
const ENCAPSULATED = /^1\.2\.840\.10008\.1\.2\.(4\.\d+|5|7\.\d+|8\.\d+)$/;

export function transferSyntaxOf(uid: string): TransferSyntax {
  const known = KNOWN.get(uid);
  if (known) return known;
  if (ENCAPSULATED.test(uid)) {
    const t = ts(uid, `Encapsulated (${uid})`, true, true, false, true);
    KNOWN.set(uid, t);
    return t;
  }
  // The value comes from the file: echoed only when it has the shape of a UID, so no text can leak through.
  const shown = /^[0-9.]{1,64}$/.test(uid) ? uid : '(not a UID)';
  throw oncoError('DICOM_UNSUPPORTED_TRANSFER_SYNTAX', `Transfer syntax ${shown} is not supported.`, { transferSyntax: shown });
}
