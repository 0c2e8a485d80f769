export { buildProgram, main } from './main.ts';
export { runDeid } from './deid-run.ts';
export type { DeidRunOptions, DeidRunResult } from './deid-run.ts';
export type { DeidReport, ReportFile } from './deid-report.ts';
