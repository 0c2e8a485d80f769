export { readAll } from './source.ts';
export type { SourceInstance, SourceItem, SourceKind, SourceProblem, StudySource } from './source.ts';
export { FolderSource } from './folder/folder-source.ts';
export type { FolderSourceOptions } from './folder/folder-source.ts';
export { DicomdirSource, readDicomdir } from './folder/dicomdir-source.ts';
export type { DirectoryEntry } from './folder/dicomdir-source.ts';
export { sniffBytes } from './folder/sniff.ts';
export * from './clinical/clinical.ts';
