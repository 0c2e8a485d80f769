export { ERROR_CODES, EXIT, OncoAtlasError, exitCodeFor, isOncoAtlasError, normalizeError, oncoError } from './errors.ts';
export type { ErrorCode, ErrorDetails } from './errors.ts';
