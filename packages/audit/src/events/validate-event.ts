/**
 * Refuses an event that would be wrong forever once logged: the log is append-only, so a missing dataset
 * id or a malformed content hash cannot be corrected later, only contradicted by a second event.
 */
import { oncoError } from '@oncoatlas/core';
import { DOSSIER_FORMATS, UPDATE_DETAILS, type AuditEvent, type ReadContent, type TracerResource } from './audit-events.ts';

const HEX64 = /^[0-9a-f]{64}$/;
/** Base64 lengths of a SHA3-256 and a SHA3-512 digest. */
const BASE64_LENGTH = { SHA3_256: 44, SHA3_512: 88 } as const;

export function eventProblems(e: AuditEvent): string[] {
  const p: string[] = [];
  const nonEmpty = (name: string, v: unknown): void => { if (typeof v !== 'string' || v.trim() === '') p.push(`${name} must be a non-empty string`); };
  const hex = (name: string, v: unknown): void => { if (v !== undefined && (typeof v !== 'string' || !HEX64.test(v))) p.push(`${name} must be 64 lower-case hex digits`); };
  switch (e.type) {
    case 'FILES_INDEXED':
      hex('contentHash', e.contentHash);
      break;
    case 'STUDIES_TRANSITIONED':
      e.studies.forEach((s, i) => { nonEmpty(`studies[${i}].study`, s.study); hex(`studies[${i}].contentHash`, s.contentHash); });
      break;
    case 'REVIEW_DECIDED':
      nonEmpty('study', e.study);
      hex('reasonHash', e.reasonHash);
      hex('contentHash', e.contentHash);
      break;
    case 'PIXELS_DECIDED':
      nonEmpty('study', e.study);
      nonEmpty('path', e.path);
      if (!['release', 'redact', 'reject'].includes(e.action)) p.push('action must be release, redact or reject');
      if (!Number.isSafeInteger(e.boxes) || e.boxes < 0) p.push('boxes must be a count');
      hex('reasonHash', e.reasonHash);
      hex('contentHash', e.contentHash);
      break;
    case 'RELEASE_CANDIDATE':
      hex('contentHash', e.contentHash);
      break;
    case 'CLINICAL_HARMONISED':
      hex('contentHash', e.contentHash);
      break;
    case 'RISK_OVERRIDDEN':
      nonEmpty('datasetId', e.datasetId);
      hex('justificationHash', e.justificationHash);
      if (e.failures.length === 0) p.push('failures must name the checks that failed');
      break;
    case 'RUN_STARTED':
      if (!Number.isSafeInteger(e.run) || e.run < 1) p.push('run must be a run number');
      nonEmpty('command', e.command);
      break;
    case 'CONTENT_READ':
      p.push(...readProblems(e.content));
      break;
    case 'CREATE_DATASET':
      nonEmpty('userId', e.userId);
      nonEmpty('datasetId', e.datasetId);
      e.resources.forEach((r, i) => p.push(...resourceProblems(r, i)));
      break;
    case 'UPDATE_DATASET':
      nonEmpty('userId', e.userId);
      nonEmpty('datasetId', e.datasetId);
      if (!(UPDATE_DETAILS as readonly string[]).includes(e.details)) p.push(`details must be one of ${UPDATE_DETAILS.join(', ')}`);
      break;
    case 'USE_DATASETS':
      nonEmpty('userId', e.userId);
      if (e.datasetsIds.length === 0) p.push('datasetsIds must name at least one dataset');
      e.datasetsIds.forEach((d, i) => nonEmpty(`datasetsIds[${i}]`, d));
      nonEmpty('toolName', e.toolName);
      nonEmpty('toolVersion', e.toolVersion);
      if (e.permit !== undefined) {
        nonEmpty('permit.id', e.permit.id);
        nonEmpty('permit.action', e.permit.action);
        if (e.permit.outcome !== 'allowed' && e.permit.outcome !== 'refused') p.push('permit.outcome must be allowed or refused');
        if (e.permit.code !== undefined) nonEmpty('permit.code', e.permit.code);
        if (e.permit.outcome === 'refused' && e.permit.code === undefined) p.push('permit.code must say why a refused use was refused');
        if (e.permit.resource !== undefined) nonEmpty('permit.resource', e.permit.resource);
      }
      if (e.job !== undefined) {
        nonEmpty('job.id', e.job.id);
        hex('job.toolSha256', e.job.toolSha256);
        hex('job.manifestSha256', e.job.manifestSha256);
        if (!['queued', 'awaiting-review', 'failed'].includes(e.job.state)) p.push('job.state must be queued, awaiting-review or failed');
        (e.job.outputs ?? []).forEach((o, i) => { nonEmpty(`job.outputs[${i}].path`, o.path); hex(`job.outputs[${i}].sha256`, o.sha256); });
      }
      break;
    case 'JOB_REVIEWED':
      nonEmpty('userId', e.userId);
      nonEmpty('jobId', e.jobId);
      nonEmpty('permitId', e.permitId);
      if (e.decision !== 'release' && e.decision !== 'refuse') p.push('decision must be release or refuse');
      e.released.forEach((o, i) => { nonEmpty(`released[${i}].path`, o.path); hex(`released[${i}].sha256`, o.sha256); });
      if (e.decision === 'refuse' && e.released.length > 0) p.push('a refused job releases nothing');
      if (!Number.isSafeInteger(e.withheld) || e.withheld < 0) p.push('withheld must be a count');
      break;
    case 'FEDERATED_COUNT':
      hex('queryFingerprint', e.queryFingerprint);
      if (typeof e.queryFingerprint !== 'string') p.push('queryFingerprint must be 64 lower-case hex digits');
      nonEmpty('requester', e.requester);
      e.datasetsIds.forEach((d, i) => nonEmpty(`datasetsIds[${i}]`, d));
      break;
    default:
      p.push(`unknown event type ${(e as { type: unknown }).type}`);
  }
  return p;
}

