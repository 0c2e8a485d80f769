import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFixtureCorpus } from '@oncoatlas/testkit';
import { readAll, type SourceItem, type StudySource } from '../source.ts';
import { FolderSource } from './folder-source.ts';

async function collect(source: StudySource): Promise<{ instances: Map<string, Buffer>; problems: { origin: string; code: string }[] }> {
  const instances = new Map<string, Buffer>();
  const problems: { origin: string; code: string }[] = [];
  for await (const item of source.items() as AsyncIterable<SourceItem>) {
    if (item.kind === 'instance') instances.set(item.origin, await readAll(item.content));
    else problems.push({ origin: item.origin, code: item.error.code });
  }
  return { instances, problems };
}

test('a nested export with links, stray files and a loop yields every instance once and reports the rest', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-folder-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const base = join(dir, 'export', 'a', 'b');
  const manifest = await writeFixtureCorpus(base);
  mkdirSync(join(dir, 'export', 'c'), { recursive: true });
  writeFileSync(join(dir, 'export', 'c', 'Thumbs.db'), Buffer.alloc(300, 7));
  writeFileSync(join(dir, 'export', 'c', 'LEEME.txt'), 'Exportado desde PACS\r\n');
  const first = join(base, manifest.files[0]!.path);
  symlinkSync(first, join(dir, 'export', 'c', 'IM_LINK')); // a duplicate exported as a link: seen once
  symlinkSync(join(dir, 'export'), join(dir, 'export', 'c', 'loop')); // a directory link back to the root
  symlinkSync(join(dir, 'nowhere'), join(dir, 'export', 'c', 'dangling'));

  const { instances, problems } = await collect(new FolderSource({ root: join(dir, 'export') }));
  assert.equal(instances.size, manifest.files.length);
  for (const f of manifest.files) assert.deepEqual(instances.get(join(base, f.path)), readFileSync(join(base, f.path)), 'bytes as on disk');
  assert.deepEqual(problems.map((p) => p.code).sort(), ['DICOM_NOT_PART10', 'DICOM_NOT_PART10', 'IO_FAILED']);

  const again = await collect(new FolderSource({ root: join(dir, 'export') }));
  assert.deepEqual([...again.instances.keys()], [...instances.keys()], 'the walk order is stable');
});

test('a missing export folder is an error that says what to check', async () => {
  await assert.rejects(collect(new FolderSource({ root: '/nonexistent/export' })), (e: Error & { code?: string }) => e.code === 'SOURCE_NOT_FOUND' && /check the path/.test(e.message));
});
