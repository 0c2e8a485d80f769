import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeBenchCorpus } from '@oncoatlas/testkit';

const bin = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'oncoatlas-resume-'));
after(() => rmSync(work, { recursive: true, force: true }));

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)).toString('base64'));
  }
  return out;
}

function run(out: string, killAfterMs?: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'deid', join(work, 'in'), out, '--secret-file', join(work, 'secret'), '--jobs', '2', '--no-progress'], { stdio: 'ignore' });
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

test('killed with SIGKILL at any moment, a re-run ends with the same output as an uninterrupted run', async () => {
  await writeBenchCorpus(join(work, 'in'), { kind: 'header', count: 1500 });
  writeFileSync(join(work, 'secret'), 'resume-test-secret-0123456789\n', { mode: 0o600 });
  assert.equal(await run(join(work, 'reference')), 0);
  const reference = tree(join(work, 'reference'));
  const out = join(work, 'crashed');
  const delays = [120, 200, 280, 360, 450, 600];
  let killedMidway = 0;
  for (const ms of delays) if ((await run(out, ms)) === null) killedMidway++;
  assert.ok(killedMidway > 0, 'no run was killed before it finished: the corpus is too small for this machine');
  assert.equal(await run(out), 0);
  assert.equal(existsSync(join(out, '.partial')), false, 'temporary files were left behind');
  const resumed = tree(out);
  assert.equal(resumed.size, reference.size);
  for (const [path, bytes] of reference) assert.equal(resumed.get(path), bytes, `${path} differs after resuming`);
});
