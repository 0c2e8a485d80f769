/**
 * The SOP Instance UID of a Part 10 stream, from its first bytes: WADO-RS parts of a whole-study retrieve
 * carry no per-part UID header (Orthanc sends only Content-Type and Content-Length), yet the sync state must
 * know which instance each part was. The File Meta Information is always explicit VR little endian
 * (PS3.10 7.1) and comes first, so this needs no dataset parser and no transfer syntax.
 */
import { hasLongLength, isVR } from '@oncoatlas/dicom';

const MEDIA_STORAGE_SOP_INSTANCE_UID = 0x0003;

/** undefined when `head` is not Part 10 or ends before (0002,0003). */
export function metaSopInstanceUid(head: Buffer): string | undefined {
  if (head.length < 132 || head.toString('latin1', 128, 132) !== 'DICM') return undefined;
  let p = 132;
  while (p + 8 <= head.length) {
    if (head.readUInt16LE(p) !== 0x0002) return undefined;
    const element = head.readUInt16LE(p + 2);
    const vr = head.toString('latin1', p + 4, p + 6);
    if (!isVR(vr)) return undefined;
    let length: number;
    let value: number;
    if (hasLongLength(vr)) {
      if (p + 12 > head.length) return undefined;
      length = head.readUInt32LE(p + 8);
      value = p + 12;
    } else {
      length = head.readUInt16LE(p + 6);
      value = p + 8;
    }
    if (element === MEDIA_STORAGE_SOP_INSTANCE_UID) {
      if (value + length > head.length) return undefined;
      const uid = head.toString('latin1', value, value + length).replace(/[\0 ]+$/, '');
      return /^[0-9.]{1,64}$/.test(uid) ? uid : undefined;
    }
    p = value + length;
  }
  return undefined;
}
