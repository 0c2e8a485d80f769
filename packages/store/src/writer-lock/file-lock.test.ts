import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { acquireFileLock, LOCK_FILE } from './file-lock.ts';
import { holderNow } from './lock-holder.ts';

function dir(t: { after: (fn: () => void) => void }): string {
  const d = mkdtempSync(join(tmpdir(), 'oncoatlas-lock-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** A pid that was alive a moment ago and is not now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function plant(d: string, holder: Record<string, unknown>, ageMs = 0): void {
  writeFileSync(join(d, LOCK_FILE), JSON.stringify({ token: 'planted', ...holder }), { mode: 0o600 });
  const at = new Date(Date.now() - ageMs);
  utimesSync(join(d, LOCK_FILE), at, at);
}

test('writer lock: one holder at a time; the second is told who holds it, and may take it once released', (t) => {
  const d = dir(t);
  const first = acquireFileLock(d, holderNow('populate'));
  assert.equal(statSync(join(d, LOCK_FILE)).mode & 0o777, 0o600, 'the lock file is owner-only');
  assert.throws(() => acquireFileLock(d, holderNow('review approve')), (err: unknown) => {
    assert.ok(isOncoAtlasError(err, 'DATA_DIR_LOCKED'));
    assert.match(err.message, new RegExp(`populate \\(pid ${process.pid} on ${hostname()}, since \\d{4}-`));
    assert.ok(!err.message.includes(d), 'the data directory path is not in the message');
    assert.deepEqual({ command: err.details.command, pid: err.details.pid }, { command: 'populate', pid: process.pid });
    return true;
  });
  first.release();
  first.release();
  const second = acquireFileLock(d, holderNow('review approve'));
  assert.equal((JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')) as { command: string }).command, 'review approve');
  second.release();
});

test('writer lock: a holder killed on this host (pid gone) is taken over at once', (t) => {
  const d = dir(t);
  plant(d, { command: 'populate', pid: deadPid(), host: hostname(), since: new Date().toISOString() });
  const lock = acquireFileLock(d, holderNow('populate'));
  assert.equal((JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')) as { pid: number }).pid, process.pid);
  lock.release();
});

test('writer lock: a live holder on this host keeps it, however old its heartbeat', (t) => {
  const d = dir(t);
  plant(d, { command: 'populate', pid: process.pid, host: hostname(), since: new Date().toISOString() }, 3_600_000);
  assert.throws(() => acquireFileLock(d, holderNow('populate')), (err: unknown) => isOncoAtlasError(err, 'DATA_DIR_LOCKED'));
});

test('writer lock: a holder on another host is stale once its heartbeat is older than the limit', (t) => {
  const d = dir(t);
  const other = { command: 'populate', pid: 1, host: 'another-host', since: new Date().toISOString() };
  plant(d, other, 1_000);
  assert.throws(() => acquireFileLock(d, holderNow('populate'), { staleMs: 30_000 }), (err: unknown) => isOncoAtlasError(err, 'DATA_DIR_LOCKED') && err.message.includes('another-host'));
  plant(d, other, 60_000);
  acquireFileLock(d, holderNow('populate'), { staleMs: 30_000 }).release();
});

test('writer lock: the heartbeat keeps the file fresh; release leaves a lock another process took over alone', async (t) => {
  const d = dir(t);
  const lock = acquireFileLock(d, holderNow('populate'), { heartbeatMs: 20 });
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(d, LOCK_FILE), old, old);
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(Date.now() - statSync(join(d, LOCK_FILE)).mtimeMs < 5_000, 'the heartbeat touched the file');
  // Thought dead and taken over (as from another host): its release must not free the new holder's lock.
  plant(d, { command: 'review approve', pid: process.pid, host: hostname(), since: new Date().toISOString() });
  lock.release();
  assert.match(readFileSync(join(d, LOCK_FILE), 'utf8'), /review approve/);
});

test('writer lock: a lock file with no readable holder is stale after a grace period only', (t) => {
  const d = dir(t);
  writeFileSync(join(d, LOCK_FILE), '');
  assert.throws(() => acquireFileLock(d, holderNow('populate')), (err: unknown) => isOncoAtlasError(err, 'DATA_DIR_LOCKED') && err.message.includes('unknown command'));
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(d, LOCK_FILE), old, old);
  acquireFileLock(d, holderNow('populate')).release();
});

test('writer lock: processes racing for it never see a lock without its holder; no staged file stays', async (t) => {
  const d = dir(t);
  const lockModule = new URL('./file-lock.ts', import.meta.url).href;
  const holderModule = new URL('./lock-holder.ts', import.meta.url).href;
  // Each racer waits for the same instant, takes the lock and holds it a moment, or prints who refused it.
  const script = `import { acquireFileLock } from ${JSON.stringify(lockModule)}; import { holderNow } from ${JSON.stringify(holderModule)};
const start = Number(process.argv[2]); while (Date.now() < start) {}
try { const l = acquireFileLock(process.argv[1], holderNow('populate')); setTimeout(() => { l.release(); console.log('took'); }, 300); }
catch (err) { console.log(err.details.command ?? 'unknown'); }`;
  const start = String(Date.now() + 1000);
  const racers = Array.from({ length: 8 }, () => new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, d, start], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.on('close', () => resolve(out.trim()));
  }));
  const said = await Promise.all(racers);
  assert.ok(said.includes('took'), said.join(','));
  assert.deepEqual(said.filter((s) => s !== 'took' && s !== 'populate'), [], 'every refused racer named its holder');
  assert.deepEqual(readdirSync(d), [], 'no lock and no staged file left');
});
