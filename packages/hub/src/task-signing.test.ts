import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { isOncoAtlasError } from '@oncoatlas/core';
import { signingKeyOf } from './signing-key.ts';
import { signTask, verifyTask, type Task } from './task-signing.ts';

const hub = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const forger = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const task: Task = { id: 't1', type: 'count', payload: { ast: {} }, ttl: 10_000, retry: { maxTries: 2, backoffMs: 10 }, createdAt: Date.now() };
const at = { hubPublicJwk: hub.publicJwk, hubId: 'urn:hub', nodeId: 'node-a' };
const refused = (why: RegExp) => (e: unknown) => isOncoAtlasError(e, 'HUB_TASK_INVALID') && why.test((e as Error).message);

test('a task signed by the pinned hub for this node is accepted as it was sent', async () => {
  assert.deepEqual(await verifyTask(await signTask(hub, task, { hubId: 'urn:hub', nodeId: 'node-a' }), at), task);
});

test('forged, unsigned, misaddressed and expired tasks are refused', async () => {
  await assert.rejects(verifyTask(await signTask(forger, task, { hubId: 'urn:hub', nodeId: 'node-a' }), at), refused(/not signed by the hub/));
  const unsigned = `${Buffer.from('{"alg":"none","typ":"oncoatlas-hub-task+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify({ task, iss: 'urn:hub', aud: 'node-a', jti: 't1', exp: 9e9 })).toString('base64url')}.`;
  await assert.rejects(verifyTask(unsigned, at), refused(/not signed/));
  await assert.rejects(verifyTask(await signTask(hub, task, { hubId: 'urn:hub', nodeId: 'node-b' }), at), refused(/aud/));
  await assert.rejects(verifyTask(await signTask(hub, task, { hubId: 'urn:hub', nodeId: 'node-a' }), { ...at, now: task.createdAt + task.ttl + 1 }), refused(/expired/));
  // An access token of the same hub is no task (typ differs).
  const other = await new SignJWT({ task }).setProtectedHeader({ alg: 'EdDSA', typ: 'oncoatlas-hub-access+jwt' }).setIssuer('urn:hub').setAudience('node-a').setJti('t1').setExpirationTime('1m').sign(hub.privateKey);
  await assert.rejects(verifyTask(other, at), refused(/.+/));
});
