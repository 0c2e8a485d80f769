/**
 * Debian's tesseract (5.x, package tesseract-ocr with tesseract-ocr-eng) through its command line: a maintained
 * engine with no native addon in our process. The image goes through a temporary file, owner-only in an
 * owner-only folder, named without any identifier and removed after.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { oncoError, writePrivateFile } from '@oncoatlas/core';
import type { OcrWord } from './match.ts';

const run = promisify(execFile);

export const TESSERACT = 'tesseract';

/** True when the tesseract command answers. */
export function tesseractAvailable(tesseract: string = TESSERACT): boolean {
  return spawnSync(tesseract, ['--version'], { stdio: 'ignore' }).status === 0;
}

function missing(tesseract: string, cause?: unknown): never {
  throw oncoError('IO_FAILED', `Burned-in text detection needs tesseract, which could not be run (${tesseract}): apt-get install tesseract-ocr tesseract-ocr-eng.`, { tool: tesseract }, cause);
}

/**
 * Words of tesseract's TSV output (level 5 rows with text): columns level, page, block, paragraph, line, word,
 * left, top, width, height, conf, text.
 */
export function parseTsv(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n').slice(1)) {
    const c = row.split('\t');
    if (c.length < 12 || c[0] !== '5') continue;
    const text = c.slice(11).join('\t').trim();
    const [left, top, width, height, conf] = c.slice(6, 11).map(Number) as [number, number, number, number, number];
    if (text === '' || ![left, top, width, height, conf].every(Number.isFinite)) continue;
    words.push({ text, box: [left, top, width, height], confidence: Math.max(0, conf), line: c.slice(1, 5).join('.') });
  }
  return words;
}

/**
 * OCR of a PNG as sparse text (page segmentation mode 11: text anywhere, no reading order), as on a scanner's
 * screen. One thread per call: callers run several images in parallel, and tesseract's OpenMP threads only
 * slow that down.
 */
export async function ocrWords(png: Uint8Array, o: { tesseract?: string } = {}): Promise<OcrWord[]> {
  const tesseract = o.tesseract ?? TESSERACT;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-ocr-'));
  try {
    const input = join(dir, 'frame.png');
    writePrivateFile(input, png);
    let stdout: string;
    try {
      // tessedit_do_invert=0: the caller already gives dark text on a light ground, and tesseract skips a second pass per line.
      ({ stdout } = await run(tesseract, [input, '-', '--psm', '11', '-c', 'tessedit_do_invert=0', 'tsv'], {
        env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20, timeout: 120_000, encoding: 'utf8',
      }));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') missing(tesseract, err);
      // tesseract's stderr may name the temporary file only; the message says what failed, not what was read.
      throw oncoError('IO_FAILED', 'tesseract failed to read the rendered frame.', { tool: tesseract }, err);
    }
    return parseTsv(stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
