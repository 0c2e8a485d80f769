/**
 * The benchmark corpora, on tmpfs: built once with @oncoatlas/testkit and reused while a marker beside the
 * folder says it is complete and the folder still matches it (a run interrupted while writing leaves no marker,
 * so the next run rebuilds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeBenchCorpus, writeLargeMultiframe } from '@oncoatlas/testkit';
import type { CaseId } from './tools.ts';

export interface Corpus {
  readonly id: CaseId;
  readonly title: string;
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  /** Seconds it took to write, or undefined when an existing corpus was reused. */
  readonly builtInSeconds: number | undefined;
  /** Attributes of one file (dcmdump's count), for the header corpora. */
  readonly attributes: { topLevel: number; all: number } | undefined;
}

interface Spec {
  readonly name: string;
  readonly title: string;
  readonly build: (dir: string) => Promise<void>;
}

/** Full sizes are the issue's; --quick divides the file counts by ten and makes the large file 100 MB. */
export function corpusSpec(id: CaseId, quick: boolean): Spec {
  const scale = quick ? 10 : 1;
  if (id === 'ct') {
    const count = 2000 / scale;
    return { name: `ct-${count}`, title: 'CT-like (512x512 16-bit)', build: async (d) => { await writeBenchCorpus(d, { kind: 'ct', count }); } };
  }
  if (id === 'header') {
    const count = 5000 / scale;
    return { name: `header-${count}`, title: 'Header-heavy (64x64, ~120 attributes)', build: async (d) => { await writeBenchCorpus(d, { kind: 'header', count }); } };
  }
  const bytes = quick ? 100e6 : 1e9;
  return {
    name: `large-${bytes}`,
    title: `One ${(bytes / 1e9).toFixed(1)} GB multi-frame file`,
    build: (d) => writeLargeMultiframe(join(d, 'multiframe.dcm'), { bytes }),
  };
}

/** Regular files under `dir` and their total size. */
export function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += statSync(join(e.parentPath, e.name)).size;
  }
  return { files, bytes };
}

export async function ensureCorpus(root: string, id: CaseId, opts: { quick: boolean; fresh: boolean }): Promise<Corpus> {
  const spec = corpusSpec(id, opts.quick);
  const dir = join(root, spec.name);
  const marker = join(root, `${spec.name}.json`);
  if (!opts.fresh && existsSync(marker) && existsSync(dir)) {
    const recorded = JSON.parse(readFileSync(marker, 'utf8')) as { files: number; bytes: number };
    const found = treeSize(dir);
    if (found.files === recorded.files && found.bytes === recorded.bytes) {
      return { id, title: spec.title, dir, ...found, builtInSeconds: undefined, attributes: id === 'large' ? undefined : sampleAttributes(dir) };
    }
  }
  rmSync(marker, { force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  await spec.build(dir);
  const builtInSeconds = (performance.now() - started) / 1000;
  const found = treeSize(dir);
  writeFileSync(marker, JSON.stringify(found));
  return { id, title: spec.title, dir, ...found, builtInSeconds, attributes: id === 'large' ? undefined : sampleAttributes(dir) };
}

/** First file of a corpus in directory order (the walk is deterministic for a given folder). */
function firstFile(dir: string): string | undefined {
  const e = readdirSync(dir, { recursive: true, withFileTypes: true }).find((x) => x.isFile());
  return e ? join(e.parentPath, e.name) : undefined;
}

/**
 * Counts the attributes of one file of the corpus with dcmdump (not our parser, so the description does not
 * depend on the code under test): top-level dataset attributes, and all of them including those in sequences.
 */
export function sampleAttributes(dir: string): { topLevel: number; all: number } | undefined {
  const file = firstFile(dir);
  if (!file) return undefined;
  const r = spawnSync('dcmdump', ['-q', '-M', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) return undefined;
  const lines = r.stdout.split('\n').filter((l) => /^\s*\([0-9a-f]{4},/.test(l) && !/\(fffe,/.test(l) && !/^\s*\(0002,/.test(l));
  return { topLevel: lines.filter((l) => l.startsWith('(')).length, all: lines.length };
}
