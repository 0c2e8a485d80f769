/**
 * The manifest of a dataset version: every file of its folder (images, clinical extract, reports) with its
 * SHA-256 and size, and the hashing it rests on.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { privateDir, writePrivateFile } from '@oncoatlas/core';

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

export function writeJson(path: string, value: unknown): void {
  privateDir(dirname(path));
  writePrivateFile(path, `${JSON.stringify(value, null, 1)}\n`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Hashes every file under `dir` (but the manifest) and writes the manifest. `hashed` gives hashes already
 * taken of the bytes as they were written (on the threads that wrote them), which are not taken again.
 */
export async function writeManifest(dir: string, head: Omit<Manifest, 'format' | 'files'>, hashed: ReadonlyMap<string, string> = new Map()): Promise<{ manifest: Manifest; bytes: Buffer }> {
  const files: ManifestFile[] = [];
  for (const abs of walk(dir).sort()) {
    const path = relative(dir, abs).split(sep).join('/');
    if (path === MANIFEST) continue;
    const bytes = statSync(abs).size;
    const sha256 = hashed.get(path) ?? await sha256File(abs, bytes);
    files.push({ path, sha256, bytes });
  }
  const manifest: Manifest = { format: 'oncoatlas-dataset-manifest/1', ...head, files };
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
  writePrivateFile(join(dir, MANIFEST), bytes);
  return { manifest, bytes };
}
