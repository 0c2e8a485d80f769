/**
 * One error model for every package: a typed code a user can look up in docs/errors.md, structured
 * details that never hold identifying values, and the original cause.
 */
export const ERROR_CODES = {
  // usage and configuration
  USAGE: 'The command line or options are invalid.',
  CONFIG_INVALID: 'A configuration value is invalid.',
  SECRET_MISSING: 'The site secret file is missing, unreadable or too short.',
  SECRET_MISMATCH: 'The site secret does not open the source paths this ledger holds: it is not the secret the data directory was populated with.',
  DATA_DIR_MODES: 'Folders or files in the data directory can be read by other users of the machine.',
  IO_FAILED: 'A file could not be read or written.',
  // DICOM parsing
  DICOM_NOT_PART10: 'The file is not a DICOM Part 10 file (no DICM prefix and no recognisable dataset).',
  DICOM_TRUNCATED: 'The file ends before an element or item it declares.',
  DICOM_MALFORMED: 'The file declares an impossible structure (bad length, tag order, delimiter or VR).',
  DICOM_UNSUPPORTED_TRANSFER_SYNTAX: 'The transfer syntax is not one this reader supports.',
  DICOM_TOO_DEEP: 'Sequences are nested deeper than the reader allows.',
  DICOM_CHARSET: 'A Specific Character Set is not recognised, so text cannot be read safely.',
  // de-identification
  DEID_UNKNOWN_OPTION: 'A de-identification option name is not known.',
  DEID_UNSUPPORTED_OPTION: 'A de-identification option is recognised but not supported.',
  DEID_MISSING_PATIENT_ID: 'The instance has no Patient ID to derive a pseudonym from.',
  DEID_VERIFY_FAILED: 'The de-identified output still contains an identifying value of its input.',
  DEID_BURNED_IN_RISK: 'The instance may carry burned-in text and is held for review.',
  DEID_OUTPUT_INVALID: 'The de-identified output could not be re-parsed.',
  DEID_NOT_AN_INSTANCE: 'The file is DICOM but not a composite instance (e.g. a DICOMDIR); it is not released.',
  DEID_DUPLICATE_INSTANCE: 'Another input with the same SOP Instance UID produced a different output.',
  // sources: PACS, DICOMweb, C-STORE, folders, clinical tables
  SOURCE_UNREACHABLE: 'A PACS or DICOMweb server could not be reached.',
  SOURCE_AUTH_FAILED: 'A PACS or DICOMweb server refused the credentials.',
  SOURCE_PROTOCOL: 'A PACS or DICOMweb server answered with something the standard does not allow.',
  SOURCE_NOT_FOUND: 'A folder, file or DICOMDIR entry named by the source does not exist.',
  SOURCE_EMPTY: 'The source holds no DICOM study: it is empty, or none of its files is DICOM with a study to file it under.',
  RECEIVE_PORT_IN_USE: 'The C-STORE receiver could not listen on the port.',
  RECEIVE_REJECTED: 'The C-STORE receiver refused an association: it called another AE title, or its calling AE title is not accepted.',
  RECEIVE_INCOMPLETE: 'An association ended before an instance was complete; nothing was kept of it.',
  CLINICAL_UNREADABLE: 'A clinical table could not be read (encoding, format, or a damaged file).',
  CLINICAL_NO_HEADER: 'A clinical table has no header row, or duplicate or empty column names.',
  CLINICAL_MAPPING_INVALID: 'A clinical mapping file is malformed or invalid (syntax, unknown keys, fields, value sets or units).',
  CLINICAL_MAPPING_MISMATCH: 'A valid clinical mapping does not fit the given tables: a mapped table or column is missing.',
  FHIR_INVALID: 'A FHIR document is not a valid R4 Bundle or resource of a supported type.',
  // audit log
  AUDIT_EVENT_INVALID: 'An audit event is incomplete or malformed and was not logged.',
  AUDIT_TAMPERED: 'The audit log does not verify: an event was edited, deleted, inserted or reordered.',
  AUDIT_RANGE: 'A proof was asked for an entry or tree size the audit log does not have.',
  // re-identification risk
  RISK_ATTRIBUTE_UNKNOWN: 'A quasi-identifier or sensitive attribute named for the risk measures is not an attribute of any record.',
  RISK_POPULATION_MISMATCH: 'The population given for journalist or marketer risk does not contain the released table, or has an invalid class size.',
  // synthetic hospital
  SYNTH_OUTPUT_NOT_EMPTY: 'The synthetic hospital output folder already holds other files.',
  // population runs and their reports
  REPORT_NOT_FOUND: 'The report asked for has not been made on this node yet (no populate run produced it).',
  DATA_DIR_LOCKED: 'Another OncoAtlas process is writing this data directory (or its PostgreSQL ledger); one writer at a time.',
  POPULATION_RUNNING: 'A population run is already going on in this server; one runs at a time.',
  INTERRUPTED: 'The run was stopped (Ctrl-C or SIGTERM) before it finished; what it committed is kept, and the same command resumes it.',
  // dataset release
  DATASET_NOT_FOUND: 'No dataset (or version) with that id in this data directory.',
  DATASET_EMPTY: 'A dataset version would hold no study: nothing is integrated yet, or every patient was suppressed.',
  DATASET_NOT_DRAFT: 'The dataset version is already released; a released version never changes.',
  RISK_RELEASE_REFUSED: 'The re-identification risk of the dataset version is above the release policy\'s threshold.',
  RELEASE_ATTRIBUTE_UNDECLARED: 'A dataset version would release an attribute (a clinical column or a DICOM attribute) that is neither a measured quasi-identifier nor declared non-identifying with a reason.',
  RELEASE_SOURCE_UNAVAILABLE: 'The hospital\'s own records that the release\'s attack simulation reads (the source files or the cohort\'s clinical export) cannot be found.',
  RELEASE_LEGAL_BASIS_MISSING: 'A dataset version cannot be released without the legal basis of the sharing.',
  // sign-in and roles
  AUTH_REQUIRED: 'The request needs a signed-in user and carried no bearer token.',
  AUTH_INVALID: 'The bearer token is expired, malformed, not for this node, or from an identity provider it does not trust.',
  AUTH_FORBIDDEN: 'The signed-in user has no role that may use this route.',
  SIGN_IN_FAILED: 'A browser sign-in could not be completed: the sign-in was started in another browser, is too old, was already used, or the identity provider did not confirm it.',
  CROSS_SITE_REFUSED: 'A request that changes something (or reads through a script) came from another origin than the node\'s own pages.',
  // malformed HTTP requests
  REQUEST_INVALID: 'The HTTP request is malformed: its body is not the JSON it says, holds a forbidden key, or its path cannot be decoded.',
  REQUEST_TOO_LARGE: 'The HTTP request body is larger than the node accepts.',
  MEDIA_TYPE_UNSUPPORTED: 'The HTTP request body has a content type the route does not accept.',
  // release dossier
  DOSSIER_PDF_FAILED: 'The PDF of the compliance dossier could not be made: Chromium is missing, did not start, or failed to print.',
  // catalogue records
  CATALOGUE_INVALID_FACTS: 'A dataset or catalogue fact cannot be written as RDF (a malformed IRI, email, date, language tag, code or count).',
  CATALOGUE_INVALID_RECORD: 'The catalogue records of a dataset do not conform to the EUCAIM DCAT-AP shapes, so it cannot be published.',
  CATALOGUE_ILLEGAL_TRANSITION: 'The dataset lifecycle does not allow this change from the dataset\'s current state.',
  CATALOGUE_BAD_PAGE: 'A catalogue page was asked for that does not exist, or with a page size outside the allowed range.',
  // federated search
  FEDERATION_INVALID_QUERY: 'A federated search query is malformed: not an AST of AND/OR operations and conditions, nested too deep, too large, or a condition type its key does not allow.',
  FEDERATION_UNAUTHORIZED: 'A federated search request carried no token, or not the token this node was given for it.',
  FEDERATION_FOCUS_DISABLED: 'This node does not answer EUCAIM\'s Focus contract: its operator did not give it a Focus token (oncoatlas serve --focus-token-file).',
  // review queue
  REVIEW_NOT_FOUND: 'No review item with that number, or no held instance at that index of it.',
  PREVIEW_UNAVAILABLE: 'The held instance cannot be previewed: compressed with a codec the preview does not decode, or not an image.',
  REVIEW_ALREADY_DECIDED: 'The held instance or review item was decided already; decisions are final.',
  // burned-in text
  REDACTION_UNSUPPORTED: 'The pixels cannot be redacted: compressed with a codec OncoAtlas does not decode and re-encode losslessly, or not an image.',
  REDACTION_INVALID_BOX: 'A box to redact is not [x, y, w, h] in whole pixels inside the image.',
  REDACTION_INCOMPLETE: 'After redaction, OCR still reads one of the instance\'s identifiers in the pixels.',
  OCR_UNAVAILABLE: 'The Clean Pixel Data option needs the OCR engine (tesseract), which is not installed.',
  // the hub and its nodes' agents
  HUB_JOIN_INVALID: 'A node\'s request to join the hub was refused: its proof is not signed by the key it presents, or is stale or replayed.',
  HUB_CREDENTIAL_INVALID: 'A node\'s assertion or access token at the hub is expired, replayed, wrongly signed, or not for this hub.',
  HUB_NODE_NOT_FOUND: 'No node with that id has joined this hub.',
  HUB_NODE_NOT_APPROVED: 'The node is pending an operator\'s approval, or was revoked: the hub gives it no credentials and no tasks.',
  HUB_TASK_INVALID: 'A task from the hub was refused by the node: not signed by the hub it joined, addressed to another node, or expired.',
  HUB_QUERY_NOT_FOUND: 'No federated query with that id at this hub (or it belongs to another researcher).',
  HUB_UNREACHABLE: 'The hub could not be reached or answered with an error; the agent retries by itself.',
  HUB_NOT_JOINED: 'This node\'s data directory holds no hub membership: run oncoatlas node join first.',
  HUB_HARVEST_INVALID: 'A catalogue harvest was malformed: the node\'s answer is not {format, records, datasets} with valid N-Triples and dated catalogue records, or the task\'s modifiedSince is no date-time.',
  HUB_HARVEST_FAILED: 'A node did not answer the hub\'s catalogue harvest before its deadline, or answered with an error; the hub keeps what it harvested before.',
  FEDERATION_BUDGET_SPENT: 'The researcher\'s privacy budget (ε) for the current window is spent: the query was not sent.',
  // governed access: onboarding, access requests, permits
  ACCESS_TRANSITION_REFUSED: 'The request, resource or onboarding is not in a state where this step is allowed, or your role may not take it there.',
  ACCESS_FORM_INVALID: 'The access application form does not validate against its JSON Schema (a field is missing, too long or of the wrong kind).',
  ACCESS_NOT_FOUND: 'No access request, resource, onboarding, document or message with that id (or it is not yours to see).',
  ACCESS_DOCUMENT_INVALID: 'An uploaded document was refused: unknown kind, empty, too large, or not of the types accepted.',
  ONBOARDING_NOT_APPROVED: 'The data holder\'s onboarding is not approved: its node\'s datasets are not searchable and it takes no access requests.',
  AGREEMENT_MISSING: 'A dataset cannot be published while the agreements its node\'s onboarding path requires are not on file (or have expired).',
  PERMIT_INVALID: 'The access permit is not signed by this node, is malformed, or names another node.',
  PERMIT_REVOKED: 'The access permit was revoked by the data holder or the access committee.',
  PERMIT_EXPIRED: 'The access permit has expired.',
  PERMIT_NOT_APPLICABLE: 'The access permit does not cover this: another researcher, dataset version or action.',
  // using data under a permit: DICOMweb, jobs, output review
  PERMIT_REQUIRED: 'This route serves data only under an access permit: none was sent.',
  DICOMWEB_NOT_FOUND: 'The dataset version holds no study, series, instance or frame with that UID or number.',
  DICOMWEB_BAD_REQUEST: 'The DICOMweb request is malformed: an unknown query key, a bad value, or a media type the node does not serve.',
  DICOMWEB_STORE_REFUSED: 'A dataset version is immutable: storing instances into it (STOW-RS) is refused.',
  JOB_NOT_FOUND: 'No job with that id at this node (or it is not yours to see).',
  JOB_TOOL_NOT_ALLOWED: 'The tool is not on the node\'s allow-list, or its files no longer match the content hash listed.',
  JOB_STATE: 'The job is not in a state where this step is allowed (a review needs a job awaiting review; outputs are served once released).',
  JOB_OUTPUT_BLOCKED: 'An output may not leave the node: it is a DICOM file or is otherwise blocked by the disclosure checks.',
  SANDBOX_UNAVAILABLE: 'The job sandbox (bubblewrap) is not installed or cannot create its namespaces on this machine.',
  HUB_JOB_NOT_FOUND: 'No federated job with that id at the hub (or it is not yours to see).',
  MAIL_FAILED: 'An e-mail notification could not be handed to the SMTP server; it stays in the notification outbox and is retried.',
  // blob storage (output folders, S3-compatible object stores)
  BLOB_KEY_INVALID: 'A storage key is not a relative /-separated path (empty segment, `.` or `..`, leading /, control character, or too long), or collides with a folder of the folder store.',
  BLOB_NOT_FOUND: 'No object with that key in the blob store.',
  BLOB_EXISTS: 'An object with other content already exists under that key, and the write asked to keep an existing one.',
  BLOB_UNAVAILABLE: 'The blob store could not be reached, refused the credentials, or failed the request.',
  // the study work queue (scale-out on PostgreSQL)
  QUEUE_REQUIRES_POSTGRES: 'The study work queue and `oncoatlas worker` need a PostgreSQL database; the embedded SQLite default runs without them.',
  QUEUE_UNAVAILABLE: 'The study work queue (pg-boss on PostgreSQL) could not be reached, installed or opened.',
  QUEUE_NO_HANDLER: 'A worker took a study job of a pipeline stage it has no handler for (an older or differently configured worker).',
  QUEUE_WORKER_LOST: 'A worker stopped heartbeating or ran past the time limit while holding a study job (killed, frozen or cut off); the job was retried.',
  WORKER_SETTINGS_MISMATCH: 'A worker\'s site secret or site id is not the one the populate run was started with: its pseudonyms would not match.',
  QUEUE_WAIT_TIMEOUT: 'The study work queue had jobs of this run left that no worker took within the wait: no worker is running, or none can reach the storage.',
  INTERNAL: 'An unexpected internal error; please report it.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type ErrorDetails = Record<string, string | number | boolean | null | undefined>;

export class OncoAtlasError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OncoAtlasError';
    this.code = code;
    this.details = details;
  }
}

