/**
 * Tells a DICOM file from the other things in a PACS export (thumbnails, notes, DICOMDIRs) by its first bytes,
 * so a folder source can report a stray file as a problem without parsing it. A Part 10 file has 'DICM' at
 * 128; an old bare dataset (no preamble) starts with a group 0002 or 0008 tag in either VR style.
 */
export type Sniff = 'part10' | 'bare-dataset' | 'not-dicom';

export function sniffBytes(head: Uint8Array): Sniff {
  if (head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d) return 'part10';
  if (head.length < 8) return 'not-dicom';
  const group = head[0]! | (head[1]! << 8);
  const element = head[2]! | (head[3]! << 8);
  if ((group === 0x0002 || group === 0x0008) && element < 0x0100) {
    const vr = String.fromCharCode(head[4]!, head[5]!);
    // Explicit VR with a known-looking VR, or implicit with a small even length.
    if (/^[A-Z]{2}$/.test(vr)) return 'bare-dataset';
    const length = head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24);
    if (length >= 0 && length < 1024 && length % 2 === 0) return 'bare-dataset';
  }
  return 'not-dicom';
}
