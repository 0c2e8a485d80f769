/**
 * What WADO-RS serves of one stored instance, from its bytes: its metadata (DICOM JSON), a bulk value, its
 * frames. The server reads the file; this parses it with our reader, which the server may not import itself.
 */
import { oncoError } from '@oncoatlas/core';
import { parsePart10 } from '@oncoatlas/dicom';
import { elementAt, isBulk, littleEndianValue, toDicomJson, type DicomJson, type DicomJsonOptions } from './dicom-json.ts';
import { extractFrames } from './frames.ts';
import { NOT_ACCEPTABLE } from './multipart.ts';

export function instanceMetadata(bytes: Uint8Array, o: DicomJsonOptions): DicomJson {
  return toDicomJson(parsePart10(bytes), o);
}

/** The frames asked (numbers from 1) of uncompressed pixel data, little endian. */
export function instanceFrames(bytes: Uint8Array, numbers: readonly number[]): Uint8Array[] {
  return extractFrames(parsePart10(bytes), numbers);
}

/** The value a BulkDataURI of instanceMetadata names, little endian; DICOMWEB_NOT_FOUND when the path names none. */
export function instanceBulkData(bytes: Uint8Array, path: string): Uint8Array {
  const f = parsePart10(bytes);
  const hit = elementAt(f, path);
  if (!hit || !isBulk(hit.element)) throw oncoError('DICOMWEB_NOT_FOUND', 'The instance holds no bulk value at that path.');
  if (hit.element.fragments) throw oncoError('DICOMWEB_BAD_REQUEST', 'The value is compressed pixel data; retrieve the instance itself.', { [NOT_ACCEPTABLE]: true });
  return littleEndianValue(f.buffer, hit.element, hit.dataset.syntax.littleEndian);
}
