/**
 * The File Meta Information of a received instance (PS3.10 7.1). A C-STORE carries only the dataset; the
 * receiver writes the preamble and this group in front of the bytes exactly as they arrived, so the file is
 * Part 10 without dcmjs ever decoding or re-encoding the dataset. The group is always explicit VR little
 * endian, whatever the dataset's transfer syntax.
 */

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

/** One short-form explicit VR LE element; `pad` makes the length even (NUL for UI, space otherwise). */
function shortElement(element: number, vr: string, value: string, pad: string): Buffer {
  const text = value.length % 2 === 1 ? value + pad : value;
  const b = Buffer.alloc(8 + text.length);
  b.writeUInt16LE(0x0002, 0);
  b.writeUInt16LE(element, 2);
  b.write(vr, 4, 'latin1');
  b.writeUInt16LE(text.length, 6);
  b.write(text, 8, 'latin1');
  return b;
}

/**
 * The 128 zero bytes, 'DICM' and the meta group, group length included. Throws on values that would make
 * an invalid header: callers check UIDs first (they also become file names) and pass a valid AE title.
 */
export function encodeFileMeta(m: MetaFields): Buffer {
  for (const uid of [m.sopClassUid, m.sopInstanceUid, m.transferSyntaxUid]) {
    if (!isPlainUid(uid)) throw new RangeError('A File Meta Information UID is not a plain UID.');
  }
  // (0002,0001) File Meta Information Version is OB: long form, two reserved bytes, 32-bit length.
  const version = Buffer.from([0x02, 0x00, 0x01, 0x00, 0x4f, 0x42, 0, 0, 2, 0, 0, 0, 0x00, 0x01]);
  const body = [
    version,
    shortElement(0x0002, 'UI', m.sopClassUid, '\0'),
    shortElement(0x0003, 'UI', m.sopInstanceUid, '\0'),
    shortElement(0x0010, 'UI', m.transferSyntaxUid, '\0'),
    shortElement(0x0012, 'UI', IMPLEMENTATION_CLASS_UID, '\0'),
    shortElement(0x0013, 'SH', IMPLEMENTATION_VERSION_NAME, ' '),
  ];
  // An AE title the association carried is valid by construction; a broken one is left out, not invented.
  if (isAeTitle(m.sourceAeTitle)) body.push(shortElement(0x0016, 'AE', m.sourceAeTitle.trim(), ' '));
  const bodyLength = body.reduce((n, b) => n + b.length, 0);
  const groupLength = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 4, 0, 0, 0, 0, 0]);
  groupLength.writeUInt32LE(bodyLength, 8);
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, groupLength, ...body]);
}
