/** The batch engine lives in @oncoatlas/deid, so `oncoatlas deid` starts without loading the pipeline; re-exported for the populate stages. */
export { deidentifyFiles } from '@oncoatlas/deid';
export type { DeidentifyFilesOptions } from '@oncoatlas/deid';
