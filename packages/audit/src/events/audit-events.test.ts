import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { isOncoAtlasError } from '@oncoatlas/core';
import { canonicalJson } from './canonical-json.ts';
import { setHash, toTracerTrace, tracerResource, type AuditEvent } from './audit-events.ts';
import { assertValidEvent, eventProblems } from './validate-event.ts';

test('canonical JSON sorts members by code unit, writes no whitespace and refuses what JCS would round differently', () => {
  assert.equal(canonicalJson({ b: [1, 'x', null, true], a: { d: 'é\n"', c: -0 }, B: 2 }), '{"B":2,"a":{"c":0,"d":"é\\n\\""},"b":[1,"x",null,true]}');
  assert.equal(canonicalJson({ '\u00e9': 1, z: 2, '\ud83d\ude00': 3 }), '{"z":2,"é":1,"😀":3}');
  assert.throws(() => canonicalJson({ a: 1.5 }), /\$\.a: audit events hold only safe integers/);
  assert.throws(() => canonicalJson({ a: undefined }), /\$\.a is undefined/);
  assert.throws(() => canonicalJson({ a: new Date(0) }), /cannot be part of an audit event/);
});

test('EUCAIM tracer events carry base64 SHA-3 content hashes and map to the tracer body', () => {
  const r = tracerResource('st-0123456789abcdef0123', 'manifest bytes');
  assert.equal(r.contentHash, createHash('sha3-256').update('manifest bytes').digest('base64'));
  assert.equal(r.contentHashType, 'SHA3_256');
  assert.equal(tracerResource('x', 'y', 'SHA3_512').contentHash.length, 88);
  const create: AuditEvent = { type: 'CREATE_DATASET', userId: 'steward-1', datasetId: 'ds-1', resources: [r] };
  assert.deepEqual(eventProblems(create), []);
  assert.deepEqual(toTracerTrace(create), { userAction: 'CREATE_DATASET', userId: 'steward-1', datasetId: 'ds-1', resources: [r] });
  assert.deepEqual(eventProblems({ type: 'USE_DATASETS', userId: 'u', datasetsIds: ['ds-1'], toolName: 'oncoatlas', toolVersion: '0.1.0' }), []);
  assert.deepEqual(eventProblems({ type: 'UPDATE_DATASET', userId: 'u', datasetId: 'ds-1', details: 'RELEASE' }), []);

  assert.deepEqual(eventProblems({ type: 'CREATE_DATASET', userId: '', datasetId: 'ds', resources: [{ id: 'a', contentHash: 'abc', contentHashType: 'SHA3_256' }] }), [
    'userId must be a non-empty string', 'resources[0].contentHash must be the base64 of a SHA3_256 digest',
  ]);
  assert.deepEqual(eventProblems({ type: 'UPDATE_DATASET', userId: 'u', datasetId: 'd', details: 'DELETE' as 'RELEASE' }), [
    'details must be one of RELEASE, PUBLISH, INVALIDATE, REACTIVATE, UNPUBLISH, LICENSE_UPDATED, PID_UPDATED, CONTACT_INFORMATION_UPDATED, AUTHOR_CHANGED',
  ]);
  assert.deepEqual(eventProblems({ type: 'USE_DATASETS', userId: 'u', datasetsIds: [], toolName: 't', toolVersion: '1' }), ['datasetsIds must name at least one dataset']);
  assert.throws(() => assertValidEvent({ type: 'RELEASE_CANDIDATE', run: 1, studies: 1, instances: 1, contentHash: 'nope' }), (e) => isOncoAtlasError(e, 'AUDIT_EVENT_INVALID'));
});

test('a permit check rides on USE_DATASETS: validated, and left out of the tracer\'s trace', () => {
  const use: AuditEvent = { type: 'USE_DATASETS', userId: 'alice @ idp', datasetsIds: ['ds-1/v2'], toolName: 'oncoatlas-permit-check', toolVersion: '0.1.0', permit: { id: 'p-1', action: 'download', outcome: 'refused', code: 'PERMIT_REVOKED' } };
  assert.deepEqual(eventProblems(use), []);
  assert.deepEqual(toTracerTrace(use), { userAction: 'USE_DATASETS', userId: 'alice @ idp', datasetsIds: ['ds-1/v2'], toolName: 'oncoatlas-permit-check', toolVersion: '0.1.0' });
  assert.equal((use as { permit?: unknown }).permit !== undefined, true, 'the event itself keeps it');
  assert.deepEqual(eventProblems({ ...use, permit: { id: '', action: 'download', outcome: 'refused' } } as AuditEvent), [
    'permit.id must be a non-empty string', 'permit.code must say why a refused use was refused',
  ]);
  assert.deepEqual(eventProblems({ ...use, permit: { id: 'p', action: 'x', outcome: 'maybe' } } as unknown as AuditEvent), ['permit.outcome must be allowed or refused']);
});

test('a read names what was served by item, dataset and hash; a run start names its run', () => {
  const hash = setHash(['held file']);
  assert.deepEqual(eventProblems({ type: 'CONTENT_READ', content: { kind: 'REVIEW_PREVIEW', item: 3, index: 0, study: 'st-0123', contentHash: hash } }), []);
  assert.deepEqual(eventProblems({ type: 'CONTENT_READ', content: { kind: 'DATASET_DOSSIER', datasetId: 'ds-1', version: 2, format: 'pdf', contentHash: hash } }), []);
  assert.deepEqual(eventProblems({ type: 'CONTENT_READ', content: { kind: 'FUNNEL_STUDIES', studies: 0 } }), []);
  assert.deepEqual(eventProblems({ type: 'RUN_STARTED', run: 7, command: 'populate' }), []);

  assert.deepEqual(eventProblems({ type: 'CONTENT_READ', content: { kind: 'REVIEW_PREVIEW', item: 0, index: -1, study: '', contentHash: undefined as unknown as string } }), [
    'content.item must be a whole number of at least 1', 'content.index must be a whole number of at least 0', 'content.study must be a non-empty string', 'content.contentHash must be 64 lower-case hex digits',
  ]);
  assert.deepEqual(eventProblems({ type: 'CONTENT_READ', content: { kind: 'DATASET_DOSSIER', datasetId: 'ds-1', version: 1.5, format: 'docx' as 'pdf', contentHash: hash } }), [
    'content.version must be a whole number of at least 1', 'content.format must be one of html, pdf, json',
  ]);
  assert.deepEqual(eventProblems({ type: 'CONTENT_READ', content: { kind: 'PATIENT_LIST' } as never }), ['content.kind PATIENT_LIST is not a kind of read']);
  assert.deepEqual(eventProblems({ type: 'RUN_STARTED', run: 0, command: ' ' }), ['run must be a run number', 'command must be a non-empty string']);
});

test('a set hash does not depend on order', () => {
  assert.equal(setHash(['b', 'a']), setHash(['a', 'b']));
  assert.notEqual(setHash(['a', 'b']), setHash(['a', 'c']));
  assert.match(setHash([]), /^[0-9a-f]{64}$/);
});