function readProblems(c: ReadContent): string[] {
  const p: string[] = [];
  const count = (name: string, v: unknown, min: number): void => { if (!Number.isSafeInteger(v) || (v as number) < min) p.push(`content.${name} must be a whole number of at least ${min}`); };
  const text = (name: string, v: unknown): void => { if (typeof v !== 'string' || v.trim() === '') p.push(`content.${name} must be a non-empty string`); };
  // Required here, unlike the optional content hashes of pipeline events: a read names what it served.
  const hash = (v: unknown): void => { if (typeof v !== 'string' || !HEX64.test(v)) p.push('content.contentHash must be 64 lower-case hex digits'); };
  switch (c.kind) {
    case 'REVIEW_PREVIEW':
      count('item', c.item, 1);
      count('index', c.index, 0);
      text('study', c.study);
      hash(c.contentHash);
      break;
    case 'DATASET_DOSSIER':
      text('datasetId', c.datasetId);
      count('version', c.version, 1);
      if (!(DOSSIER_FORMATS as readonly string[]).includes(c.format)) p.push(`content.format must be one of ${DOSSIER_FORMATS.join(', ')}`);
      hash(c.contentHash);
      break;
    case 'FUNNEL_STUDIES':
      count('studies', c.studies, 0);
      break;
    default:
      p.push(`content.kind ${(c as { kind: unknown }).kind} is not a kind of read`);
  }
  return p;
}

function resourceProblems(r: TracerResource, i: number): string[] {
  const p: string[] = [];
  if (typeof r.id !== 'string' || r.id === '') p.push(`resources[${i}].id must be a non-empty string`);
  const want = BASE64_LENGTH[r.contentHashType];
  if (want === undefined) p.push(`resources[${i}].contentHashType must be SHA3_256 or SHA3_512`);
  else if (typeof r.contentHash !== 'string' || r.contentHash.length !== want || Buffer.from(r.contentHash, 'base64').toString('base64') !== r.contentHash) {
    p.push(`resources[${i}].contentHash must be the base64 of a ${r.contentHashType} digest`);
  }
  return p;
}

export function assertValidEvent(e: AuditEvent): void {
  const problems = eventProblems(e);
  if (problems.length > 0) throw oncoError('AUDIT_EVENT_INVALID', `A ${e.type} event cannot be logged: ${problems.join('; ')}.`, { type: e.type });
}
