/**
 * One image instance of a synthetic series: the modality's own module attributes and its pixels, a plausible
 * picture of the modality (see pixels/anatomy.ts); with `--pixels small` they are a few hundred bytes so the
 * full cohort fits on a laptop, with `realistic` instances at risk also carry burned-in text.
 */
import { attr, type Attr } from './dataset-builder.ts';
import { GEOMETRY, SOP_CLASS, type ImageModality } from './catalog.ts';
import type { SeriesPlan, StudyPlan } from './cohort.ts';
import { renderPixels } from './pixels/image-pixels.ts';
import type { BurnedInItem, TextSubject } from './pixels/burned-in.ts';
import type { Random } from './random.ts';
import { patientStudyAttrs, privateAttrs, seriesAttrs, sopCommon } from './study-attributes.ts';

/**
 * `small`: tiny matrices, no text (the 12,484-study cohort); `realistic`: every modality at its real size, more
 * slices, text burned into instances at risk; `text`: the studies of `small`, but ultrasound and screen captures
 * at their real size with their burned-in text (where scanners print names), so burned-in text can be shown and
 * tested in seconds instead of writing gigabytes of CT and mammography.
 */
export type PixelSize = 'small' | 'text' | 'realistic';

/** Modalities drawn at full size with text under `text`: the ones whose text OCR must find in practice. */
const TEXT_MODALITIES: ReadonlySet<ImageModality> = new Set(['US', 'SC']);

function modalityAttrs(m: ImageModality, se: SeriesPlan, i: number, r: Random): Attr[] {
  const z = -300 + i * 2.5;
  const plane = [
    attr('ImagePositionPatient', [-175, -175, z]),
    attr('ImageOrientationPatient', [1, 0, 0, 0, 1, 0]),
    attr('PixelSpacing', [0.683594, 0.683594]),
    attr('SliceThickness', 2.5),
    attr('PatientPosition', 'HFS'),
  ];
  switch (m) {
    case 'CT': return [attr('ImageType', i === 0 && se.number === 1 ? ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] : ['ORIGINAL', 'PRIMARY', 'AXIAL']), attr('KVP', 120), attr('RescaleIntercept', -1024), attr('RescaleSlope', 1), attr('RescaleType', 'HU'), attr('ConvolutionKernel', 'B30f'), attr('AcquisitionNumber', 1), ...plane];
    case 'MR': return [attr('ImageType', ['ORIGINAL', 'PRIMARY', 'M', 'ND']), attr('ScanningSequence', 'SE'), attr('SequenceVariant', ['SK', 'SP']), attr('ScanOptions', 'PFP'), attr('MRAcquisitionType', '2D'), attr('RepetitionTime', 4000 + r.int(0, 900)), attr('EchoTime', 98), attr('EchoTrainLength', 16), attr('MagneticFieldStrength', 3), ...plane];
    case 'PT': return [attr('ImageType', ['ORIGINAL', 'PRIMARY']), attr('Units', 'BQML'), attr('DecayCorrection', 'START'), attr('CorrectedImage', ['DECY', 'ATTN', 'SCAT']), attr('SeriesType', ['WHOLE BODY', 'IMAGE']), attr('RescaleIntercept', 0), attr('RescaleSlope', 1.5), attr('FrameReferenceTime', 0), attr('ImageIndex', i + 1), attr('NumberOfSlices', se.instances),
      attr('RadiopharmaceuticalInformationSequence', [[attr('Radiopharmaceutical', 'Fluorodeoxyglucose'), attr('RadionuclideTotalDose', 3.1e8), attr('RadionuclideHalfLife', 6586.2),
        attr('RadionuclideCodeSequence', [[attr('CodeValue', 'C-111A1'), attr('CodingSchemeDesignator', 'SRT'), attr('CodeMeaning', '^18^Fluorine')]])]]),
      attr('CountsSource', 'EMISSION'), attr('CollimatorType', 'NONE'), attr('AcquisitionTime', '101500'), attr('ActualFrameDuration', 180000), attr('DecayFactor', 1.1),
      attr('PatientOrientationCodeSequence', []), attr('PatientGantryRelationshipCodeSequence', []), ...plane];
    case 'MG': return [attr('ImageType', ['ORIGINAL', 'PRIMARY']), attr('ImageLaterality', se.description.includes('L ') ? 'L' : 'R'), attr('PresentationIntentType', 'FOR PRESENTATION'), attr('BurnedInAnnotation', 'NO'), attr('PatientOrientation', ['A', 'R']), attr('KVP', 29)];
    case 'US': return [attr('ImageType', ['ORIGINAL', 'PRIMARY']), attr('BurnedInAnnotation', i < 2 ? 'YES' : 'NO'), attr('PlanarConfiguration', 0)];
    case 'SC': return [attr('ConversionType', 'WSD'), attr('BurnedInAnnotation', 'YES'), attr('PlanarConfiguration', 0), attr('ImageComments', 'Dose report screen capture'), attr('PatientOrientation', '')];
    case 'CR': case 'DX': return [attr('ImageType', ['ORIGINAL', 'PRIMARY']), attr('PresentationIntentType', 'FOR PRESENTATION'), attr('PatientOrientation', ['P', 'F']), attr('ViewPosition', 'PA'), attr('BurnedInAnnotation', 'NO'), attr('KVP', 125), attr('ImagerPixelSpacing', [0.139, 0.139])];
    case 'XA': return [attr('ImageType', ['ORIGINAL', 'PRIMARY', 'SINGLE PLANE']), attr('KVP', 80), attr('PositionerPrimaryAngle', 0), attr('PositionerSecondaryAngle', 0)];
    case 'NM': return [attr('ImageType', ['ORIGINAL', 'PRIMARY', 'WHOLE BODY', 'EMISSION'])];
    default: return [];
  }
}

