import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FolderSource, type SourceItem } from '@oncoatlas/sources';
import { SourcePathKeys } from '@oncoatlas/store';
import { writeBenchCorpus } from '@oncoatlas/testkit';
import { readInParallel, type ListedReading } from './parallel-reads.ts';
import { readInstance } from './run-inventory.ts';

test('readings on threads come back in the listing\'s order, problems in their places, as one thread reads them', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oa-reads-'));
  try {
    // Enough files for several batches on each of three threads, a stray file, a dangling link and a duplicate.
    await writeBenchCorpus(join(root, 'a'), { kind: 'header', count: 300 });
    const first = readdirSync(join(root, 'a'), { recursive: true, withFileTypes: true }).find((e) => e.isFile())!;
    writeFileSync(join(root, 'a', 'notes.txt'), 'not an image');
    symlinkSync(join(root, 'nowhere'), join(root, 'a', 'dangling'));
    const target = join(first.parentPath, first.name);
    symlinkSync(target, join(root, 'b-duplicate'));
    const source = new FolderSource({ root });
    const listing = [...source.localFiles()];
    const keys = SourcePathKeys.fromSiteSecret(Buffer.from('parallel-reads-test-secret-0123'));
    const got: ListedReading[] = [];
    for await (const r of readInParallel(listing, keys, 3)) got.push(r);
    const origin = (r: ListedReading): string => ('kind' in r ? `problem ${r.origin}` : r.path);
    assert.deepEqual(got.map(origin), listing.map((e) => (typeof e === 'string' ? e : `problem ${e.origin}`)));

    // What one thread makes of the same export: the folder's own items, each read in turn.
    const items: SourceItem[] = [];
    for await (const item of source.items()) items.push(item);
    const instances = new Map(items.flatMap((i) => (i.kind === 'instance' ? [[i.origin, i] as const] : [])));
    let read = 0;
    for (const r of got) {
      if ('kind' in r) continue;
      const x = r.reading;
      if (x.kind === 'other') continue;
      assert.equal(keys.open(x.sealed), r.path, 'each path is sealed under its own key');
      if (x.kind === 'problem') {
        assert.ok(items.some((i) => i.kind === 'problem' && i.origin === r.path && i.error.code === x.code), r.path);
        continue;
      }
      const item = instances.get(r.path);
      // The link is listed first (a folder's files before its subfolders), so the walk on one thread skips its target.
      if (!item) { assert.equal(r.path, target, 'only the linked file is read twice'); continue; }
      assert.deepEqual(x.reading, await readInstance(item));
      read++;
    }
    assert.equal(read, 300);
    assert.ok(got.some((r) => !('kind' in r) && r.reading.kind === 'problem' && r.reading.code === 'DICOM_NOT_PART10'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
