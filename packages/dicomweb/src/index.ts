/**
 * @oncoatlas/dicomweb: the DICOMweb pieces a node serves a dataset version with, free of HTTP and files:
 * QIDO-RS matching over a version's index, the DICOM JSON model of an instance (WADO-RS metadata) with bulk
 * data URIs, frames of uncompressed pixel data, and multipart/related bodies with Accept negotiation.
 *
 * @example
 * const { matches } = qido(index.studies, 'studies', { PatientID: 'P-00*' }, urls);
 * const json = instanceMetadata(bytes, { bulkDataUri: (p) => `${url}/bulkdata/${p}` });
 */
export { tagKey, toDicomJson } from './dicom-json.ts';
export type { DicomJson, DicomJsonAttribute, DicomJsonOptions, DicomJsonPersonName, DicomJsonValue } from './dicom-json.ts';
export { extractFrames } from './frames.ts';
export { instanceBulkData, instanceFrames, instanceMetadata } from './instance.ts';
export { acceptMultipart, acceptSingle, mediaRanges, multipartChunks, NOT_ACCEPTABLE, multipartType, newBoundary } from './multipart.ts';
export type { MediaRange, Part } from './multipart.ts';
export { qido } from './qido.ts';
export type { QidoAnswer, QidoInstance, QidoLevel, QidoSeries, QidoStudy, QueryParams, RetrieveUrls } from './qido.ts';
