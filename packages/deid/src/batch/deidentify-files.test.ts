import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { writeBenchCorpus } from '@oncoatlas/testkit';
import type { DeidSettings } from '../settings.ts';
import { deidentifyFiles, FileDeidentifier } from './deidentify-files.ts';
import { startDeidWorkers } from './early-workers.ts';
import type { FileOutcome } from './messages.ts';

const settings: DeidSettings = { profile: 'basic', options: [], secret: Buffer.from('batch-test-secret-0123456789'), allowBurnedIn: false, recordMappings: false };

function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
  }
  return out;
}

/** A header-heavy corpus of `count` files in `dir`, its paths sorted. */
async function corpus(dir: string, count: number): Promise<string[]> {
  await writeBenchCorpus(dir, { kind: 'header', count });
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

test('a listing function is called once, and one thread or three write the same files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oa-batch-'));
  try {
    const files = await corpus(join(root, 'in'), 60);
    let listed = 0;
    const many = await deidentifyFiles({ files: () => { listed++; return files; }, outRoot: join(root, 'three'), settings, jobs: 3 });
    const one = await deidentifyFiles({ files, outRoot: join(root, 'one'), settings, jobs: 1 });
    assert.equal(listed, 1);
    assert.equal(many.length, 60);
    assert.ok(many.every((r) => r.status === 'deidentified'));
    assert.deepEqual(many.map((r) => r.output), one.map((r) => r.output));
    assert.deepEqual(tree(join(root, 'three')), tree(join(root, 'one')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an empty listing finishes with no outcomes; a failing one fails the call', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oa-batch-'));
  try {
    assert.deepEqual(await deidentifyFiles({ files: () => [], outRoot: join(root, 'empty'), settings, jobs: 2 }), []);
    await assert.rejects(deidentifyFiles({ files: () => { throw new Error('cannot list'); }, outRoot: join(root, 'failed'), settings, jobs: 2 }), /cannot list/);
    assert.equal(existsSync(join(root, 'failed')), false, 'no output folder is left behind');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('one set of threads serves run after run (populate\'s chunks) and writes what separate calls write', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oa-batch-'));
  try {
    const files = await corpus(join(root, 'in'), 90);
    const session = new FileDeidentifier({ outRoot: join(root, 'kept'), settings, jobs: 3 });
    const runs: FileOutcome[][] = [];
    try {
      for (const part of [files.slice(0, 40), [], files.slice(40)]) runs.push(await session.run(part));
      // An aborted run hands out nothing and says so; the threads still serve the next one.
      await assert.rejects(session.run(files.slice(0, 5), { signal: AbortSignal.abort() }), (err: Error & { code?: string }) => err.code === 'INTERRUPTED');
    } finally {
      await session.close();
    }
    assert.deepEqual(runs.map((r) => r.length), [40, 0, 50]);
    assert.equal(existsSync(join(root, 'kept', '.partial')), false, 'closing removes the partial files\' folder');
    const once = await deidentifyFiles({ files, outRoot: join(root, 'once'), settings, jobs: 1 });
    assert.deepEqual(runs.flat().map((r) => r.output), once.map((r) => r.output));
    assert.deepEqual(tree(join(root, 'kept')), tree(join(root, 'once')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('threads started before the call are adopted, too many or too few, and write what fresh ones write', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oa-batch-'));
  try {
    const files = await corpus(join(root, 'in'), 60);
    await deidentifyFiles({ files, outRoot: join(root, 'fresh'), settings, jobs: 3 });
    // Three started for a call that wants one thread besides the main one; then one started for a call that wants three.
    startDeidWorkers(3);
    const fewer = await deidentifyFiles({ files: () => files, outRoot: join(root, 'fewer'), settings, jobs: 2 });
    startDeidWorkers(1);
    const more = await deidentifyFiles({ files: () => files, outRoot: join(root, 'more'), settings, jobs: 4 });
    assert.ok([...fewer, ...more].every((r) => r.status === 'deidentified'));
    assert.deepEqual(tree(join(root, 'fewer')), tree(join(root, 'fresh')));
    assert.deepEqual(tree(join(root, 'more')), tree(join(root, 'fresh')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
