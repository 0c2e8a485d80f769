/**
 * Plausible pictures per modality, drawn from the seed: a CT slice in Hounsfield units (air, fat, muscle, lungs,
 * heart, aorta, spine, ribs; liver, kidneys and bowel gas below the diaphragm), an MR pelvis in arbitrary units
 * per sequence, a PET with hot organs, a mammogram's breast, a chest radiograph, a breast ultrasound sector with
 * speckle, a dark dose-report screen. Proportions scale with the matrix, so `--pixels small` draws the same
 * scene in 16×16. Values are stored values (CT: HU + 1024; MONOCHROME1: high is dark).
 */
import type { ImageModality } from '../catalog.ts';
import type { Random } from '../random.ts';
import { gauss, valueNoise } from './frame.ts';
import type { Inks } from './burned-in.ts';
import { ellipse, plane, ring, texture, type Plane } from './shapes.ts';

export interface SceneContext {
  /** Position of the image in its series (0-based) and the series' size: slices move along the body. */
  readonly index: number;
  readonly count: number;
  readonly description: string;
  readonly bodyPart: string;
}

const HU = 1024; // CT stored value = HU + RescaleIntercept (-1024) undone

function ctSlice(rows: number, cols: number, c: SceneContext, r: Random): Plane {
  const p = plane(rows, cols, -1000 + HU);
  const W = cols, H = rows, t = c.count > 1 ? c.index / (c.count - 1) : 0.5;
  const chest = c.bodyPart === 'CHEST' || (c.bodyPart === 'WHOLEBODY' && t < 0.5);
  const [bx, by] = [0.4 * W * (0.96 + 0.08 * r.next()), (chest ? 0.29 : 0.32) * H];
  ellipse(p, W * 0.5, H * 0.52, bx, by, -100 + HU); // subcutaneous fat
  ellipse(p, W * 0.5, H * 0.52, bx - 0.05 * W, by - 0.045 * H, 40 + HU); // muscle and organs
  if (chest) {
    const lung = 0.75 + 0.25 * Math.sin(Math.PI * t); // lungs grow from apex to base
    for (const side of [-1, 1]) {
      ellipse(p, W * (0.5 + side * 0.165), H * 0.49, 0.125 * W * lung, 0.19 * H * lung, -860 + HU);
      for (let k = 0; k < 6; k++) ellipse(p, W * (0.5 + side * (0.1 + 0.13 * r.next())), H * (0.38 + 0.22 * r.next()), 0.006 * W + 1, 0.006 * W + 1, 30 + HU);
    }
    ellipse(p, W * 0.535, H * 0.5, 0.1 * W, 0.085 * H, 45 + HU); // heart
    ellipse(p, W * 0.47, H * 0.64, 0.024 * W, 0.024 * W, 180 + HU); // descending aorta, contrast-enhanced
    for (let k = 0; k < 10; k++) { // ribs along the body wall
      const a = Math.PI * (0.15 + 0.7 * (k / 9)) * (k % 2 ? 1 : -1) + Math.PI / 2;
      ellipse(p, W * 0.5 + Math.cos(a) * (bx - 0.03 * W), H * 0.52 + Math.sin(a) * (by - 0.03 * H), 0.012 * W + 0.5, 0.02 * H + 0.5, 700 + HU);
    }
  } else {
    ellipse(p, W * 0.36, H * 0.48, 0.16 * W, 0.14 * H, 60 + HU); // liver
    ellipse(p, W * 0.69, H * 0.44, 0.06 * W, 0.08 * H, 50 + HU); // spleen
    for (const side of [-1, 1]) ellipse(p, W * (0.5 + side * 0.14), H * 0.64, 0.035 * W, 0.055 * H, 150 + HU); // kidneys
    ellipse(p, W * 0.5, H * 0.6, 0.022 * W, 0.022 * W, 170 + HU); // aorta
    for (let k = 0; k < 5; k++) ellipse(p, W * (0.42 + 0.2 * r.next()), H * (0.4 + 0.15 * r.next()), 0.02 * W + 0.5, 0.015 * H + 0.5, -900 + HU); // bowel gas
  }
  ellipse(p, W * 0.5, H * 0.71, 0.045 * W, 0.04 * H, 350 + HU); // vertebral body
  ring(p, W * 0.5, H * 0.71, 0.045 * W, 0.04 * H, 0.2, 900 + HU);
  ellipse(p, W * 0.5, H * 0.775, 0.016 * W, 0.016 * W, 20 + HU); // spinal canal
  ellipse(p, W * 0.5, H * 0.81, 0.05 * W, 0.012 * H + 0.5, 600 + HU); // posterior elements
  for (let x = Math.round(W * 0.2); x < W * 0.8; x++) for (let y = Math.round(H * 0.86); y < Math.min(H, H * 0.86 + 3); y++) p.v[y * W + x] = 150 + HU; // table
  for (let i = 0; i < p.v.length; i++) p.v[i] = p.v[i]! + gauss(r) * (p.v[i]! < 200 ? 6 : 12);
  return p;
}

