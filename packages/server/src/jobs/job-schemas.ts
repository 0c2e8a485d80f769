/**
 * The JSON Schemas of the job routes (request validation and the OpenAPI document): @oncoatlas/jobs'
 * JobView, ToolSpec and their parts as the API shows them.
 */

const nullableString = { type: ['string', 'null'] } as const;

export const JOB_STATES = ['queued', 'running', 'awaiting-review', 'released', 'refused', 'failed'] as const;

/** Job ids are the node's own (no identifier of a patient or study); the pattern only keeps odd input out. */
export const JOB_ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9A-Za-z_-]{1,64}$' } } } as const;

const LIMIT_PROPERTIES = {
  cpuSeconds: { type: 'integer', minimum: 1, maximum: 86_400, description: 'CPU time (RLIMIT_CPU)' },
  memoryBytes: { type: 'integer', minimum: 16 * 2 ** 20, maximum: 64 * 2 ** 30, description: 'address space (RLIMIT_AS)' },
  wallSeconds: { type: 'integer', minimum: 1, maximum: 86_400, description: 'wall-clock time before the job is killed' },
  outputBytes: { type: 'integer', minimum: 1, maximum: 2 ** 31, description: 'total size of the files it may write to /output' },
} as const;

const LIMITS = { type: 'object', additionalProperties: false, required: Object.keys(LIMIT_PROPERTIES), properties: LIMIT_PROPERTIES } as const;

/** Asked at submission: any of the limits, each within the node's bounds. */
export const LIMITS_ASKED = { type: 'object', additionalProperties: false, properties: LIMIT_PROPERTIES } as const;

const FLAG = {
  type: 'object', additionalProperties: false, required: ['code', 'severity', 'detail'],
  properties: {
    code: { type: 'string', enum: ['DICOM_FILE', 'PATIENT_LEVEL', 'SMALL_CELL', 'PSEUDONYM', 'STUDY_KEY', 'BINARY', 'TOO_LARGE'] },
    severity: { type: 'string', enum: ['block', 'warn'], description: 'block: never leaves the node; warn: the reviewer decides' },
    detail: { type: 'string', description: 'where the check found it (a line, a column), never the value found' },
  },
} as const;

const OUTPUT = {
  type: 'object', additionalProperties: false, required: ['path', 'bytes', 'sha256', 'flags', 'blocked', 'released'],
  properties: {
    path: { type: 'string', description: 'relative to the job\'s output folder; `log.txt` is the job\'s log' },
    bytes: { type: 'integer' }, sha256: { type: 'string' }, flags: { type: 'array', items: FLAG },
    blocked: { type: 'boolean' }, released: { type: 'boolean' },
  },
} as const;

export const JOB = {
  type: 'object', additionalProperties: false,
  required: ['id', 'state', 'reason', 'exitCode', 'permitId', 'researcher', 'submittedBy', 'origin', 'hubJob', 'dataset', 'tool', 'args', 'limits', 'submittedAt', 'startedAt', 'finishedAt', 'review', 'outputs'],
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: JOB_STATES },
    reason: { ...nullableString, description: 'why it failed or was refused, in words' },
    exitCode: { type: ['integer', 'null'] },
    permitId: { type: 'string' }, researcher: { type: 'string' }, submittedBy: { type: 'string' },
    origin: { type: 'string', enum: ['node', 'hub'] }, hubJob: nullableString,
    dataset: {
      type: 'object', additionalProperties: false, required: ['id', 'version', 'manifestSha256'],
      properties: { id: { type: 'string' }, version: { type: 'integer' }, manifestSha256: { type: 'string', description: 'SHA-256 of the version\'s manifest.json: what the tool read' } },
    },
    tool: {
      type: 'object', additionalProperties: false, required: ['name', 'version', 'sha256'],
      properties: { name: { type: 'string' }, version: { type: 'string' }, sha256: { type: 'string', description: 'over the tool\'s files as run' } },
    },
    args: { type: 'array', items: { type: 'string' } },
    limits: LIMITS,
    submittedAt: { type: 'string' }, startedAt: nullableString, finishedAt: nullableString,
    review: {
      type: ['object', 'null'], additionalProperties: false, required: ['by', 'at', 'note'],
      properties: { by: { type: 'string' }, at: { type: 'string' }, note: { type: 'string' } },
    },
    outputs: { type: 'array', items: OUTPUT },
  },
} as const;

export const TOOL = {
  type: 'object', additionalProperties: false, required: ['name', 'version', 'description', 'runtime', 'entry', 'files', 'sha256', 'builtIn', 'usage'],
  properties: {
    name: { type: 'string' }, version: { type: 'string' }, description: { type: 'string' },
    runtime: { type: 'string', enum: ['node', 'exec'] }, entry: { type: 'string' },
    files: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['path', 'sha256'], properties: { path: { type: 'string' }, sha256: { type: 'string' } } } },
    sha256: { type: 'string', description: 'over the tool\'s files: checked before every run' },
    builtIn: { type: 'boolean' }, usage: { type: 'string' },
  },
} as const;

export const SUBMIT = {
  type: 'object', additionalProperties: false, required: ['permit', 'tool'],
  properties: {
    permit: { type: 'string', minLength: 1, maxLength: 16384, description: 'the permit (JWT) as the hub gave it; it must allow in-situ' },
    tool: { type: 'string', minLength: 1, maxLength: 200, description: 'a tool of the allow-list: name or name@version' },
    args: { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 1000 }, default: [] },
    limits: LIMITS_ASKED,
  },
} as const;

export const REVIEW = {
  type: 'object', additionalProperties: false, required: ['decision', 'note'],
  properties: {
    decision: { type: 'string', enum: ['release', 'refuse'], description: 'release: the outputs not blocked may leave; refuse: none does' },
    note: { type: 'string', minLength: 1, maxLength: 2000, description: 'what the reviewer checked; the researcher reads it' },
  },
} as const;

export const LOG = {
  type: 'object', additionalProperties: false, required: ['text', 'next', 'done'],
  properties: {
    text: { type: 'string', description: 'the log from `from` on' },
    next: { type: 'integer', description: 'the `from` of the next call' },
    done: { type: 'boolean', description: 'the job has ended: the log grows no more' },
  },
} as const;
