/**
 * What the synthetic PACS holds: study types per cancer, their series, the SOP classes and the vendors that
 * write them. Counts are modelled on a tertiary oncology centre's imaging (lung and breast dominate), scaled
 * down in instance counts so the whole 12,484-study cohort fits on a laptop with `--pixels small`.
 */
import type { Syntax } from './dataset-builder.ts';

export const SOP_CLASS = {
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  PT: '1.2.840.10008.5.1.4.1.1.128',
  MG: '1.2.840.10008.5.1.4.1.1.1.2',
  US: '1.2.840.10008.5.1.4.1.1.6.1',
  CR: '1.2.840.10008.5.1.4.1.1.1',
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  SC: '1.2.840.10008.5.1.4.1.1.7',
  SR: '1.2.840.10008.5.1.4.1.1.88.33',
  SEG: '1.2.840.10008.5.1.4.1.1.66.4',
  XA: '1.2.840.10008.5.1.4.1.1.12.1',
  NM: '1.2.840.10008.5.1.4.1.1.20',
} as const;
export type ImageModality = keyof typeof SOP_CLASS;

export type CancerType = 'lung' | 'breast' | 'prostate' | 'colorectal';
export const CANCER_WEIGHTS: readonly (readonly [CancerType, number])[] = [['lung', 35], ['breast', 35], ['prostate', 15], ['colorectal', 15]];

/** The study a cancer patient gets, by weight. PET-CT is one study with a CT and a PT series. */
export type StudyType = 'CT' | 'PETCT' | 'MR' | 'MG' | 'US' | 'CR' | 'DX';
export const STUDY_TYPES: Record<CancerType, readonly (readonly [StudyType, number])[]> = {
  lung: [['CT', 55], ['PETCT', 20], ['CR', 15], ['MR', 5], ['DX', 5]],
  breast: [['MG', 45], ['US', 25], ['MR', 20], ['CT', 10]],
  prostate: [['MR', 65], ['CT', 20], ['PETCT', 15]],
  colorectal: [['CT', 60], ['MR', 25], ['PETCT', 15]],
};

export interface Vendor {
  readonly manufacturer: string;
  readonly models: Partial<Record<ImageModality, string>>;
  /** How this vendor's modalities encode (old CR consoles still write implicit VR). */
  readonly syntax: Syntax;
  readonly undefinedLengthSequences: boolean;
  /** Private creator and block of this vendor, with the elements it writes there. */
  readonly privateGroup: number;
  readonly privateCreator: string;
}

export const VENDORS: readonly Vendor[] = [
  { manufacturer: 'SIEMENS', models: { CT: 'SOMATOM Definition AS+', MR: 'MAGNETOM Aera', PT: 'Biograph mCT', MG: 'MAMMOMAT Revelation', US: 'ACUSON Sequoia', DX: 'Ysio Max' }, syntax: 'explicit-le', undefinedLengthSequences: false, privateGroup: 0x0029, privateCreator: 'SIEMENS CSA HEADER' },
  { manufacturer: 'GE MEDICAL SYSTEMS', models: { CT: 'Discovery CT750 HD', MR: 'SIGNA Architect', PT: 'Discovery MI', MG: 'Senographe Pristina', US: 'LOGIQ E9', CR: 'Definium 8000' }, syntax: 'explicit-le', undefinedLengthSequences: true, privateGroup: 0x0009, privateCreator: 'GEMS_IDEN_01' },
  { manufacturer: 'Philips', models: { CT: 'Ingenuity CT', MR: 'Ingenia', PT: 'Vereos PET/CT', US: 'EPIQ 7G', DX: 'DigitalDiagnost' }, syntax: 'explicit-le', undefinedLengthSequences: true, privateGroup: 0x2001, privateCreator: 'Philips Imaging DD 001' },
  { manufacturer: 'CANON_MEC', models: { CT: 'Aquilion ONE', MR: 'Vantage Orian', US: 'Aplio i800', CR: 'Radrex-i' }, syntax: 'explicit-le', undefinedLengthSequences: false, privateGroup: 0x7005, privateCreator: 'TOSHIBA_MEC_CT3' },
  { manufacturer: 'AGFA', models: { CR: 'CR 85-X', DX: 'DX-D 600' }, syntax: 'implicit-le', undefinedLengthSequences: false, privateGroup: 0x0019, privateCreator: 'AGFA' },
  { manufacturer: 'Hologic, Inc.', models: { MG: 'Selenia Dimensions' }, syntax: 'explicit-le', undefinedLengthSequences: false, privateGroup: 0x7e01, privateCreator: 'HOLOGIC, Inc.' },
];

/** Legacy MR console that still writes explicit VR big endian (retired syntax, still in PACS archives). */
export const LEGACY_BIG_ENDIAN_MR: Vendor = { manufacturer: 'Philips Medical Systems', models: { MR: 'Gyroscan Intera' }, syntax: 'explicit-be', undefinedLengthSequences: false, privateGroup: 0x2005, privateCreator: 'Philips MR Imaging DD 001' };

export interface SeriesTemplate {
  readonly modality: ImageModality;
  readonly description: { es: string; ca: string; en: string };
  /** Instances with small pixels; realistic mode multiplies CT/MR/PT counts. */
  readonly instances: readonly [number, number];
  readonly bodyPart: string;
}

const S = (modality: ImageModality, es: string, ca: string, en: string, instances: readonly [number, number], bodyPart: string): SeriesTemplate =>
  ({ modality, description: { es, ca, en }, instances, bodyPart });