export interface ImageInstance {
  readonly attrs: Attr[];
  /** Text burned into its pixels (realistic pixels, instances at risk only; possibly none). */
  readonly burnedIn?: readonly BurnedInItem[];
}

/**
 * Attributes of image `i` (0-based) of series `se`, pixels included. Pixels draw from their own stream `px`,
 * so how an image is drawn never shifts the study's UIDs and defects.
 */
export function imageInstance(s: StudyPlan, se: SeriesPlan, i: number, sopUid: string, r: Random, px: Random, size: PixelSize, subject: TextSubject): ImageInstance {
  const m = se.modality;
  const g = GEOMETRY[m];
  const full = size === 'realistic' || (size === 'text' && TEXT_MODALITIES.has(m));
  const [rows, cols] = full ? g.realistic : g.small;
  const rgb = g.samples === 3;
  const model = s.vendor.models[m === 'SC' ? 'CT' : m] ?? Object.values(s.vendor.models)[0] ?? 'Unknown';
  const sopClass = m === 'SR' || m === 'SEG' ? '' : SOP_CLASS[m];
  const patient = patientStudyAttrs(s, r);
  const own = modalityAttrs(m, se, i, r);
  const flaggedYes = own.some((a) => a.tag === 0x00280301 && a.value === 'YES');
  const scene = { index: i, count: se.instances, description: se.description, bodyPart: se.bodyPart };
  const rendered = renderPixels({ modality: m, rows, cols, bits: g.bits, samples: g.samples, scene, ...(full ? { text: { subject, flaggedYes } } : { reuseScene: true }) }, px);
  const out: Attr[] = [
    ...patient,
    ...seriesAttrs(s, se, model),
    ...privateAttrs(s),
    ...sopCommon(s, sopClass, sopUid, i + 1),
    ...own,
    attr('AcquisitionDate', s.date),
    attr('FrameOfReferenceUID', s.frameOfReferenceUid),
    attr('PositionReferenceIndicator', ''),
    attr('SamplesPerPixel', g.samples),
    attr('PhotometricInterpretation', rgb ? 'RGB' : m === 'CR' || m === 'DX' || m === 'MG' ? 'MONOCHROME1' : 'MONOCHROME2'),
    attr('Rows', rows),
    attr('Columns', cols),
    attr('BitsAllocated', g.bits),
    attr('BitsStored', g.bits === 16 ? 12 : 8),
    attr('HighBit', g.bits === 16 ? 11 : 7),
    attr('PixelRepresentation', 0),
    attr('PixelData', rendered.bytes, g.bits === 16 ? 'OW' : 'OB'),
  ];
  if (m === 'MG' || m === 'DX' || m === 'CR') out.push(attr('WindowCenter', 2048), attr('WindowWidth', 4096));
  if (m === 'CT') out.push(attr('WindowCenter', 40), attr('WindowWidth', 400));
  return rendered.burnedIn ? { attrs: out, burnedIn: rendered.burnedIn } : { attrs: out };
}
