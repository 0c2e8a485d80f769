'use strict';
/*
 * series-stats: per series of the dataset version, its modality, instances, rows x columns and the pixel values'
 * min, max, mean and standard deviation (stored values with the rescale slope and intercept applied), in
 * series-stats.csv keyed by an ordinal; and the same pooled per modality in series-stats-summary.csv.
 * Usage: series-stats [--modality <M>]...
 */
const { images, littleEndian, parse, number, writeCsv } = require('./lib/dicom-files.cjs');

const args = process.argv.slice(2);
const modalities = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--modality' && args[i + 1]) modalities.push(args[++i].toUpperCase());
  else { console.error(`series-stats: unknown argument ${args[i]} (usage: series-stats [--modality <M>]...)`); process.exit(2); }
}

/** Accumulates values: count, min, max, sum and the sum of squares (for the standard deviation). */
function stats() {
  return { pixels: 0, min: Infinity, max: -Infinity, sum: 0, sumSq: 0 };
}
function merge(into, s) {
  into.pixels += s.pixels; into.min = Math.min(into.min, s.min); into.max = Math.max(into.max, s.max); into.sum += s.sum; into.sumSq += s.sumSq;
}
function finish(s) {
  if (s.pixels === 0) return { pixels: 0, min: null, max: null, mean: null, sd: null };
  const mean = s.sum / s.pixels;
  return { pixels: s.pixels, min: s.min, max: s.max, mean, sd: Math.sqrt(Math.max(0, s.sumSq / s.pixels - mean * mean)) };
}

function pixelStats(ds, s) {
  const el = ds.elements.x7fe00010;
  const rows = ds.uint16('x00280010');
  const columns = ds.uint16('x00280011');
  const bitsAllocated = ds.uint16('x00280100');
  if (!el || !rows || !columns || (bitsAllocated !== 8 && bitsAllocated !== 16) || el.encapsulatedPixelData) return;
  const bitsStored = ds.uint16('x00280101') || bitsAllocated;
  const signed = ds.uint16('x00280103') === 1;
  const samples = ds.uint16('x00280002') || 1;
  const frames = Math.max(1, number(ds, 'x00280008', 0, 1));
  const slope = number(ds, 'x00281053', 0, 1);
  const intercept = number(ds, 'x00281052', 0, 0);
  const count = rows * columns * samples * frames;
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, Math.min(el.length, count * bitsAllocated / 8));
  const le = littleEndian(ds);
  const mask = bitsStored >= 32 ? 0xffffffff : (1 << bitsStored) - 1;
  const sign = 1 << (bitsStored - 1);
  const n = view.byteLength / (bitsAllocated / 8);
  for (let i = 0; i < n; i++) {
    let v = (bitsAllocated === 16 ? view.getUint16(i * 2, le) : view.getUint8(i)) & mask;
    if (signed && v & sign) v -= mask + 1;
    const x = v * slope + intercept;
    s.pixels++; if (x < s.min) s.min = x; if (x > s.max) s.max = x; s.sum += x; s.sumSq += x * x;
  }
}

const series = new Map();
for (const { series: key, file } of images()) {
  const ds = parse(file);
  const modality = (ds.string('x00080060') || 'OT').trim();
  if (modalities.length > 0 && !modalities.includes(modality)) continue;
  let s = series.get(key);
  if (!s) series.set(key, s = { modality, instances: 0, rows: null, columns: null, stats: stats() });
  s.instances++;
  s.rows = s.rows ?? ds.uint16('x00280010') ?? null;
  s.columns = s.columns ?? ds.uint16('x00280011') ?? null;
  pixelStats(ds, s.stats);
}

const perSeries = [];
const perModality = new Map();
let ordinal = 0;
for (const s of series.values()) {
  perSeries.push({ series: ++ordinal, modality: s.modality, instances: s.instances, rows: s.rows, columns: s.columns, ...finish(s.stats) });
  let m = perModality.get(s.modality);
  if (!m) perModality.set(s.modality, m = { n_series: 0, instances: 0, stats: stats() });
  m.n_series++; m.instances += s.instances;
  if (s.stats.pixels > 0) merge(m.stats, s.stats);
}
writeCsv('series-stats.csv', ['series', 'modality', 'instances', 'rows', 'columns', 'pixels', 'min', 'max', 'mean', 'sd'], perSeries);
writeCsv('series-stats-summary.csv', ['modality', 'n_series', 'instances', 'pixels', 'min', 'max', 'mean', 'sd'],
  [...perModality].sort(([a], [b]) => (a < b ? -1 : 1)).map(([modality, m]) => ({ modality, n_series: m.n_series, instances: m.instances, ...finish(m.stats) })));
console.log(`series-stats: ${perSeries.length} series of ${perModality.size} modalities`);
