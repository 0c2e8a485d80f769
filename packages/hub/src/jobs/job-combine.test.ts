import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineResults, contentTypeOf, tableRecords } from './job-combine.ts';
import { pollInterval } from './job-poller.ts';
import { isOutputPath, readJobResultReply, readJobStatusReply, JOB_RESULT_MAX_BASE64 } from './job-tasks.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

test('tables with one header are concatenated with a leading node column; others stay per node', () => {
  const files = combineResults([
    { label: 'Hospital A', files: [{ path: 'stats.csv', base64: b64('\uFEFFk,n\r\nCT,7\r\n"x,\ny",2\r\n') }, { path: 'odd.csv', base64: b64('a\n1\n') }, { path: 'plot.png', base64: b64('PNG') }] },
    { label: 'Hospital, B', files: [{ path: 'stats.csv', base64: b64('k,n\nCT,9') }, { path: 'odd.csv', base64: b64('b\n2\n') }, { path: 'notes.txt', base64: b64('fine') }] },
  ]);
  assert.deepEqual(files, [
    { name: 'notes.txt', node: 'Hospital, B', contentType: 'text/plain; charset=utf-8', text: 'fine' },
    { name: 'odd.csv', node: 'Hospital A', contentType: 'text/csv; charset=utf-8', text: 'a\n1\n' },
    { name: 'odd.csv', node: 'Hospital, B', contentType: 'text/csv; charset=utf-8', text: 'b\n2\n' },
    { name: 'plot.png', node: 'Hospital A', contentType: 'image/png', base64: b64('PNG') },
    { name: 'stats.csv', contentType: 'text/csv; charset=utf-8', text: 'node,k,n\nHospital A,CT,7\nHospital A,"x,\ny",2\n"Hospital, B",CT,9\n' },
  ]);
  assert.deepEqual(tableRecords('a\tb\n"1\n2"\t3\n\n'), ['a\tb', '"1\n2"\t3']);
  assert.equal(contentTypeOf('x.bin'), 'application/octet-stream');
});

test('node answers are read defensively: paths stay under /output, hashes are hex, the result has a size cap', () => {
  for (const bad of ['/etc/passwd', '../x', 'a/../b', 'a\\b', '', 'a//b']) assert.equal(isOutputPath(bad), false, bad);
  assert.equal(isOutputPath('tables/stats.csv'), true);
  assert.throws(() => readJobStatusReply({ state: 'done', reason: null, outputs: [] }), /malformed/);
  assert.deepEqual(readJobStatusReply({ state: 'running', reason: null, outputs: [] }), { state: 'running', reason: null, outputs: [] });
  const big = 'A'.repeat(JOB_RESULT_MAX_BASE64 + 4);
  assert.throws(() => readJobResultReply({ files: [{ path: 'x.csv', sha256: 'a'.repeat(64), base64: big }] }), (e: { code?: string }) => e.code === 'JOB_OUTPUT_BLOCKED');
});

test('polls slow down while a node\'s part does not change', () => {
  assert.deepEqual([pollInterval(5000, 0), pollInterval(5000, 5 * 60_000), pollInterval(5000, 60 * 60_000)], [5000, 20_000, 60_000]);
});
