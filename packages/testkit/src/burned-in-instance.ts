/** A small US-like instance with text drawn where a test wants it, for the burned-in text tests (no synthetic hospital needed). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as PImage from 'pureimage';
import { el, part10, TS } from './dicom-bytes.ts';

let fontLoaded = false;

/** Loaded on first use: importing the testkit must not cost a font. */
function loadFont(): void {
  if (fontLoaded) return;
  const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  PImage.registerFont(join(fontDir, 'DejaVuSans.ttf'), 'Sans').loadSync();
  fontLoaded = true;
}

const US = '1.2.840.10008.5.1.4.1.1.6.1';
/** Width and height of the image burnedInInstance draws. */
export const BURNED_IN_IMAGE = { width: 320, height: 240 } as const;
const [W, H] = [BURNED_IN_IMAGE.width, BURNED_IN_IMAGE.height];

/** A US-like instance of a GE LOGIQ E9 (whose shipped zone is the top 40 rows) with `lines` drawn at (x, y). */
export function burnedInInstance(lines: readonly { text: string; x: number; y: number }[], o: { manufacturer?: string; modality?: string; burnedIn?: 'YES' | 'NO'; n?: number } = {}): Buffer {
  loadFont();
  const img = PImage.make(W, H);
  const ctx = img.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#ffffff';
  ctx.font = '14pt Sans';
  for (const l of lines) ctx.fillText(l.text, l.x, l.y);
  const pixels = new Uint8Array(W * H);
  for (let k = 0; k < W * H; k++) pixels[k] = img.data[4 * k]!;
  const uid = `1.2.826.0.1.3680043.10.1234.77.${o.n ?? 1}`;
  return part10({
    transferSyntax: TS.explicitLE, sopClassUid: US, sopInstanceUid: uid,
    dataset: [
      el(0x00080016, 'UI', US), el(0x00080018, 'UI', uid), el(0x00080020, 'DA', '20210312'), el(0x00080060, 'CS', o.modality ?? 'US'),
      el(0x00080070, 'LO', o.manufacturer ?? 'GE MEDICAL SYSTEMS'), el(0x00080080, 'LO', 'St. Anna Hospital'), el(0x00081090, 'LO', 'LOGIQ E9'),
      el(0x00100010, 'PN', 'GARCIA^MARIA'), el(0x00100020, 'LO', 'PAT004512'), el(0x00100030, 'DA', '19580704'), el(0x0020000d, 'UI', '1.2.826.0.1.3680043.10.1234.78'), el(0x0020000e, 'UI', '1.2.826.0.1.3680043.10.1234.79'),
      el(0x00280002, 'US', [1]), el(0x00280004, 'CS', 'MONOCHROME2'), el(0x00280010, 'US', [H]), el(0x00280011, 'US', [W]),
      el(0x00280100, 'US', [8]), el(0x00280101, 'US', [8]), el(0x00280102, 'US', [7]), el(0x00280103, 'US', [0]),
      el(0x00280301, 'CS', o.burnedIn ?? 'YES'), el(0x7fe00010, 'OB', pixels),
    ],
  });
}
