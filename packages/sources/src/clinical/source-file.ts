import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { oncoError } from '@oncoatlas/core';

/**
 * Reads a clinical file whole. Clinical exports are small next to imaging (megabytes, not gigabytes), and
 * every reader needs random access anyway: encoding and delimiter detection look at the start, XLSX needs
 * the zip's central directory at the end.
 */
export function readSourceBytes(path: string): Buffer {
  const file = basename(path);
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw oncoError('SOURCE_NOT_FOUND', `Clinical file ${file} does not exist.`, { file }, err);
    }
    if (code === 'EISDIR') {
      throw oncoError('CLINICAL_UNREADABLE', `${file} is a folder, not a clinical table file.`, { file }, err);
    }
    throw oncoError('IO_FAILED', `Clinical file ${file} could not be read (${code || 'unknown error'}).`, { file }, err);
  }
}