type Tissue = 'fat' | 'muscle' | 'fluid' | 'gland' | 'zone' | 'bone' | 'marrow' | 'lesion';
const MR_CONTRAST: Record<'T2' | 'DWI' | 'T1', Record<Tissue, number>> = {
  T2: { fat: 1100, muscle: 350, fluid: 1700, gland: 700, zone: 950, bone: 60, marrow: 800, lesion: 420 },
  DWI: { fat: 120, muscle: 140, fluid: 260, gland: 240, zone: 280, bone: 20, marrow: 90, lesion: 1500 },
  T1: { fat: 1200, muscle: 520, fluid: 220, gland: 560, zone: 560, bone: 80, marrow: 1000, lesion: 900 },
};

function mrSlice(rows: number, cols: number, c: SceneContext, r: Random): Plane {
  const seq = /DWI/i.test(c.description) ? 'DWI' : /DCE/i.test(c.description) ? 'T1' : 'T2';
  const k = MR_CONTRAST[seq];
  const p = plane(rows, cols, 0);
  const W = cols, H = rows, t = c.count > 1 ? c.index / (c.count - 1) : 0.5;
  ellipse(p, W * 0.5, H * 0.52, 0.43 * W, 0.33 * H, k.fat);
  ellipse(p, W * 0.5, H * 0.54, 0.36 * W, 0.26 * H, k.muscle);
  for (const side of [-1, 1]) { ellipse(p, W * (0.5 + side * 0.26), H * 0.55, 0.07 * W, 0.07 * W, k.marrow); ring(p, W * (0.5 + side * 0.26), H * 0.55, 0.07 * W, 0.07 * W, 0.18, k.bone); }
  ellipse(p, W * 0.5, H * 0.4, 0.09 * W * (1.2 - t * 0.6), 0.07 * H * (1.2 - t * 0.6), k.fluid); // bladder, smaller towards the apex
  ellipse(p, W * 0.5, H * 0.55, 0.075 * W, 0.06 * H, k.gland); // prostate: transition zone
  ring(p, W * 0.5, H * 0.55, 0.075 * W, 0.06 * H, 0.3, k.zone); // peripheral zone
  if (t > 0.3 && t < 0.7) ellipse(p, W * 0.54, H * 0.58, 0.018 * W + 0.5, 0.015 * H + 0.5, k.lesion);
  ellipse(p, W * 0.5, H * 0.67, 0.035 * W, 0.03 * H, k.muscle * 0.6); // rectum
  texture(p, valueNoise(r, rows, cols, Math.max(2, cols / 24)), seq === 'DWI' ? 60 : 160, (v) => v > 0);
  const sigma = seq === 'DWI' ? 30 : 14;
  for (let i = 0; i < p.v.length; i++) p.v[i] = Math.abs(p.v[i]! + gauss(r) * sigma); // magnitude images: Rician-like
  return p;
}

function ptSlice(rows: number, cols: number, c: SceneContext, r: Random): Plane {
  const p = plane(rows, cols, 2);
  const W = cols, H = rows, t = c.count > 1 ? c.index / (c.count - 1) : 0.5;
  ellipse(p, W * 0.5, H * 0.52, 0.4 * W, 0.3 * H, 120);
  if (t < 0.4) ellipse(p, W * 0.54, H * 0.5, 0.09 * W, 0.08 * H, 900); // myocardium
  else if (t < 0.75) { ellipse(p, W * 0.36, H * 0.48, 0.15 * W, 0.13 * H, 280); for (const s of [-1, 1]) ellipse(p, W * (0.5 + s * 0.14), H * 0.64, 0.035 * W, 0.05 * H, 1300); }
  else ellipse(p, W * 0.5, H * 0.45, 0.08 * W, 0.07 * H, 2600); // bladder
  if (r.chance(0.3)) ellipse(p, W * (0.35 + 0.3 * r.next()), H * (0.4 + 0.2 * r.next()), 0.02 * W + 0.5, 0.02 * W + 0.5, (d) => 2000 * (1 - d * d), true);
  for (let i = 0; i < p.v.length; i++) p.v[i] = Math.max(0, p.v[i]! * (1 + 0.25 * gauss(r)));
  return p;
}

