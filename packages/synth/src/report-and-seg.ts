/**
 * The two derived objects of a synthetic study: a radiology report as a Comprehensive SR (where clerks and
 * radiologists type the patient's name into the text), and a tumour segmentation (SEG) over the study's
 * first axial series, so evidence and source references have to survive de-identification intact.
 */
import { attr, type Attr } from './dataset-builder.ts';
import { SOP_CLASS } from './catalog.ts';
import type { SeriesPlan, StudyPlan } from './cohort.ts';
import { LESIONS, REPORT_PHRASES, SIDES } from './names.ts';
import type { Random } from './random.ts';
import { patientStudyAttrs, seriesAttrs, sopCommon, typedName } from './study-attributes.ts';

export interface ReferencedInstance {
  readonly sopClass: string;
  readonly sopUid: string;
  readonly seriesUid: string;
}

const code = (value: string, scheme: string, meaning: string): Attr[] => [attr('CodeValue', value), attr('CodingSchemeDesignator', scheme), attr('CodeMeaning', meaning)];

function reportText(s: StudyPlan, r: Random): string {
  const lines = REPORT_PHRASES[s.language].map((l) => l.replace('{lesion}', LESIONS[s.language]).replace('{size}', String(r.int(6, 48))).replace('{side}', SIDES[s.language]));
  if (s.defects.includes('name_in_report')) lines.unshift(`${s.language === 'en' ? 'Patient' : 'Paciente'}: ${typedName(s.patient)} (NHC ${s.patient.id})`);
  return lines.join('\r\n');
}

function evidence(refs: readonly ReferencedInstance[], studyUid: string): Attr {
  const bySeries = new Map<string, ReferencedInstance[]>();
  for (const ref of refs) bySeries.set(ref.seriesUid, [...(bySeries.get(ref.seriesUid) ?? []), ref]);
  return attr('CurrentRequestedProcedureEvidenceSequence', [[
    attr('StudyInstanceUID', studyUid),
    attr('ReferencedSeriesSequence', [...bySeries].map(([seriesUid, list]) => [
      attr('SeriesInstanceUID', seriesUid),
      attr('ReferencedSOPSequence', list.map((x) => [attr('ReferencedSOPClassUID', x.sopClass), attr('ReferencedSOPInstanceUID', x.sopUid)])),
    ])),
  ]]);
}

export function srReport(s: StudyPlan, se: SeriesPlan, sopUid: string, refs: readonly ReferencedInstance[], r: Random): Attr[] {
  return [
    ...patientStudyAttrs(s, r),
    ...seriesAttrs(s, se, 'RIS Report Bridge'),
    ...sopCommon(s, SOP_CLASS.SR, sopUid, 1),
    attr('ReferencedPerformedProcedureStepSequence', []),
    attr('ValueType', 'CONTAINER'),
    attr('ConceptNameCodeSequence', [code('18748-4', 'LN', 'Diagnostic imaging report')]),
    attr('ContinuityOfContent', 'SEPARATE'),
    attr('CompletionFlag', 'COMPLETE'),
    attr('VerificationFlag', 'VERIFIED'),
    attr('VerifyingObserverSequence', [[
      attr('VerifyingObserverName', 'Soler^Mercè'),
      attr('VerifyingOrganization', 'Servei de Radiologia'),
      attr('VerificationDateTime', `${s.date}${s.time}`),
      attr('VerifyingObserverIdentificationCodeSequence', []),
    ]]),
    attr('PerformedProcedureCodeSequence', []),
    evidence(refs, s.uid),
    attr('ContentSequence', [
      [attr('RelationshipType', 'HAS OBS CONTEXT'), attr('ValueType', 'PNAME'), attr('ConceptNameCodeSequence', [code('121008', 'DCM', 'Person Observer Name')]), attr('PersonName', 'Soler^Mercè')],
      [attr('RelationshipType', 'CONTAINS'), attr('ValueType', 'TEXT'), attr('ConceptNameCodeSequence', [code('121071', 'DCM', 'Finding')]), attr('TextValue', reportText(s, r))],
    ]),
  ];
}

