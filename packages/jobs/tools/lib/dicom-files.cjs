'use strict';
/*
 * Shared by the example tools: the images of the dataset version mounted at /data (its files/ tree,
 * files/<patient>/<study>/<series>/<instance>.dcm), parsed with dicom-parser, and CSV writing.
 */
const fs = require('node:fs');
const path = require('node:path');
const dicomParser = require('./dicomParser.min.js');

const DATA = process.env.ONCOATLAS_DATA || '/data';
const OUTPUT = process.env.ONCOATLAS_OUTPUT || '/output';

/** Every image of the version, as {series, file} with `series` its folder: sorted, so ordinals are stable. */
function images() {
  const manifest = JSON.parse(fs.readFileSync(path.join(DATA, 'manifest.json'), 'utf8'));
  return manifest.files
    .map((f) => f.path)
    .filter((p) => p.startsWith('files/') && p.endsWith('.dcm'))
    .sort()
    .map((p) => ({ series: path.dirname(p), file: path.join(DATA, p) }));
}

function parse(file) {
  const bytes = fs.readFileSync(file);
  return dicomParser.parseDicom(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
}

function number(ds, tag, index = 0, fallback = null) {
  const v = ds.floatString(tag, index);
  return v === undefined || Number.isNaN(v) ? fallback : v;
}

function item(ds, tag, index = 0) {
  const el = ds.elements[tag];
  return el && el.items && el.items[index] ? el.items[index].dataSet : undefined;
}

function csvCell(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(name, header, rows) {
  const text = [header, ...rows.map((r) => header.map((h) => r[h]))].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  fs.writeFileSync(path.join(OUTPUT, name), text);
}

function littleEndian(ds) {
  return ds.byteArrayParser !== dicomParser.bigEndianByteArrayParser;
}

module.exports = { images, parse, number, item, littleEndian, writeCsv, OUTPUT };
