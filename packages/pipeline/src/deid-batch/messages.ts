/** The batch engine lives in @oncoatlas/deid (see deidentify-files.ts). */
export type { FileOutcome, WorkItem } from '@oncoatlas/deid';