export const SERIES: Record<StudyType, readonly SeriesTemplate[]> = {
  CT: [S('CT', 'Topograma', 'Topograma', 'Scout', [1, 2], 'CHEST'), S('CT', 'Tórax C+ 1.25mm', 'Tòrax C+ 1.25mm', 'Chest C+ 1.25mm', [8, 16], 'CHEST'), S('CT', 'Abdomen portal 2.5mm', 'Abdomen portal 2.5mm', 'Abdomen portal 2.5mm', [6, 12], 'ABDOMEN')],
  PETCT: [S('CT', 'CT AC cuerpo entero', 'CT AC cos sencer', 'CTAC whole body', [8, 14], 'WHOLEBODY'), S('PT', 'PET FDG AC', 'PET FDG AC', 'PET FDG AC', [8, 14], 'WHOLEBODY')],
  MR: [S('MR', 'T2 TSE axial', 'T2 TSE axial', 'T2 TSE axial', [6, 12], 'PROSTATE'), S('MR', 'DWI b1400', 'DWI b1400', 'DWI b1400', [6, 10], 'PROSTATE'), S('MR', 'DCE dinámico', 'DCE dinàmic', 'DCE dynamic', [6, 12], 'PROSTATE')],
  MG: [S('MG', 'R CC', 'R CC', 'R CC', [1, 1], 'BREAST'), S('MG', 'L CC', 'L CC', 'L CC', [1, 1], 'BREAST'), S('MG', 'R MLO', 'R MLO', 'R MLO', [1, 1], 'BREAST'), S('MG', 'L MLO', 'L MLO', 'L MLO', [1, 1], 'BREAST')],
  US: [S('US', 'Ecografía mama', 'Ecografia mama', 'Breast ultrasound', [3, 6], 'BREAST')],
  CR: [S('CR', 'Tórax PA', 'Tòrax PA', 'Chest PA', [1, 1], 'CHEST'), S('CR', 'Tórax lateral', 'Tòrax lateral', 'Chest lateral', [1, 1], 'CHEST')],
  DX: [S('DX', 'Tórax PA', 'Tòrax PA', 'Chest PA', [1, 1], 'CHEST'), S('DX', 'Tórax lateral', 'Tòrax lateral', 'Chest lateral', [1, 1], 'CHEST')],
};

export const STUDY_DESCRIPTION: Record<StudyType, { es: string; ca: string; en: string }> = {
  CT: { es: 'TC TÓRAX-ABDOMEN CON CONTRASTE', ca: 'TC TÒRAX-ABDOMEN AMB CONTRAST', en: 'CT CHEST ABDOMEN WITH CONTRAST' },
  PETCT: { es: 'PET-TC 18F-FDG ONCOLÓGICO', ca: 'PET-TC 18F-FDG ONCOLÒGIC', en: 'PET-CT FDG ONCOLOGY' },
  MR: { es: 'RM MULTIPARAMÉTRICA', ca: 'RM MULTIPARAMÈTRICA', en: 'MP-MRI' },
  MG: { es: 'MAMOGRAFÍA BILATERAL', ca: 'MAMOGRAFIA BILATERAL', en: 'BILATERAL MAMMOGRAPHY' },
  US: { es: 'ECOGRAFÍA MAMARIA', ca: 'ECOGRAFIA MAMÀRIA', en: 'BREAST ULTRASOUND' },
  CR: { es: 'RX TÓRAX PA Y LAT', ca: 'RX TÒRAX PA I LAT', en: 'CHEST X-RAY PA AND LAT' },
  DX: { es: 'RX TÓRAX PA Y LAT', ca: 'RX TÒRAX PA I LAT', en: 'CHEST X-RAY PA AND LAT' },
};

/** Out-of-scope studies a PACS query for oncology patients also returns (angiography, bone scan). */
export const OUT_OF_SCOPE: readonly { modality: ImageModality; description: string; bodyPart: string }[] = [
  { modality: 'XA', description: 'ARTERIOGRAFÍA HEPÁTICA', bodyPart: 'ABDOMEN' },
  { modality: 'NM', description: 'GAMMAGRAFÍA ÓSEA', bodyPart: 'WHOLEBODY' },
];

/** Pixel geometry by modality: small (for the full cohort) and realistic (for benchmarks and viewers). */
export const GEOMETRY: Record<ImageModality, { small: [number, number]; realistic: [number, number]; bits: 8 | 16; samples: 1 | 3 }> = {
  CT: { small: [16, 16], realistic: [512, 512], bits: 16, samples: 1 },
  MR: { small: [16, 16], realistic: [256, 256], bits: 16, samples: 1 },
  PT: { small: [16, 16], realistic: [200, 200], bits: 16, samples: 1 },
  MG: { small: [32, 24], realistic: [3328, 2560], bits: 16, samples: 1 },
  US: { small: [24, 32], realistic: [600, 800], bits: 8, samples: 3 },
  CR: { small: [24, 24], realistic: [2048, 2048], bits: 16, samples: 1 },
  DX: { small: [24, 24], realistic: [2500, 2048], bits: 16, samples: 1 },
  SC: { small: [24, 32], realistic: [768, 1024], bits: 8, samples: 3 },
  XA: { small: [16, 16], realistic: [512, 512], bits: 8, samples: 1 },
  NM: { small: [16, 16], realistic: [256, 256], bits: 16, samples: 1 },
  SR: { small: [0, 0], realistic: [0, 0], bits: 8, samples: 1 },
  SEG: { small: [16, 16], realistic: [512, 512], bits: 8, samples: 1 },
};
