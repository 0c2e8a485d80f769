import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { isOncoAtlasError } from '@oncoatlas/core';
import { ASSERTION_TYP, checkAssertion, issueAccessToken, nodeIdOf, signAssertion, verifyAccessToken } from './credentials.ts';
import { signingKeyOf } from './signing-key.ts';

const node = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const hub = await signingKeyOf(generateKeyPairSync('ed25519').privateKey);
const invalid = (e: unknown) => isOncoAtlasError(e, 'HUB_CREDENTIAL_INVALID');

test('a node assertion: accepted for its purpose and hub, refused otherwise or when long-lived', async () => {
  const a = await signAssertion(node, { audience: 'urn:hub', purpose: 'token' });
  const ok = await checkAssertion(a, node.publicJwk, { audience: 'urn:hub', purpose: 'token' });
  assert.equal(ok.nodeId, nodeIdOf(node.thumbprint));
  await assert.rejects(checkAssertion(a, node.publicJwk, { audience: 'urn:other', purpose: 'token' }), invalid);
  await assert.rejects(checkAssertion(a, node.publicJwk, { audience: 'urn:hub', purpose: 'join' }), invalid);
  await assert.rejects(checkAssertion(a, hub.publicJwk, { audience: 'urn:hub', purpose: 'token' }), invalid);
  await assert.rejects(checkAssertion(a, node.publicJwk, { audience: 'urn:hub', purpose: 'token', now: Date.now() + 61_000 }), invalid);
  const id = nodeIdOf(node.thumbprint);
  const hourLong = await new SignJWT({ purpose: 'token' }).setProtectedHeader({ alg: 'EdDSA', typ: ASSERTION_TYP })
    .setIssuer(id).setSubject(id).setAudience('urn:hub').setJti('j').setIssuedAt().setExpirationTime('1h').sign(node.privateKey);
  await assert.rejects(checkAssertion(hourLong, node.publicJwk, { audience: 'urn:hub', purpose: 'token' }), (e) => invalid(e) && /more than 60 s/.test((e as Error).message));
});

test('access tokens: ~10 minutes, verified by the hub that issued them only', async () => {
  const now = Date.now();
  const { token, expiresAt } = await issueAccessToken(hub, { nodeId: 'node-a', hubId: 'urn:hub', now });
  assert.ok(Math.abs(expiresAt - now - 600_000) < 1000);
  assert.equal(await verifyAccessToken(token, hub, { hubId: 'urn:hub' }), 'node-a');
  await assert.rejects(verifyAccessToken(token, node, { hubId: 'urn:hub' }), invalid);
  await assert.rejects(verifyAccessToken(token, hub, { hubId: 'urn:hub', now: now + 601_000 }), (e) => invalid(e) && /expired/.test((e as Error).message));
  // A node's own assertion is no access token.
  await assert.rejects(verifyAccessToken(await signAssertion(node, { audience: 'urn:hub:agent', purpose: 'token' }), hub, { hubId: 'urn:hub' }), invalid);
});
