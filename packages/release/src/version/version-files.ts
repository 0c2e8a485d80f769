/**
 * The files of a dataset version: de-identified images linked (not copied) from the node's output, the
 * clinical extract and the reports, and the manifest that lists each with its SHA-256. Hard links make a
 * version cheap and immutable at once: the pipeline replaces an output by renaming a new file over it, which
 * leaves the version's link pointing at the old bytes.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { oncoError } from '@oncoatlas/core';

export interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly format: 'oncoatlas-dataset-manifest/1';
  readonly dataset: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly files: readonly ManifestFile[];
}

export const MANIFEST = 'manifest.json';

/** Files up to this size are read in one call: a stream per file costs more than the hashing of a small one. */
const WHOLE_FILE_LIMIT = 16 << 20;

export async function sha256File(path: string, size = statSync(path).size): Promise<string> {
  if (size <= WHOLE_FILE_LIMIT) return createHash('sha256').update(readFileSync(path)).digest('hex');
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Links `from` to `to` (creating folders, remembered in `made` so each is created once); copies when the two
 * are on different file systems.
 */
export function linkOrCopy(from: string, to: string, made: Set<string> = new Set()): void {
  const dir = dirname(to);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  try {
    linkSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV' && (err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    copyFileSync(from, to);
  }
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 1)}\n`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Hashes every file under `dir` (but the manifest) and writes the manifest. `expected` gives the SHA-256 the
 * ledger recorded for image files: a file whose bytes no longer match was changed after de-identification,
 * and the version is refused rather than published with unverified content. `hashed` gives hashes already
 * taken of the bytes as they were written (on the threads that wrote them), which are not taken again.
 */
export async function writeManifest(dir: string, head: Omit<Manifest, 'format' | 'files'>, expected: ReadonlyMap<string, string>, hashed: ReadonlyMap<string, string> = new Map()): Promise<{ manifest: Manifest; bytes: Buffer }> {
  const files: ManifestFile[] = [];
  for (const abs of walk(dir).sort()) {
    const path = relative(dir, abs).split(sep).join('/');
    if (path === MANIFEST) continue;
    const bytes = statSync(abs).size;
    const sha256 = hashed.get(path) ?? await sha256File(abs, bytes);
    const want = expected.get(path);
    if (want !== undefined && want !== sha256) {
      throw oncoError('IO_FAILED', `A de-identified file changed after it was written and verified (${path.split('/').length - 1} folders deep under files/); the version was not created. Re-run oncoatlas populate to re-create it.`, { file: path.split('/').pop() ?? '' });
    }
    files.push({ path, sha256, bytes });
  }
  const manifest: Manifest = { format: 'oncoatlas-dataset-manifest/1', ...head, files };
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
  writeFileSync(join(dir, MANIFEST), bytes);
  return { manifest, bytes };
}