/** Display brightness 0 (black) .. 1 (white) to MONOCHROME1 stored values (12 bits, high is dark). */
function monochrome1(p: Plane): Plane {
  for (let i = 0; i < p.v.length; i++) p.v[i] = 4095 - 120 - Math.min(1, Math.max(0, p.v[i]!)) * 3800;
  return p;
}

function mammogram(rows: number, cols: number, c: SceneContext, r: Random): Plane {
  const p = plane(rows, cols, 0.02);
  const left = /^L\b|\bL /.test(c.description);
  const mlo = /MLO/.test(c.description);
  const wall = left ? cols : 0; // chest wall at the image edge, nipple pointing inwards
  const cy = rows * (mlo ? 0.55 : 0.5);
  const tex = valueNoise(r, rows, cols, Math.max(2, cols / 18));
  const fine = valueNoise(r, rows, cols, Math.max(1.5, cols / 90));
  ellipse(p, wall, cy, 0.66 * cols, (mlo ? 0.46 : 0.4) * rows, (d, i) => {
    const gland = Math.max(0, 1 - d * 1.1) * (0.25 + 0.35 * tex[i]! + 0.15 * fine[i]!);
    return d > 0.993 ? 0.55 : 0.32 + gland;
  });
  if (mlo) { // pectoral muscle: a bright triangle in the top corner at the chest wall
    for (let y = 0; y < rows * 0.45; y++) {
      const reach = cols * 0.28 * (1 - y / (rows * 0.45));
      for (let x = 0; x < reach; x++) p.v[y * cols + (left ? cols - 1 - x : x)] = 0.62 + 0.05 * tex[y * cols + x]!;
    }
  }
  if (r.chance(0.25)) ellipse(p, left ? cols * 0.7 : cols * 0.3, cy + rows * 0.1 * (r.next() - 0.5), 0.025 * cols + 0.5, 0.025 * cols + 0.5, 0.85);
  for (let i = 0; i < p.v.length; i++) p.v[i] = p.v[i]! + gauss(r) * 0.01;
  return monochrome1(p);
}

function chestRadiograph(rows: number, cols: number, c: SceneContext, r: Random): Plane {
  const p = plane(rows, cols, 0.04);
  const W = cols, H = rows;
  const lateral = /lat/i.test(c.description);
  ellipse(p, W * 0.5, H * 0.62, (lateral ? 0.3 : 0.44) * W, 0.62 * H, 0.5); // soft tissue of the torso
  const tex = valueNoise(r, rows, cols, Math.max(2, cols / 40));
  const lungs = lateral ? [[0.5, 0.14 * 1.5]] as const : [[0.33, 0.14], [0.67, 0.14]] as const;
  for (const [x, rx] of lungs) ellipse(p, W * x, H * 0.47, rx * W, 0.3 * H, (_d, i) => 0.14 + 0.1 * tex[i]!);
  if (!lateral) {
    ellipse(p, W * 0.55, H * 0.63, 0.14 * W, 0.13 * H, 0.58); // heart
    for (let k = 0; k < 9; k++) { // posterior ribs: gentle arcs across each lung
      const y0 = H * (0.22 + k * 0.055);
      for (let x = Math.round(W * 0.18); x < W * 0.82; x++) {
        const y = Math.round(y0 + ((x - W / 2) / W) ** 2 * H * 0.5);
        for (let dy = 0; dy < Math.max(1, H * 0.012); dy++) { const i = (y + dy) * W + x; if (y + dy < H && p.v[i]! < 0.4) p.v[i] = p.v[i]! + 0.12; }
      }
    }
  }
  const spine = lateral ? 0.72 : 0.5;
  for (let y = Math.round(H * 0.1); y < H; y++) for (let x = Math.round(W * (spine - 0.035)); x < W * (spine + 0.035); x++) p.v[y * W + x] = Math.max(p.v[y * W + x]!, 0.72);
  for (let i = 0; i < p.v.length; i++) p.v[i] = p.v[i]! + gauss(r) * 0.012;
  return monochrome1(p);
}

