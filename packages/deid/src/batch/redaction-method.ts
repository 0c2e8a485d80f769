/**
 * What the Clean Pixel Data option writes to De-identification Method (0012,0063) of an image it redacted: how
 * the boxes were found. Here, beside the batch engine, as its workers recognise their own earlier redaction by
 * it (file-processor.ts) without loading OCR; the pipeline's pixel pass re-exports it.
 */
export const AUTOMATIC_REDACTION_METHOD = 'Burned-in text blanked (OCR and device template)';
