export { ERROR_CODES, EXIT, OncoAtlasError, exitCodeFor, isOncoAtlasError, normalizeError, oncoError } from './errors.ts';
export type { ErrorCode, ErrorDetails } from './errors.ts';
export { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, createPrivateFile, privateDir, replacePrivateFile, writeNewPrivateFile, writePrivateFile } from './private-files.ts';
export { isProcessAlive } from './process-alive.ts';
