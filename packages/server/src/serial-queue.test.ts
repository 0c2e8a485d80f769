import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { acquireWriterLock } from '@oncoatlas/store';
import { problemOf } from './problem-details.ts';
import { serialQueue } from './serial-queue.ts';

test('each queued write holds the writer lock while it runs, and releases it when it fails', async () => {
  const log: string[] = [];
  const serially = serialQueue(async (command) => {
    log.push(`take ${command}`);
    return { holder: { command, pid: 1, host: 'h', since: 'now' }, release: async () => { log.push(`free ${command}`); } };
  });
  const a = serially(async () => { log.push('write a'); return 'a'; }, 'serve: review decision');
  const b = serially(async () => { log.push('write b'); throw new Error('b failed'); }, 'serve: dataset create');
  assert.equal(await a, 'a');
  await assert.rejects(b, /b failed/);
  assert.deepEqual(log, ['take serve: review decision', 'write a', 'free serve: review decision', 'take serve: dataset create', 'write b', 'free serve: dataset create']);
});

test('a write while the command line holds the lock is DATA_DIR_LOCKED, answered 409, and runs nothing', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oncoatlas-serve-lock-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const cli = await acquireWriterLock({ dataDir, command: 'populate' });
  const serially = serialQueue((command) => acquireWriterLock({ dataDir, command }));
  let ran = false;
  const err = await serially(async () => { ran = true; }, 'serve: review decision').then(() => undefined, (e: unknown) => e);
  assert.ok(isOncoAtlasError(err, 'DATA_DIR_LOCKED'));
  assert.equal(ran, false);
  const problem = problemOf(err);
  assert.equal(problem.status, 409);
  assert.match(problem.detail, /populate \(pid \d+ on /);
  await cli.release();
  await serially(async () => { ran = true; }, 'serve: review decision');
  assert.equal(ran, true, 'the next write goes through once the command line is done');
});