export function oncoError(code: ErrorCode, message: string, details?: ErrorDetails, cause?: unknown): OncoAtlasError {
  return new OncoAtlasError(code, message, details, cause === undefined ? undefined : { cause });
}

export function isOncoAtlasError(err: unknown, code?: ErrorCode): err is OncoAtlasError {
  return err instanceof OncoAtlasError && (code === undefined || err.code === code);
}

/**
 * Turns anything thrown into an OncoAtlasError. The message of a foreign error is not carried over
 * verbatim when it could echo file content; callers at boundaries (CLI, report) use this.
 */
export function normalizeError(err: unknown): OncoAtlasError {
  if (err instanceof OncoAtlasError) return err;
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code)) {
    // Node system errors (ENOENT, EACCES, ...): the code is safe, the path may not be.
    return new OncoAtlasError('IO_FAILED', `File system error ${err.code}.`, { syscall: String((err as NodeJS.ErrnoException).syscall ?? '') }, { cause: err });
  }
  return new OncoAtlasError('INTERNAL', 'Unexpected internal error.', {}, { cause: err });
}

/**
 * Process exit codes shared by every command (docs/pipeline.md). INTERRUPTED is the shell's own 128 + SIGINT,
 * so a script sees the same code whether the run stopped cleanly or the shell reports the signal.
 */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 1, PARTIAL: 3, INTERRUPTED: 130 } as const;

export function exitCodeFor(err: OncoAtlasError): number {
  if (err.code === 'INTERRUPTED') return EXIT.INTERRUPTED;
  return err.code === 'USAGE' ? EXIT.USAGE : EXIT.FAILURE;
}
