/**
 * What the Clean Pixel Data option writes to De-identification Method (0012,0063) of an image it redacted. It
 * lives beside the de-identification batch engine in @oncoatlas/deid, whose workers recognise their own earlier
 * redaction by it without loading OCR.
 */
export { AUTOMATIC_REDACTION_METHOD } from '@oncoatlas/deid';
