import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createPrivateFile, privateDir, replacePrivateFile, writeNewPrivateFile, writePrivateFile } from './private-files.ts';

const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);

test('folders and files are made owner-only whatever the umask, and a file written again becomes owner-only', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-private-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const umask = process.umask(0);
  try {
    assert.equal(privateDir(join(root, 'a', 'b')), join(root, 'a', 'b'));
    assert.deepEqual([mode(join(root, 'a')), mode(join(root, 'a', 'b'))], ['700', '700']);
    mkdirSync(join(root, 'shared'), { mode: 0o755 });
    privateDir(join(root, 'shared'));
    assert.equal(mode(join(root, 'shared')), '755', 'a folder that exists keeps the mode its owner gave it');

    const file = join(root, 'a', 'report.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    writePrivateFile(file, 'new');
    assert.deepEqual([readFileSync(file, 'utf8'), mode(file)], ['new', '600']);

    replacePrivateFile(join(root, 'a', 'checkpoints'), 'one\n', { flush: true });
    assert.deepEqual([readFileSync(join(root, 'a', 'checkpoints'), 'utf8'), mode(join(root, 'a', 'checkpoints'))], ['one\n', '600']);
    assert.ok(!existsSync(join(root, 'a', 'checkpoints.tmp')));

    createPrivateFile(join(root, 'a', 'atlas.sqlite'));
    assert.deepEqual([readFileSync(join(root, 'a', 'atlas.sqlite'), 'utf8'), mode(join(root, 'a', 'atlas.sqlite'))], ['', '600']);
    writeFileSync(join(root, 'a', 'atlas.sqlite'), 'data');
    createPrivateFile(join(root, 'a', 'atlas.sqlite'));
    assert.equal(readFileSync(join(root, 'a', 'atlas.sqlite'), 'utf8'), 'data', 'an existing file is left as it is');
  } finally {
    process.umask(umask);
  }
});

test('a new private file is made owner-only, once: a second create fails with EEXIST and leaves the first', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'oncoatlas-private-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const umask = process.umask(0);
  try {
    writeNewPrivateFile(join(root, 'lock'), 'first');
    assert.equal(mode(join(root, 'lock')), '600');
    assert.throws(() => writeNewPrivateFile(join(root, 'lock'), 'second'), { code: 'EEXIST' });
    assert.equal(readFileSync(join(root, 'lock'), 'utf8'), 'first');
  } finally {
    process.umask(umask);
  }
});
