/**
 * The pixels are test material for OCR and redaction, so their truth must hold: the same seed draws the same
 * bytes, every truth box lies inside the image and holds all of its text's ink (rendered with and without
 * text, then diffed), CT values are plausible Hounsfield units, and the images add no dciodvfy error.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireTool } from '@oncoatlas/testkit';
import { SOP_CLASS, type ImageModality } from '../catalog.ts';
import { planHospital, type StudyPlan } from '../cohort.ts';
import { encodeDataset, part10 } from '../dataset-builder.ts';
import { imageInstance } from '../image-instance.ts';
import { Random } from '../random.ts';
import { drawScene, inksFor } from './anatomy.ts';
import { burnText, dateSpelling, nameSpelling, planText, type TextSubject } from './burned-in.ts';
import { renderPixels } from './image-pixels.ts';

const subject: TextSubject = { family: 'García', secondFamily: 'Núñez', given: 'María', id: '10000013', accession: 'E211234567', birthDate: '19560312', studyDate: '20210312', institution: 'Hospital Universitari Sintètic La Fe-Sant Pau' };
const scene = { index: 3, count: 10, description: 'R MLO', bodyPart: 'BREAST' };

test('the same seed draws the same pixels and text; another seed does not', () => {
  const q = { modality: 'US' as const, rows: 600, cols: 800, bits: 8 as const, samples: 3 as const, scene, text: { subject, flaggedYes: true } };
  const a = renderPixels(q, new Random('a'));
  assert.deepEqual(renderPixels(q, new Random('a')), a);
  assert.notDeepEqual(renderPixels(q, new Random('b')).bytes, a.bytes);
  assert.equal(renderPixels({ ...q, rows: 24, cols: 32, text: undefined }, new Random('a')).burnedIn, undefined, 'no text without a text request');
});

test('truth boxes lie inside the image and hold all of their text\'s ink, ±2 px', () => {
  const cases: [ImageModality, number, number, 1 | 3][] = [['US', 600, 800, 3], ['SC', 768, 1024, 3], ['MG', 900, 700, 1], ['CR', 800, 800, 1], ['DX', 700, 600, 1]];
  let identifiers = 0, boxes = 0;
  for (const [m, rows, cols, samples] of cases) {
    for (let k = 0; k < 12; k++) {
      const r = new Random(`${m}:${k}`);
      const plain = drawScene(m, rows, cols, { ...scene, description: k % 2 ? 'L CC' : 'Tórax PA' }, r);
      const data = samples === 3 ? Float32Array.from({ length: plain.v.length * 3 }, (_, i) => plain.v[Math.floor(i / 3)]!) : plain.v.slice();
      const frame = { rows, cols, samples, data };
      const items = burnText(frame, planText(m, true, subject, r), inksFor(m, samples), r);
      const changed = (x: number, y: number): boolean => {
        for (let s = 0; s < samples; s++) if (Math.round(frame.data[(y * cols + x) * samples + s]!) !== Math.round(samples === 3 ? plain.v[y * cols + x]! : plain.v[y * cols + x]!)) return true;
        return false;
      };
      for (let y = 0; y < rows; y++) {
        for (let x = 0; x < cols; x++) {
          if (changed(x, y)) assert.ok(items.some(({ box: [bx, by, bw, bh] }) => x >= bx && x < bx + bw && y >= by && y < by + bh), `${m}: a changed pixel outside every box`);
        }
      }
      for (const { box: [x, y, w, h], kind } of items) {
        boxes++;
        if (kind !== 'other') identifiers++;
        assert.ok(x >= 0 && y >= 0 && x + w <= cols && y + h <= rows, `${m}: box inside the image`);
        let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
        for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) if (changed(xx, yy)) { x0 = Math.min(x0, xx); x1 = Math.max(x1, xx); y0 = Math.min(y0, yy); y1 = Math.max(y1, yy); }
        assert.ok(x1 >= 0, `${m}: the box holds ink`);
        assert.ok(x0 - x <= 3 && y0 - y <= 3 && x + w - 1 - x1 <= 3 && y + h - 1 - y1 <= 3, `${m}: the box is tight (${[x0 - x, y0 - y, x + w - 1 - x1, y + h - 1 - y1]})`);
      }
      for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
        const [a, b] = [items[i]!.box, items[j]!.box];
        assert.ok(!(a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]), `${m}: boxes do not overlap`);
      }
    }
  }
  assert.ok(boxes > 100 && identifiers > 40, `${boxes} boxes, ${identifiers} identifiers`);
});

test('names and dates are spelled as consoles do, from the header\'s values', () => {
  const r = new Random('spell');
  const names = new Set(Array.from({ length: 200 }, () => nameSpelling(subject, r)));
  assert.ok(names.has('GARCIA, MARIA') && names.has('MARIA GARCIA') && [...names].some((n) => n.includes('^')), [...names].join(' | '));
  for (const n of names) assert.match(n.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase(), /GARCIA/);
  const dates = new Set(Array.from({ length: 100 }, () => dateSpelling('20210312', r)));
  assert.deepEqual([...dates].sort(), ['12-Mar-2021', '12.03.2021', '12/03/2021', '2021-03-12', '20210312']);
});

test('CT slices hold plausible Hounsfield units: air, lung, soft tissue, bone', () => {
  for (const bodyPart of ['CHEST', 'ABDOMEN']) {
    const p = drawScene('CT', 512, 512, { index: 5, count: 10, description: '', bodyPart }, new Random(bodyPart));
    const hu = (x: number, y: number): number => p.v[y * 512 + x]! - 1024;
    const [min, max] = p.v.reduce(([lo, hi], v) => [Math.min(lo, v - 1024), Math.max(hi, v - 1024)], [Infinity, -Infinity]);
    assert.ok(Math.abs(hu(10, 10) + 1000) < 40, 'air outside the body');
    assert.ok(min >= -1024 && max < 3071, 'within 12 bits');
    assert.ok(max > 600, 'bone');
    if (bodyPart === 'CHEST') assert.ok(hu(Math.round(512 * 0.335), Math.round(512 * 0.49)) < -700, 'lung');
    else assert.ok(Math.abs(hu(Math.round(512 * 0.36), Math.round(512 * 0.48)) - 60) < 50, 'liver');
    assert.ok(Math.abs(hu(256, Math.round(512 * 0.3)) - 40) < 60 || Math.abs(hu(256, Math.round(512 * 0.3)) + 100) < 60, 'soft tissue or fat at the front');
  }
});

test('realistic images add no dciodvfy error to what the same instance with small pixels has', (t) => {
  if (!requireTool(t, 'dciodvfy')) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-pixels-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const plan = planHospital('pixels', 80, false);
  const wanted = new Set<ImageModality>(['CT', 'MR', 'PT', 'MG', 'US', 'CR', 'DX', 'SC', 'XA', 'NM']);
  const errors = (s: StudyPlan, m: ImageModality, size: 'small' | 'realistic'): string[] => {
    const se = s.series.find((x) => x.modality === m)!;
    const { attrs } = imageInstance(s, se, 0, '2.25.1', new Random('r'), new Random('px'), size, subject);
    const file = join(dir, `${m}-${size}`);
    writeFileSync(file, part10(SOP_CLASS[m], '2.25.1', 'explicit-le', encodeDataset(attrs, { syntax: 'explicit-le', text: (v) => Buffer.from(v, 'latin1') })));
    const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    return [...new Set(`${out.stdout}${out.stderr}`.split('\n').filter((l) => l.startsWith('Error')))].sort();
  };
  for (const s of plan.studies) {
    for (const se of s.series) {
      if (!wanted.delete(se.modality)) continue;
      assert.deepEqual(errors(s, se.modality, 'realistic'), errors(s, se.modality, 'small'), se.modality);
    }
  }
  assert.ok(['CT', 'MG', 'US', 'SC', 'CR'].every((m) => !wanted.has(m as ImageModality)), `not drawn: ${[...wanted]}`);
});
