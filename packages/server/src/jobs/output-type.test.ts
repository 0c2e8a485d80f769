import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isText, outputHeaders } from './output-type.ts';

const text = Buffer.from('n,mean\n12,3.5\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

test('a reviewer reads any text as text/plain, a PNG as an image, anything else as an attachment', () => {
  assert.deepEqual(outputHeaders('stats.csv', text, { forReview: true }), { 'content-type': 'text/plain; charset=utf-8' });
  assert.deepEqual(outputHeaders('page.html', Buffer.from('<script>alert(1)</script>'), { forReview: true }), { 'content-type': 'text/plain; charset=utf-8' });
  assert.deepEqual(outputHeaders('plot.png', png, { forReview: true }), { 'content-type': 'image/png' });
  assert.equal(outputHeaders('blob.bin', png, { forReview: true })['content-type'], 'application/octet-stream');
});

test('a researcher downloads a released file with the type its name says, under a plain file name', () => {
  assert.deepEqual(outputHeaders('tables/stats.csv', text, { forReview: false }), { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="stats.csv"' });
  assert.equal(outputHeaders('x.json', Buffer.from('{}'), { forReview: false })['content-type'], 'application/json');
  assert.equal(outputHeaders('notes', text, { forReview: false })['content-type'], 'text/plain; charset=utf-8');
  assert.equal(outputHeaders('we"ird name;.txt', text, { forReview: false })['content-disposition'], 'attachment; filename="we_ird_name_.txt"');
  assert.ok(isText(Buffer.from('héllo')) && !isText(Buffer.from([0xff, 0xfe, 0])) && !isText(png));
});
