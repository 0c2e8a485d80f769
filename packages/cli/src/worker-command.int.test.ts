import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { openStore, StudyQueue } from '@oncoatlas/store';
import { createTestDatabase } from '@oncoatlas/testkit';
import { main } from './main.ts';
import { runWorker } from './worker-command.ts';

const suite = 'oncoatlas worker';
const database = await createTestDatabase(suite);
const BIN = fileURLToPath(new URL('../bin/oncoatlas.js', import.meta.url));

if (database !== undefined) {
  test(`${suite}: the command prints its startup line and stops on SIGTERM with status 0`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-worker-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    assert.equal(spawnSync(process.execPath, [BIN, 'secret', 'new', join(dir, 'site.secret')]).status, 0);
    const child = spawn(process.execPath, [BIN, 'worker', '--database', database, '--data-dir', join(dir, 'data'), '--secret-file', join(dir, 'site.secret'), '--concurrency', '3']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const until = Date.now() + 15_000;
    while (!out.includes('Worker on')) {
      assert.ok(Date.now() < until, `no startup line: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(out, /^Worker on PostgreSQL .*: up to 3 studies at a time \(stages: deidentify\)/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out, /Stopping: taking no more jobs.*\nWorker stopped\.\n$/s);
  });

  test(`${suite}: says where and how many, runs jobs by stage, and stops when asked after the running study`, async () => {
    const store = await openStore({ database });
    const lines: string[] = [];
    const stop = new AbortController();
    const done: string[] = [];
    let release: () => void = () => {};
    const withPassword = new URL(database);
    withPassword.password = 'S3cret-pw'; // trust authentication ignores it; the worker must not print it
    const running = runWorker({
      database: withPassword.toString(),
      concurrency: 3,
      handlers: {
        deidentify: async (job) => {
          stop.abort(); // asked to stop while this study runs: it still finishes
          await new Promise<void>((r) => { release = r; });
          done.push(job.study);
        },
      },
      stop: stop.signal,
      write: (line) => lines.push(line),
      queue: { pollingIntervalSeconds: 0.5 },
    });
    const queue = await StudyQueue.open({ database });
    try {
      const until = Date.now() + 10_000;
      while (!lines.some((l) => l.startsWith('Worker on'))) {
        assert.ok(Date.now() < until, 'no startup line');
        await new Promise((r) => setTimeout(r, 50));
      }
      const db = new URL(database);
      assert.equal(lines[0], `Worker on PostgreSQL ${db.hostname}:${db.port}${db.pathname}: up to 3 studies at a time (stages: deidentify). SIGTERM or Ctrl-C stops it after the studies it is running.`);
      await store.db.transaction().execute((trx) => queue.enqueue(trx, [{ study: 'st-one', run: 1, stage: 'deidentify' }]));
      while (!lines.some((l) => l.startsWith('Stopping'))) await new Promise((r) => setTimeout(r, 50));
      release();
      await running;
      assert.deepEqual(done, ['st-one']);
      assert.deepEqual(await queue.counts(1), { queued: 0, active: 0, retry: 0, failed: 0, completed: 1 });
      assert.equal(lines.at(-1), 'Worker stopped.');
      assert.ok(lines.every((l) => !l.includes('S3cret')));
    } finally {
      await queue.stop({ graceful: false });
      await store.close();
    }
  });
}

test(`${suite}: an unreachable database is QUEUE_UNAVAILABLE, without the password`, async () => {
  await assert.rejects(
    runWorker({ database: 'postgres://atlas:S3cret-pw@127.0.0.1:1/atlas', concurrency: 1, handlers: {}, stop: new AbortController().signal, write: () => {} }),
    (err: unknown) => isOncoAtlasError(err, 'QUEUE_UNAVAILABLE') && err.message.includes('127.0.0.1:1/atlas') && !err.message.includes('S3cret'),
  );
});

test(`${suite}: on the embedded SQLite default it exits non-zero with QUEUE_REQUIRES_POSTGRES`, async () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => { written.push(s); return true; }) as typeof process.stderr.write;
  try {
    assert.equal(await main(['node', 'oncoatlas', 'worker', '--database', 'sqlite:/tmp/oncoatlas-worker-test.sqlite', '--data-dir', '/tmp/oncoatlas-worker-none', '--secret-file', '/tmp/oncoatlas-worker-none.secret']), 1);
  } finally {
    process.stderr.write = write;
  }
  assert.match(written.join(''), /error QUEUE_REQUIRES_POSTGRES: .*oncoatlas worker --database postgres:/);
});
