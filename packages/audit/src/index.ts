/**
 * @oncoatlas/audit: the node's tamper-evident log (RFC 6962/9162 Merkle tree over canonical JSON events),
 * stored beside the ledger. Every pipeline batch, review decision, release, read of de-identified content over
 * the API and data use is an event; the log proves inclusion and consistency to outsiders (the hub) and names
 * any event changed after the fact.
 *
 * @example
 * await ledger.transaction(async (l) => {
 *   await l.setStudy(key, { stage: 'select', status: 'done', updated_at: at });
 *   await appendAuditEvents(l, [{ at, actor: 'oncoatlas populate', event: { type: 'STUDIES_TRANSITIONED', run, stage: 'select', studies: [{ study: key, status: 'done' }] } }]);
 * });
 * const report = await verifyAuditLog(ledger, checkpoints);
 */
export { EMPTY_ROOT, fromHex, leafHash, nodeHash, toHex } from './merkle/hashes.ts';
export type { Hash } from './merkle/hashes.ts';
export { MerkleFrontier } from './merkle/merkle-frontier.ts';
export { consistencyProof, inclusionProof, treeRoot } from './merkle/merkle-tree.ts';
export { verifyConsistency, verifyInclusion } from './merkle/verify-proofs.ts';
export { canonicalJson } from './events/canonical-json.ts';
export { DOSSIER_FORMATS, setHash, toTracerTrace, tracerResource, UPDATE_DETAILS } from './events/audit-events.ts';
export type {
  AuditEnvelope,
  AuditEvent,
  AuditEventType,
  ClinicalHarmonisedEvent,
  ContentHashType,
  ContentReadEvent,
  CreateDatasetEvent,
  DossierFormat,
  FederatedCountEvent,
  FilesIndexedEvent,
  PermitUse,
  PipelineStage,
  ReadContent,
  ReleaseCandidateEvent,
  ReviewDecidedEvent,
  PixelsDecidedEvent,
  RiskOverriddenEvent,
  RunStartedEvent,
  StudiesTransitionedEvent,
  StudyTransition,
  TracerResource,
  UpdateDatasetEvent,
  UpdateDetail,
  UseDatasetsEvent,
  JobProvenance,
  JobReviewedEvent,
} from './events/audit-events.ts';
export { eventProblems } from './events/validate-event.ts';
export type { AuditEntry, AuditHead, AuditStore } from './log/audit-store.ts';
export { appendAuditEvents, auditTreeHead, proofHashes, proveConsistency, proveInclusion } from './log/audit-log.ts';
export type { ConsistencyProof, InclusionProof, NewAuditEvent, TreeHead } from './log/audit-log.ts';
export { formatCheckpoint, parseCheckpoints } from './log/checkpoint.ts';
export type { Checkpoint } from './log/checkpoint.ts';
export { verifyAuditLog } from './log/verify-audit-log.ts';
export type { AuditFinding, AuditVerification, FindingKind } from './log/verify-audit-log.ts';
export { MemoryAuditStore } from './log/memory-audit-store.ts';
