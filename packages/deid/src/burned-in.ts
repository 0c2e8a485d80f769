/**
 * Burned-in text risk: pixel data we do not decode may show names and dates as pixels. An instance is held
 * for review when it says so (BurnedInAnnotation YES), or says nothing while belonging to a modality or
 * SOP class whose images commonly carry text (ultrasound, screen captures, projection radiography,
 * angiography, derived and secondary images); the attribute is often missing exactly there.
 */
export interface BurnedInFacts {
  readonly hasPixelData: boolean;
  /** Value of (0028,0301), upper-cased; undefined when absent or empty. */
  readonly burnedInAnnotation: string | undefined;
  readonly modality: string | undefined;
  readonly sopClassUid: string | undefined;
  /** Values of Image Type (0008,0008). */
  readonly imageType: readonly string[];
}

export interface BurnedInVerdict {
  readonly risk: boolean;
  /** Reason without identifying values, e.g. 'BurnedInAnnotation is YES'. */
  readonly reason: string;
}

const SEGMENTATION = '1.2.840.10008.5.1.4.1.1.66.4';

const RISKY_MODALITIES = new Set(['US', 'IVUS', 'SC', 'OT', 'CR', 'DX', 'XA', 'RF', 'ES', 'XC', 'GM', 'SM', 'DOC']);

/** SOP classes where text is commonly burned in, whatever the Modality says: the UID itself or a child of it. */
const RISKY_SOP_CLASSES: readonly [string, string][] = [
  ['1.2.840.10008.5.1.4.1.1.7', 'Secondary Capture'],
  ['1.2.840.10008.5.1.4.1.1.6', 'Ultrasound'],
  ['1.2.840.10008.5.1.4.1.1.3.1', 'Ultrasound Multi-frame'],
  ['1.2.840.10008.5.1.4.1.1.1', 'Computed Radiography'],
  ['1.2.840.10008.5.1.4.1.1.1.1', 'Digital X-Ray'],
  ['1.2.840.10008.5.1.4.1.1.12', 'X-Ray Angiography or Fluoroscopy'],
  ['1.2.840.10008.5.1.4.1.1.77.1', 'Visible Light'],
  ['1.2.840.10008.5.1.4.1.1.104', 'Encapsulated Document'],
];

function sopClassIn(sop: string, uid: string): boolean {
  // Digital X-Ray's children (1.1.1.1.x) are its own; mammography (1.1.1.2) is not a child of CR.
  return sop === uid || (sop.startsWith(`${uid}.`) && uid !== '1.2.840.10008.5.1.4.1.1.1');
}

export function assessBurnedIn(f: BurnedInFacts): BurnedInVerdict {
  const declared = f.burnedInAnnotation?.trim().toUpperCase();
  if (declared === 'YES') return { risk: true, reason: 'BurnedInAnnotation is YES' };
  if (!f.hasPixelData && !sopClassIn(f.sopClassUid ?? '', '1.2.840.10008.5.1.4.1.1.104')) return { risk: false, reason: 'no pixel data' };
  // A segmentation's pixels are segment labels (bits or fractions of a mask), not a picture: no text can be
  // burned into them, although they are derived images.
  if (f.sopClassUid === SEGMENTATION && declared !== 'YES') return { risk: false, reason: 'segmentation mask' };
  if (declared === 'NO') return { risk: false, reason: 'BurnedInAnnotation is NO' };
  const modality = f.modality?.trim().toUpperCase();
  if (modality && RISKY_MODALITIES.has(modality)) {
    return { risk: true, reason: `modality ${modality} without BurnedInAnnotation` };
  }
  const sop = f.sopClassUid ?? '';
  for (const [uid, name] of RISKY_SOP_CLASSES) {
    if (sopClassIn(sop, uid)) return { risk: true, reason: `${name} SOP class without BurnedInAnnotation` };
  }
  const types = f.imageType.map((t) => t.trim().toUpperCase());
  if (types[0] === 'DERIVED' || types[1] === 'SECONDARY') {
    return { risk: true, reason: 'derived or secondary image without BurnedInAnnotation' };
  }
  return { risk: false, reason: 'no burned-in text expected' };
}
