import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { checkDataDirModes } from './file-modes.ts';

test('a data directory is checked for folders and files other users can read, named inside it only', (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'oncoatlas-modes-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  // The data directory's own name may say whose data it is: it must not appear in what is reported.
  const data = join(parent, 'GARCIA_MARIA_atlas');
  assert.deepEqual(checkDataDirModes(data, { strict: true }), [], 'a data directory not made yet is fine');

  mkdirSync(join(data, 'deidentified', 'OA-1'), { recursive: true, mode: 0o700 });
  chmodSync(data, 0o700);
  writeFileSync(join(data, 'atlas.sqlite'), 'x', { mode: 0o600 });
  writeFileSync(join(data, 'deidentified', 'OA-1', '1.dcm'), 'x', { mode: 0o600 });
  symlinkSync('/etc/hostname', join(data, 'a-link'));
  assert.deepEqual(checkDataDirModes(data, { strict: true }), [], 'owner-only throughout (a link is not judged by its own mode)');

  chmodSync(data, 0o755);
  chmodSync(join(data, 'atlas.sqlite'), 0o644);
  chmodSync(join(data, 'deidentified', 'OA-1'), 0o750);
  const warnings = checkDataDirModes(data, { strict: false });
  assert.deepEqual(warnings.slice(0, 3), [
    'the data directory is mode 755: other users of this machine can read it',
    'atlas.sqlite is mode 644: other users of this machine can read it',
    'deidentified/OA-1/ is mode 750: other users of this machine can read it',
  ]);
  assert.match(warnings[3]!, /^3 folder\(s\) or file\(s\) .* chmod -R go-rwx/);
  assert.ok(warnings.every((w) => !w.includes(parent) && !w.includes('GARCIA')));

  assert.throws(() => checkDataDirModes(data, { strict: true }), (err: unknown) =>
    isOncoAtlasError(err, 'DATA_DIR_MODES') && err.details.count === 3 && /atlas\.sqlite is mode 644/.test(err.message) && !err.message.includes('GARCIA'));

  for (let i = 0; i < 12; i++) {
    writeFileSync(join(data, 'deidentified', `r${i}`), 'x');
    chmodSync(join(data, 'deidentified', `r${i}`), 0o644);
  }
  const many = checkDataDirModes(data, { strict: false });
  assert.equal(many.length, 11, 'ten named, then the count');
  assert.match(many[10]!, /^15 folder\(s\) or file\(s\) .*\(10 named above\)/);
});
