'use strict';
/*
 * seg-volume: for each segmentation (SEG) object of the dataset version, each segment's frames, voxels set and
 * volume in mL (voxels x PixelSpacing x SpacingBetweenSlices, else SliceThickness, from the shared functional
 * groups), in seg-volumes.csv keyed by ordinals; and per segment label the number of segments and their mean
 * and median volume in seg-volume-summary.csv.
 * Usage: seg-volume
 */
const { images, item, number, parse, writeCsv } = require('./lib/dicom-files.cjs');

if (process.argv.length > 2) { console.error('seg-volume: takes no arguments (usage: seg-volume)'); process.exit(2); }

const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

/** Pixel Measures: from the shared functional groups, else the first frame's. */
function measures(ds) {
  const from = (group) => (group ? item(group, 'x00289110') : undefined);
  const pm = from(item(ds, 'x52009229')) || from(item(ds, 'x52009230'));
  if (!pm) return undefined;
  const spacing = number(pm, 'x00180088') ?? number(pm, 'x00180050');
  const row = number(pm, 'x00280030', 0);
  const col = number(pm, 'x00280030', 1);
  return spacing === null || row === null || col === null ? undefined : { voxelMl: (row * col * Math.abs(spacing)) / 1000 };
}

/** The segment number of each frame (from its functional groups, else the shared ones). */
function frameSegments(ds, frames) {
  const shared = item(ds, 'x52009229');
  const sharedSeg = shared && item(shared, 'x0062000a') ? item(shared, 'x0062000a').uint16('x0062000b') : undefined;
  const perFrame = ds.elements.x52009230;
  return Array.from({ length: frames }, (_, f) => {
    const fg = perFrame && perFrame.items && perFrame.items[f] ? perFrame.items[f].dataSet : undefined;
    const id = fg ? item(fg, 'x0062000a') : undefined;
    return id ? id.uint16('x0062000b') : sharedSeg;
  });
}

function segments(ds) {
  const rows = ds.uint16('x00280010');
  const columns = ds.uint16('x00280011');
  const frames = Math.max(1, number(ds, 'x00280008', 0, 1));
  const bits = ds.uint16('x00280100');
  const el = ds.elements.x7fe00010;
  const labels = new Map();
  for (const it of (ds.elements.x00620002 && ds.elements.x00620002.items) || []) {
    labels.set(it.dataSet.uint16('x00620004'), (it.dataSet.string('x00620005') || '').trim());
  }
  const bySegment = new Map();
  const perFrame = rows * columns;
  const bytes = el ? new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length) : new Uint8Array(0);
  frameSegments(ds, frames).forEach((segment, f) => {
    let set = 0;
    for (let p = 0; p < perFrame; p++) {
      const i = f * perFrame + p;
      // BINARY: one bit a pixel, packed from the lowest bit, frames not byte-aligned; FRACTIONAL: one byte.
      const on = bits === 1 ? (bytes[i >> 3] >> (i & 7)) & 1 : bytes[i];
      if (on) set++;
    }
    const s = bySegment.get(segment) || { frames: 0, voxels: 0 };
    s.frames++; s.voxels += set;
    bySegment.set(segment, s);
  });
  return [...bySegment].sort(([a], [b]) => a - b).map(([segment, s]) => ({ segment, label: labels.get(segment) || `segment ${segment}`, ...s }));
}

const rows = [];
let ordinal = 0;
for (const { file } of images()) {
  const ds = parse(file);
  if ((ds.string('x00080016') || '').trim() !== SEG_CLASS) continue;
  ordinal++;
  const m = measures(ds);
  for (const s of segments(ds)) {
    rows.push({ seg: ordinal, segment: s.segment, label: s.label, frames: s.frames, voxels: s.voxels, volume_ml: m ? s.voxels * m.voxelMl : null });
  }
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length === 0 ? null : v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const byLabel = new Map();
for (const r of rows) if (r.volume_ml !== null) byLabel.set(r.label, [...(byLabel.get(r.label) || []), r.volume_ml]);
writeCsv('seg-volumes.csv', ['seg', 'segment', 'label', 'frames', 'voxels', 'volume_ml'], rows);
writeCsv('seg-volume-summary.csv', ['label', 'n', 'mean_ml', 'median_ml'], [...byLabel].sort(([a], [b]) => (a < b ? -1 : 1))
  .map(([label, v]) => ({ label, n: v.length, mean_ml: v.reduce((a, b) => a + b, 0) / v.length, median_ml: median(v) })));
console.log(`seg-volume: ${ordinal} segmentation objects, ${rows.length} segments`);
