export { ByteSink, concatSegments, isFileRange } from './byte-sink.ts';
export type { FileRange, Segment } from './byte-sink.ts';
export { parseDataSet } from './dataset-parser.ts';
export type { ParseOptions } from './dataset-parser.ts';
export { EMPTY, KEEP, RECURSE, REMOVE, writeDataSet, writeElementHeader, writeNewElement } from './dataset-writer.ts';
export type { DataSetEditor, Edit, NewElement, ValueEdit } from './dataset-writer.ts';
export { EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, findElement, syntaxOf } from './dataset.ts';
export type { DataSet, Element, EncodingSyntax, Fragment } from './dataset.ts';
export { fileDigest, ReadScratch, readDicomFile, segmentsDigest, writeSegmentsAtomic } from './dicom-file.ts';
export type { DicomSource, ReadOptions } from './dicom-file.ts';
export { implicitVR, keywordOf, lookupKeyword, lookupTag, tagOf } from './dictionary.ts';
export type { AttributeInfo } from './dictionary.ts';
export { parsePart10 } from './part10-reader.ts';
export type { DicomFile } from './part10-reader.ts';
export { fileMetaInformation, fileMetaOf, part10Header, writeFileMeta, writePart10 } from './part10-writer.ts';
export type { FileMetaFields, Part10Write } from './part10-writer.ts';
export {
  formatTag, isPrivateCreatorTag, isPrivateTag, ITEM, ITEM_DELIMITATION, parseTag, PIXEL_DATA, privateCreatorTagOf,
  SEQUENCE_DELIMITATION, tag, tagElement, tagGroup, tagHex, UNDEFINED_LENGTH,
} from './tag.ts';
export type { Tag } from './tag.ts';
export { EXPLICIT_VR_BIG_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN, transferSyntaxOf } from './transfer-syntax.ts';
export type { TransferSyntax } from './transfer-syntax.ts';
export { asciiValue, splitValues, stringAt, uidValue, uint16Value, valueBytes } from './values.ts';
export { binaryWordSize, hasLongLength, isTextVR, isVR, paddingByte, usesCharacterSet } from './vr.ts';
export type { VR } from './vr.ts';
export { decodeText, isAsciiCompatible, parseSpecificCharacterSet } from './charset.ts';
export type { CharacterSets } from './charset.ts';
export { studyKey } from './study-key.ts';
