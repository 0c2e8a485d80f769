/** The batch engine lives in @oncoatlas/deid (see deidentify-files.ts). */
export { FileProcessor, partialDir } from '@oncoatlas/deid';
