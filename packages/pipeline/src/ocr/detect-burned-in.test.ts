import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import * as PImage from 'pureimage';
import { parsePart10 } from '@oncoatlas/dicom';
import { el, part10, requireTool, TS } from '@oncoatlas/testkit';
import { scoreDetections, type ScoredInstance, type TruthItem } from './accuracy.ts';
import { detectBurnedIn } from './detect-burned-in.ts';
import { identifiersOf } from './identifiers.ts';
import type { Detection } from './match.ts';
import { tesseractAvailable } from './tesseract.ts';

// Images drawn here, independent of the synthetic hospital (burned-in-accuracy.test.ts measures on that): DejaVu
// fonts (Sans, Sans Mono, Serif, Condensed), 12-32 px, bright, grey and low-contrast text over an ultrasound-like
// fan of speckle, in the spellings consoles use.
const FONTS = { Sans: 'DejaVuSans.ttf', Mono: 'DejaVuSansMono.ttf', Serif: 'DejaVuSerif.ttf', Condensed: 'DejaVuSansCondensed.ttf' } as const;
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
for (const [family, file] of Object.entries(FONTS)) PImage.registerFont(join(fontDir, file), family).loadSync();

const US = '1.2.840.10008.5.1.4.1.1.6.1';
const [W, H] = [640, 480];

interface Patient { readonly name: string; readonly id: string; readonly birth: string; readonly study: string; readonly institution: string }
interface Planted { readonly kind: TruthItem['kind']; readonly text: string }

const PATIENTS: readonly Patient[] = [
  { name: 'GARCIA^MARIA', id: 'PAT004512', birth: '19580704', study: '20210312', institution: 'St. Anna Hospital' },
  { name: 'MÜLLER^HANS^PETER', id: '20456781', birth: '19441130', study: '20190102', institution: 'Klinikum Nord' },
  { name: 'OKAFOR^CHIDI', id: 'AB-318842', birth: '19790215', study: '20230921', institution: 'CLINIQUE DU PARC' },
  { name: 'LI^WEI', id: 'H7730019', birth: '19661008', study: '20200530', institution: 'Hospital Universitario Sur' },
  { name: 'DUBOIS-LEROY^ANNE-MARIE', id: 'MRN55102', birth: '19910321', study: '20220817', institution: 'Ospedale San Luca' },
];

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function spelledDate(da: string, style: number): string {
  const [y, m, d] = [da.slice(0, 4), da.slice(4, 6), da.slice(6)];
  return [da, `${d}/${m}/${y}`, `${d}.${m}.${y}`, `${y}-${m}-${d}`, `${d}-${MON[Number(m) - 1]}-${y}`][style % 5]!;
}
function spelledName(pn: string, style: number): string {
  const [family = '', given = ''] = pn.split('^');
  return [`${family}, ${given}`, `${given} ${family}`, pn.replace(/\^/g, ' '), `${family} ${given}`.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase())][style % 4]!;
}

function randomOf(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** One US-like instance with `items` burned in; the truth boxes are where the text's pixels changed. */
function instance(n: number, p: Patient, items: readonly Planted[]): { bytes: Buffer; truth: TruthItem[] } {
  const rnd = randomOf(n + 1);
  const img = PImage.make(W, H);
  const ctx = img.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, W, H);
  for (let y = 70; y < H - 40; y++) for (let x = 0; x < W; x++) {
    const [dx, dy] = [x - W / 2, y - 20];
    if (Math.abs(Math.atan2(dx, dy)) < 0.55 && Math.hypot(dx, dy) < 420) { const v = Math.floor(rnd() * 150); img.setPixelRGBA(x, y, ((v << 24) | (v << 16) | (v << 8) | 0xff) >>> 0); }
  }
  const family = Object.keys(FONTS)[n % 4]!;
  const size = 12 + ((n * 7) % 21);
  const grey = n % 5 === 4 ? 110 : n % 5 === 3 ? 170 : 255;
  ctx.fillStyle = `rgb(${grey},${grey},${grey})`;
  ctx.font = `${size}pt ${family}`;
  const truth: TruthItem[] = [];
  // Identifier lines stacked in the top-left corner as consoles print them; other text at the bottom right.
  items.forEach((it, i) => {
    const before = Uint8Array.from(img.data);
    const width = ctx.measureText(it.text).width;
    const [x, y] = it.kind === 'other' ? [W - 12 - width, H - 12 - size * 1.3] : [8, 8 + i * size * 1.6];
    ctx.fillText(it.text, x, y + size);
    let [x0, y0, x1, y1] = [W, H, -1, -1];
    for (let k = 0; k < W * H; k++) if (img.data[4 * k] !== before[4 * k]) { const [px, py] = [k % W, Math.floor(k / W)]; x0 = Math.min(x0, px); y0 = Math.min(y0, py); x1 = Math.max(x1, px); y1 = Math.max(y1, py); }
    if (x1 >= 0) truth.push({ kind: it.kind, box: [x0, y0, x1 - x0 + 1, y1 - y0 + 1] });
  });
  const pixels = new Uint8Array(W * H);
  for (let k = 0; k < W * H; k++) pixels[k] = img.data[4 * k]!;
  const uid = `1.2.826.0.1.3680043.10.1234.9.${n}`;
  const bytes = part10({
    transferSyntax: TS.explicitLE, sopClassUid: US, sopInstanceUid: uid,
    dataset: [
      el(0x00080005, 'CS', 'ISO_IR 100'), el(0x00080016, 'UI', US), el(0x00080018, 'UI', uid), el(0x00080020, 'DA', p.study),
      el(0x00080060, 'CS', 'US'), el(0x00080080, 'LO', p.institution),
      el(0x00100010, 'PN', Buffer.from(p.name, 'latin1')), el(0x00100020, 'LO', p.id), el(0x00100030, 'DA', p.birth),
      el(0x00280002, 'US', [1]), el(0x00280004, 'CS', 'MONOCHROME2'), el(0x00280010, 'US', [H]), el(0x00280011, 'US', [W]),
      el(0x00280100, 'US', [8]), el(0x00280101, 'US', [8]), el(0x00280102, 'US', [7]), el(0x00280103, 'US', [0]),
      el(0x00280301, 'CS', 'YES'), el(0x7fe00010, 'OB', pixels),
    ],
  });
  return { bytes, truth };
}

