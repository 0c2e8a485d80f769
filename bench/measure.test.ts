import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gnuTimeAvailable, measure, type RssMethod } from './measure.ts';

const methods: RssMethod[] = gnuTimeAvailable() ? ['gnu-time', 'proc-poll'] : ['proc-poll'];
// Holds 160 MiB resident (filled, so the pages are touched) long enough for several 20 ms polls.
const HOG = 'const b = Buffer.alloc(160 * 2 ** 20, 1); setTimeout(() => { b[0] = 2; }, 300);';

for (const method of methods) {
  test(`${method}: reports the exit code and the wall-clock time`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-measure-'));
    try {
      const m = await measure({ file: 'sh', args: ['-c', 'sleep 0.2; exit 3'] }, method, join(dir, 'log'));
      assert.equal(m.exitCode, 3);
      assert.ok(m.seconds >= 0.2 && m.seconds < 2, `seconds ${m.seconds}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${method}: sees the peak of a grandchild behind a shell`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-measure-'));
    try {
      const m = await measure({ file: 'sh', args: ['-c', '"$0" -e "$1"; true', process.execPath, HOG] }, method, join(dir, 'log'));
      assert.equal(m.exitCode, 0);
      assert.ok(m.peakRssMb >= 160 && m.peakRssMb < 400, `peak ${m.peakRssMb} MB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