/** A binary SEG with one segment and one frame per source image, referencing each source instance. */
export function segmentation(s: StudyPlan, se: SeriesPlan, sopUid: string, sources: readonly ReferencedInstance[], rows: number, cols: number, r: Random): Attr[] {
  const frames = sources.length;
  const frameBits = rows * cols;
  const pixel = new Uint8Array(Math.ceil((frameBits * frames) / 8) + (Math.ceil((frameBits * frames) / 8) % 2));
  for (let f = 0; f < frames; f++) {
    for (let y = rows / 4; y < (rows * 3) / 4; y++) {
      for (let x = cols / 4; x < (cols * 3) / 4; x++) {
        const bit = f * frameBits + y * cols + x;
        pixel[bit >> 3]! |= 1 << (bit & 7);
      }
    }
  }
  const perFrame = sources.map((src, f) => [
    attr('DerivationImageSequence', [[
      attr('SourceImageSequence', [[attr('ReferencedSOPClassUID', src.sopClass), attr('ReferencedSOPInstanceUID', src.sopUid), attr('PurposeOfReferenceCodeSequence', [code('121322', 'DCM', 'Source image for image processing operation')])]]),
      attr('DerivationCodeSequence', [code('113076', 'DCM', 'Segmentation')]),
    ]]),
    attr('FrameContentSequence', [[attr('DimensionIndexValues', [1, f + 1])]]),
    attr('PlanePositionSequence', [[attr('ImagePositionPatient', [-175, -175, -300 + f * 2.5])]]),
    attr('SegmentIdentificationSequence', [[attr('ReferencedSegmentNumber', 1)]]),
  ]);
  const dimensionOrg = `${se.uid}.1`.slice(0, 64);
  return [
    ...patientStudyAttrs(s, r),
    ...seriesAttrs(s, se, 'OncoAtlas Synth Annotator'),
    ...sopCommon(s, SOP_CLASS.SEG, sopUid, 1),
    attr('ImageType', ['DERIVED', 'PRIMARY']),
    attr('FrameOfReferenceUID', s.frameOfReferenceUid),
    attr('PositionReferenceIndicator', ''),
    attr('ContentLabel', 'TUMOUR'),
    attr('ContentDescription', 'Primary tumour'),
    attr('ContentCreatorName', 'Puig^Laia'),
    attr('SegmentationType', 'BINARY'),
    attr('SegmentSequence', [[
      attr('SegmentNumber', 1),
      attr('SegmentLabel', 'Tumour'),
      attr('SegmentAlgorithmType', 'MANUAL'),
      attr('SegmentedPropertyCategoryCodeSequence', [code('49755003', 'SCT', 'Morphologically Altered Structure')]),
      attr('SegmentedPropertyTypeCodeSequence', [code('108369006', 'SCT', 'Neoplasm')]),
    ]]),
    attr('DimensionOrganizationSequence', [[attr('DimensionOrganizationUID', dimensionOrg)]]),
    attr('DimensionIndexSequence', [
      [attr('DimensionOrganizationUID', dimensionOrg), attr('DimensionIndexPointer', [0x0062, 0x000b], 'AT'), attr('FunctionalGroupPointer', [0x0062, 0x000a], 'AT')],
      [attr('DimensionOrganizationUID', dimensionOrg), attr('DimensionIndexPointer', [0x0020, 0x0032], 'AT'), attr('FunctionalGroupPointer', [0x0020, 0x9113], 'AT')],
    ]),
    attr('SharedFunctionalGroupsSequence', [[
      attr('PixelMeasuresSequence', [[attr('PixelSpacing', [0.683594, 0.683594]), attr('SliceThickness', 2.5)]]),
      attr('PlaneOrientationSequence', [[attr('ImageOrientationPatient', [1, 0, 0, 0, 1, 0])]]),
    ]]),
    attr('PerFrameFunctionalGroupsSequence', perFrame),
    attr('ReferencedSeriesSequence', [[attr('SeriesInstanceUID', sources[0]?.seriesUid ?? ''), attr('ReferencedInstanceSequence', sources.map((x) => [attr('ReferencedSOPClassUID', x.sopClass), attr('ReferencedSOPInstanceUID', x.sopUid)]))]]),
    attr('NumberOfFrames', frames),
    attr('SamplesPerPixel', 1),
    attr('PhotometricInterpretation', 'MONOCHROME2'),
    attr('Rows', rows),
    attr('Columns', cols),
    attr('BitsAllocated', 1),
    attr('BitsStored', 1),
    attr('HighBit', 0),
    attr('PixelRepresentation', 0),
    attr('LossyImageCompression', '00'),
    attr('PixelData', pixel, 'OB'),
  ];
}