/** A breast ultrasound: a sector below the top band, layered echoes, a hypoechoic lesion with its shadow, speckle. */
function ultrasound(rows: number, cols: number, _c: SceneContext, r: Random): Plane {
  const p = plane(rows, cols, 0);
  const ax = cols / 2, ay = rows * 0.1, radius = rows * 0.86, half = (35 * Math.PI) / 180;
  const tex = valueNoise(r, rows, cols, Math.max(2, cols / 30));
  const lesion = { a: (r.next() - 0.5) * half, d: 0.3 + 0.2 * r.next(), s: 0.06 + 0.05 * r.next() };
  for (let y = Math.ceil(ay); y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const dx = x - ax, dy = y - ay;
      const d = Math.sqrt(dx * dx + dy * dy) / radius;
      const a = Math.atan2(dx, dy);
      if (d >= 1 || Math.abs(a) > half) continue;
      let e = d < 0.03 ? 0.9 : d < 0.18 ? 0.3 : d < 0.55 ? 0.45 + 0.35 * tex[y * cols + x]! : d < 0.75 ? 0.4 + 0.15 * Math.sin(d * 120) : 0.18;
      const la = (a - lesion.a) * d / lesion.s, ld = (d - lesion.d) / (lesion.s * 0.7);
      if (la * la + ld * ld < 1) e = 0.06;
      else if (Math.abs(la) < 0.8 && d > lesion.d) e *= 0.45; // posterior acoustic shadow
      const speckle = Math.sqrt(-2 * Math.log(1 - r.next())) * 0.6; // Rayleigh amplitude
      p.v[y * cols + x] = 255 * Math.min(1, e * speckle * (1 - 0.35 * d));
    }
  }
  return p;
}

function doseScreen(rows: number, cols: number): Plane {
  const p = plane(rows, cols, 22);
  for (let i = 0; i < Math.round(rows * 0.06) * cols; i++) p.v[i] = 48; // title bar
  return p;
}

function angiogram(rows: number, cols: number, r: Random): Plane {
  const p = plane(rows, cols, 150);
  texture(p, valueNoise(r, rows, cols, Math.max(2, cols / 8)), 60);
  let [x, y] = [cols * 0.5, 0];
  for (let k = 0; k < rows * 1.5; k++) {
    ellipse(p, x, y, Math.max(1, cols * 0.01), Math.max(1, cols * 0.01), 55);
    x += (r.next() - 0.5) * 2; y += 1;
  }
  return p;
}

function boneScan(rows: number, cols: number, r: Random): Plane {
  const p = plane(rows, cols, 0);
  ellipse(p, cols * 0.5, rows * 0.5, cols * 0.18, rows * 0.46, 60);
  for (let y = Math.round(rows * 0.15); y < rows * 0.6; y++) p.v[y * cols + Math.round(cols / 2)] = 500;
  for (let k = 0; k < 4; k++) ellipse(p, cols * (0.4 + 0.2 * r.next()), rows * (0.2 + 0.5 * r.next()), cols * 0.02 + 0.5, cols * 0.02 + 0.5, 900);
  for (let i = 0; i < p.v.length; i++) p.v[i] = Math.max(0, p.v[i]! * (1 + 0.3 * gauss(r)));
  return p;
}

export function drawScene(m: ImageModality, rows: number, cols: number, c: SceneContext, r: Random): Plane {
  switch (m) {
    case 'CT': return ctSlice(rows, cols, c, r);
    case 'MR': return mrSlice(rows, cols, c, r);
    case 'PT': return ptSlice(rows, cols, c, r);
    case 'MG': return mammogram(rows, cols, c, r);
    case 'CR': case 'DX': return chestRadiograph(rows, cols, c, r);
    case 'US': return ultrasound(rows, cols, c, r);
    case 'SC': return doseScreen(rows, cols);
    case 'XA': return angiogram(rows, cols, r);
    default: return boneScan(rows, cols, r);
  }
}

/** Ink for burned-in text per modality: white, grey and low-contrast on that modality's dark background. */
export function inksFor(m: ImageModality, samples: 1 | 3): Inks {
  if (m === 'MG' || m === 'CR' || m === 'DX') return { bright: [60], grey: [1500], low: [3250] }; // MONOCHROME1
  const v = (x: number): number[] => new Array<number>(samples).fill(x);
  if (m === 'SC') return { bright: [235, 235, 235], grey: [170, 172, 176], low: [72, 78, 92] };
  return { bright: v(250), grey: v(180), low: v(80) };
}
