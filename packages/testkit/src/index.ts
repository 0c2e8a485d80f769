export { EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, el, encodeElements, part10, sq, TS } from './dicom-bytes.ts';
export type { El, Encoding, Part10Input, Value } from './dicom-bytes.ts';
export { SOP, writeFixtureCorpus } from './fixture-corpus.ts';
export type { FixtureFile, FixtureManifest, Planted } from './fixture-corpus.ts';
export { FIXTURE_PATIENTS } from './fixture-patients.ts';
export type { FixturePatient } from './fixture-patients.ts';
export { errorDelta, hasTool, requireTool, runDciodvfy, runDcmdump } from './validators.ts';
export type { ToolResult } from './validators.ts';
export { writeBenchCorpus, writeLargeMultiframe } from './bench-corpus.ts';
