/**
 * The File Meta Information of a received instance (PS3.10 7.1). A C-STORE carries only the dataset; the
 * receiver writes the preamble and this group in front of the bytes exactly as they arrived, so the file is
 * Part 10 without dcmjs ever decoding or re-encoding the dataset. The group is always explicit VR little
 * endian, whatever the dataset's transfer syntax.
 */
import { fileMetaInformation, part10Header } from '@oncoatlas/dicom';

/**
 * Our Implementation Class UID: a UUID-derived UID (PS3.5 B.2) generated once and fixed, so every file this
 * receiver writes says which software wrapped it. Change it only if the meta header we write changes meaning.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.158288586562316950592961369740951185608';
/** Implementation Version Name (SH, at most 16 characters). */
export const IMPLEMENTATION_VERSION_NAME = 'OncoAtlas';

/** A UID that is safe as a file name part: digits and dots only, components not empty, at most 64 chars. */
export function isPlainUid(s: string): boolean {
  return s.length > 0 && s.length <= 64 && /^[0-9]+(\.[0-9]+)*$/.test(s);
}

/** An AE title: 1 to 16 characters of the default repertoire, no backslash, no control characters. */
export function isAeTitle(s: string): boolean {
  return s.length > 0 && s.length <= 16 && /^[\x20-\x5b\x5d-\x7e]+$/.test(s) && s.trim() !== '';
}

export interface MetaFields {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly transferSyntaxUid: string;
  /** The sender's AE title: (0002,0016) Source Application Entity Title. */
  readonly sourceAeTitle: string;
}

/**
 * The 128 zero bytes, 'DICM' and the meta group, group length included. Throws on values that would make
 * an invalid header: callers check UIDs first (they also become file names) and pass a valid AE title.
 */
export function encodeFileMeta(m: MetaFields): Buffer {
  for (const uid of [m.sopClassUid, m.sopInstanceUid, m.transferSyntaxUid]) {
    if (!isPlainUid(uid)) throw new RangeError('A File Meta Information UID is not a plain UID.');
  }
  return Buffer.from(part10Header(fileMetaInformation({
    sopClassUid: m.sopClassUid, sopInstanceUid: m.sopInstanceUid, transferSyntaxUid: m.transferSyntaxUid,
    implementationClassUid: IMPLEMENTATION_CLASS_UID, implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    // An AE title the association carried is valid by construction; a broken one is left out, not invented.
    ...(isAeTitle(m.sourceAeTitle) ? { sourceAeTitle: m.sourceAeTitle.trim() } : {}),
  })));
}
