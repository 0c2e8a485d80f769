import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { parsePart10 } from '@oncoatlas/dicom';

export interface ParserResult {
  readonly files: number;
  readonly oursMicros: number;
  readonly dicomParserMicros: number;
}

/**
 * Why we wrote our own dataset parser: on the same headers, in the same process, our offsets-only parser
 * against dicom-parser's parseDicom (both warmed up). Every file is parsed twice per run (input and
 * verification), so this is on the hot path.
 */
export function measureParser(dir: string): ParserResult | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).slice(0, 2000)
    .map((e) => readFileSync(join(e.parentPath, e.name)));
  const time = (fn: (b: Uint8Array) => unknown): number => {
    for (const b of files) fn(b);
    const t = performance.now();
    for (let r = 0; r < 5; r++) for (const b of files) fn(b);
    return ((performance.now() - t) * 1000) / (files.length * 5);
  };
  return { files: files.length, oursMicros: time((b) => parsePart10(b)), dicomParserMicros: time((b) => dicomParser.parseDicom(b)) };
}
