/**
 * An image's PixelData: the modality's scene, and for instances at risk with realistic pixels the text a
 * scanner would burn in, with its truth. Small pixels (the 12,484-study cohort) carry no text: a 24×32 matrix
 * cannot hold a 12-px line, and fonts are never loaded for them. They reuse one drawing per scene (a slice
 * position of a series) plus the instance's own noise, so the cohort is written as fast as with plain noise.
 */
import type { ImageModality } from '../catalog.ts';
import { Random } from '../random.ts';
import { drawScene, inksFor, type SceneContext } from './anatomy.ts';
import { AT_RISK, burnText, planText, type BurnedInItem, type TextSubject } from './burned-in.ts';
import { frameBytes, type Frame } from './frame.ts';

export interface PixelRequest {
  readonly modality: ImageModality;
  readonly rows: number;
  readonly cols: number;
  readonly bits: 8 | 16;
  readonly samples: 1 | 3;
  readonly scene: SceneContext;
  /** Set for realistic pixels: who the text would name, and whether the instance is flagged BurnedInAnnotation YES. */
  readonly text?: { readonly subject: TextSubject; readonly flaggedYes: boolean };
  /** Draw the scene once per slice position and add this instance's noise (small pixels). */
  readonly reuseScene?: boolean;
}

export interface RenderedPixels {
  readonly bytes: Uint8Array;
  /** The rendered text (possibly none) for an instance at risk with text enabled; undefined otherwise. */
  readonly burnedIn?: readonly BurnedInItem[];
}

/** Noise amplitude (stored units) added to a reused scene, so instances of one slice position still differ. */
const JITTER: Partial<Record<ImageModality, number>> = { CT: 10, MR: 24, PT: 30, MG: 24, CR: 24, DX: 24, US: 14, XA: 6, NM: 20 };
const SCENES = new Map<string, Int32Array>();

/** The scene of this slice position as whole stored values, drawn once; then this instance's noise, as bytes. */
function reusedSceneBytes(q: PixelRequest, r: Random): Uint8Array {
  const key = `${q.modality}|${q.rows}x${q.cols}|${q.scene.description}|${q.scene.bodyPart}|${q.scene.index}/${q.scene.count}`;
  let scene = SCENES.get(key);
  if (!scene) {
    if (SCENES.size > 50_000) SCENES.clear();
    scene = Int32Array.from(drawScene(q.modality, q.rows, q.cols, q.scene, new Random(key)).v, (x) => Math.round(x));
    SCENES.set(key, scene);
  }
  const max = q.bits === 16 ? 4095 : 255;
  const amp = JITTER[q.modality] ?? 0;
  const out = new Uint8Array(scene.length * q.samples * (q.bits / 8));
  let u = 0;
  for (let i = 0; i < scene.length; i++) {
    if ((i & 3) === 0) u = r.u32(); // one draw per four pixels: as cheap as the plain noise it replaced
    const x = scene[i]! + ((((u >>> ((i & 3) * 8)) & 0xff) - 128) * amp) / 128;
    const v = x <= 0 ? 0 : x >= max ? max : x | 0;
    if (q.bits === 16) { out[2 * i] = v & 0xff; out[2 * i + 1] = v >>> 8; } else for (let s = 0; s < q.samples; s++) out[i * q.samples + s] = v;
  }
  return out;
}

export function renderPixels(q: PixelRequest, r: Random): RenderedPixels {
  if (q.reuseScene) return { bytes: reusedSceneBytes(q, r) };
  const grey = drawScene(q.modality, q.rows, q.cols, q.scene, r).v;
  let frame: Frame = { rows: q.rows, cols: q.cols, samples: 1, data: grey };
  if (q.samples === 3) {
    const rgb = new Float32Array(grey.length * 3);
    for (let i = 0; i < grey.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i]!;
    frame = { rows: q.rows, cols: q.cols, samples: 3, data: rgb };
  }
  let burnedIn: BurnedInItem[] | undefined;
  if (q.text && AT_RISK.has(q.modality)) {
    burnedIn = burnText(frame, planText(q.modality, q.text.flaggedYes, q.text.subject, r), inksFor(q.modality, q.samples), r);
  }
  const bytes = frameBytes(frame, q.bits, q.bits === 16 ? 12 : 8);
  return burnedIn ? { bytes, burnedIn } : { bytes };
}