/** 40 instances: 30 with identifiers in the spellings scanners use, 6 with only other text, 4 with none. */
function corpus(): { bytes: Buffer; truth: TruthItem[] }[] {
  const out: { bytes: Buffer; truth: TruthItem[] }[] = [];
  for (let n = 0; n < 40; n++) {
    const p = PATIENTS[n % PATIENTS.length]!;
    const other: Planted[] = [{ kind: 'other', text: ['5 cm', 'TIS 0.4', 'L', 'MI 1.1  GAIN 52'][n % 4]! }];
    const planted: Planted[] = n < 30
      ? [
          ...(n % 3 !== 2 ? [{ kind: 'name' as const, text: spelledName(p.name, n) }] : []),
          ...(n % 2 === 0 ? [{ kind: 'id' as const, text: `ID: ${p.id}` }] : []),
          { kind: 'date', text: spelledDate(n % 3 === 0 ? p.birth : p.study, n) },
          ...(n % 4 === 1 ? [{ kind: 'institution' as const, text: p.institution }] : []),
          ...other,
        ]
      : n < 36 ? other : [];
    out.push(instance(n, p, planted));
  }
  return out;
}

async function inParallel<T, R>(xs: readonly T[], width: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < xs.length) { const i = next++; out[i] = await f(xs[i]!); } }));
  return out;
}

test('identifier text burned into US-like images is found; other text is not called an identifier', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const images = corpus();
  const started = performance.now();
  const detections = await inParallel(images, 2, (im) => detectBurnedIn(im.bytes, identifiersOf(parsePart10(im.bytes))));
  const seconds = (performance.now() - started) / 1000;
  const scored: ScoredInstance[] = images.map((im, i) => ({ truth: im.truth, detections: detections[i]! }));
  const accuracy = scoreDetections(scored);
  t.diagnostic(`precision ${accuracy.precision.toFixed(3)}, recall ${accuracy.recall.toFixed(3)} over ${accuracy.instances} instances (${JSON.stringify(accuracy)}); ${(images.length / seconds).toFixed(1)} images/s (640x480, 2 in parallel)`);
  scored.forEach((s, i) => {
    const found = s.detections.filter((d) => d.kind !== 'text').map((d) => d.kind).join(',');
    if (s.truth.some((x) => x.kind !== 'other') !== (found !== '')) t.diagnostic(`instance ${i}: planted ${s.truth.map((x) => x.kind).join(',')}; found ${found || 'none'}`);
  });
  assert.ok(accuracy.recall >= 0.98, `recall ${accuracy.recall}`);
  assert.ok(accuracy.precision >= 0.9, `precision ${accuracy.precision}`);
  for (const d of detections.flat()) {
    assert.deepEqual(Object.keys(d).sort(), ['box', 'confidence', 'kind'], 'a detection holds no text');
    assert.ok(d.box[0] >= 0 && d.box[1] >= 0 && d.box[0] + d.box[2] <= W && d.box[1] + d.box[3] <= H, 'boxes inside the image');
  }
});

test('a box found is where the text is, in stored-image pixels', async (t) => {
  if (!requireTool(t, 'tesseract')) return;
  const im = instance(100, PATIENTS[0]!, [{ kind: 'id', text: 'ID: PAT004512' }]);
  const found: Detection[] = await detectBurnedIn(im.bytes, identifiersOf(parsePart10(im.bytes)));
  const id = found.find((d) => d.kind === 'id');
  assert.ok(id, 'the ID is found');
  const [tx, ty, tw, th] = im.truth[0]!.box;
  // The word box covers the ID (the "ID:" label may be its own word); tesseract's boxes are tight to a pixel or two.
  assert.ok(id.box[0] + id.box[2] >= tx + tw - 3 && id.box[1] <= ty + 3 && id.box[1] + id.box[3] >= ty + th - 3, `${id.box} vs ${im.truth[0]!.box}`);
  assert.ok(id.box[0] >= tx - 3, `${id.box} starts within the text`);
});

test('tesseractAvailable says no for a command that does not exist', () => {
  assert.equal(tesseractAvailable('/nonexistent/tesseract'), false);
});

test('a missing tesseract is IO_FAILED naming the package to install', async () => {
  const im = instance(101, PATIENTS[0]!, []);
  await assert.rejects(detectBurnedIn(im.bytes, identifiersOf(parsePart10(im.bytes)), { tesseract: '/nonexistent/tesseract' }),
    (err: Error & { code?: string }) => err.code === 'IO_FAILED' && /tesseract-ocr/.test(err.message));
});
