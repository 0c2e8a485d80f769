/**
 * Times `oncoatlas synth` on the reference cohort against the limit of writing the same tree at all: `cp -a`
 * of the hospital it wrote (same files, same bytes, same tmpfs), best of `runs`, in one run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, type RssMethod } from './measure.ts';
import { treeSize } from './corpus.ts';

export interface SynthBench {
  readonly studies: number;
  readonly files: number;
  readonly bytes: number;
  readonly synthSeconds: number;
  readonly copySeconds: number;
  readonly peakRssMb: number;
}

export async function benchSynth(o: { root: string; node: string; repo: string; studies: number; runs: number; method: RssMethod; logs: string; say: (s: string) => void }): Promise<SynthBench> {
  const out = join(o.root, 'synth-hospital');
  const copy = join(o.root, 'synth-copy');
  const cli = join(o.repo, 'packages/cli/bin/oncoatlas.js');
  let synthBest = Infinity, copyBest = Infinity, rss = 0;
  for (let round = 1; round <= o.runs; round++) {
    rmSync(out, { recursive: true, force: true });
    const m = await measure({ file: o.node, args: [cli, 'synth', out, '--studies', String(o.studies), '--seed', 'bench', '--no-progress'] }, o.method, join(o.logs, `synth-${round}.log`));
    if (m.exitCode !== 0) throw new Error(`oncoatlas synth exited ${m.exitCode} (see ${o.logs})`);
    synthBest = Math.min(synthBest, m.seconds);
    rss = Math.max(rss, m.peakRssMb);
    rmSync(copy, { recursive: true, force: true });
    const c = await measure({ file: 'cp', args: ['-a', out, copy] }, o.method, join(o.logs, `synth-copy-${round}.log`));
    copyBest = Math.min(copyBest, c.seconds);
    o.say(`synth round ${round}/${o.runs}: oncoatlas synth ${m.seconds.toFixed(2)} s, cp -a ${c.seconds.toFixed(2)} s`);
  }
  const size = treeSize(out);
  rmSync(out, { recursive: true, force: true });
  rmSync(copy, { recursive: true, force: true });
  return { studies: o.studies, files: size.files, bytes: size.bytes, synthSeconds: synthBest, copySeconds: copyBest, peakRssMb: rss };
}

export function synthSection(s: SynthBench): string[] {
  return [
    '## Synthetic hospital generation',
    '',
    `\`oncoatlas synth --studies ${s.studies}\` (small pixels): ${s.files} files, ${(s.bytes / 1e6).toFixed(0)} MB.`,
    '',
    '| tool | best of runs | files/s | peak RSS | vs cp -a |',
    '|---|---:|---:|---:|---:|',
    `| oncoatlas synth (plans, encodes and writes every file, one thread) | ${s.synthSeconds.toFixed(1)} s | ${Math.round(s.files / s.synthSeconds)} | ${s.peakRssMb.toFixed(0)} MB | ${(s.copySeconds / s.synthSeconds).toFixed(2)}x |`,
    `| cp -a of the same tree (the limit: writing these files at all) | ${s.copySeconds.toFixed(1)} s | ${Math.round(s.files / s.copySeconds)} | | 1.00x |`,
    '',
  ];
}
