import assert from 'node:assert/strict';
import { generateKeyPairSync, type webcrypto } from 'node:crypto';
import { test } from 'node:test';
import { exportJWK, SignJWT } from 'jose';
import { isOncoAtlasError, type ErrorCode } from '@oncoatlas/core';
import { PERMIT_TYP, peekPermitId, permitCovers, readPermit, signPermit, storedPermitClaims, type PermitClaims } from './permit.ts';

const node = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const jwk = await exportJWK(node.publicKey);
const T0 = Date.parse('2026-03-01T00:00:00Z');
const claims: PermitClaims = {
  id: 'permit-1', node: 'node-a', researcher: 'researcher-7 @ https://idp.example.org', purpose: 'Lesion detection in prostate MRI',
  dataset: { uuid: '1a1a6653-0000-4000-8000-000000000001', id: 'prostate-mri', version: 2 }, actions: ['download', 'federated-job'],
  issuedAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + 30 * 86_400_000).toISOString(),
  request: 'req-1', resource: 'res-1', grantedBy: 'holder-3 @ https://idp.example.org',
};
const coded = (code: ErrorCode, why?: RegExp) => (e: unknown) => isOncoAtlasError(e, code) && (why === undefined || why.test((e as Error).message));

test('a permit signed by the node reads back as it was issued', async () => {
  const jwt = await signPermit(node.privateKey, claims);
  assert.deepEqual(await readPermit(jwt, jwk, { node: 'node-a', now: T0 + 1000 }), claims);
  assert.deepEqual(storedPermitClaims(jwt), claims, 'a stored permit reads back the claims it was signed with');
  assert.equal(storedPermitClaims('not a permit'), undefined);
  assert.equal(peekPermitId(jwt), 'permit-1');
  assert.equal(peekPermitId('not a jwt'), undefined);
  // WebCrypto keys work too.
  const web = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as unknown as webcrypto.CryptoKeyPair;
  const webJwt = await signPermit(web.privateKey, claims);
  assert.deepEqual(await readPermit(webJwt, await exportJWK(web.publicKey), { node: 'node-a', now: T0 }), claims);
});

test('a wrong key, another node, or a forged header is PERMIT_INVALID; past its expiry PERMIT_EXPIRED', async () => {
  const jwt = await signPermit(node.privateKey, claims);
  await assert.rejects(readPermit(await signPermit(other.privateKey, claims), jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID', /not signed by this node/));
  await assert.rejects(readPermit(jwt, jwk, { node: 'node-b', now: T0 }), coded('PERMIT_INVALID', /another node/));
  await assert.rejects(readPermit(jwt, jwk, { node: 'node-a', now: Date.parse(claims.expiresAt) }), coded('PERMIT_EXPIRED'));
  await assert.rejects(readPermit(jwt, jwk, { node: 'node-a', now: Date.parse(claims.expiresAt) + 5000 }), coded('PERMIT_EXPIRED'));
  await assert.rejects(readPermit(`${jwt.slice(0, -4)}AAAA`, jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID'));
  await assert.rejects(readPermit('garbage', jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID'));
  await assert.rejects(readPermit(jwt, { kty: 'RSA', n: 'x', e: 'AQAB' }, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID'));
  // The same key's other tokens (another typ) and tampered claims are not permits.
  const sign = (body: Record<string, unknown>, typ = PERMIT_TYP) => new SignJWT(body).setProtectedHeader({ alg: 'EdDSA', typ })
    .setIssuer('node-a').setSubject(claims.researcher).setJti(claims.id).setExpirationTime(Math.ceil(Date.parse(claims.expiresAt) / 1000)).sign(node.privateKey);
  await assert.rejects(readPermit(await sign({ permit: claims }, 'oncoatlas-hub-task+jwt'), jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID'));
  await assert.rejects(readPermit(await sign({ permit: { ...claims, id: 'permit-2' } }), jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID', /do not match/));
  await assert.rejects(readPermit(await sign({ permit: { ...claims, actions: ['delete'] } }), jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID', /malformed/));
  await assert.rejects(readPermit(await sign({}), jwk, { node: 'node-a', now: T0 }), coded('PERMIT_INVALID', /malformed/));
});

test('malformed claims are not signed', async () => {
  await assert.rejects(signPermit(node.privateKey, { ...claims, actions: [] }), coded('PERMIT_INVALID', /actions/));
  await assert.rejects(signPermit(node.privateKey, { ...claims, expiresAt: claims.issuedAt }), coded('PERMIT_INVALID', /expires before/));
  await assert.rejects(signPermit(node.privateKey, { ...claims, dataset: { ...claims.dataset, version: 0 } }), coded('PERMIT_INVALID', /version/));
});

test('permitCovers says why a permit does not cover what is asked', () => {
  assert.equal(permitCovers(claims, {}), undefined);
  assert.equal(permitCovers(claims, { researcher: claims.researcher, datasetUuid: claims.dataset.uuid, version: 2, action: 'download' }), undefined);
  assert.equal(permitCovers(claims, { researcher: 'someone-else @ https://idp.example.org' }), 'the permit was issued to another researcher');
  assert.equal(permitCovers(claims, { datasetUuid: '00000000-0000-4000-8000-000000000000' }), 'the permit is for another dataset');
  assert.equal(permitCovers(claims, { version: 3 }), 'the permit is for version 2 of the dataset, not version 3');
  assert.equal(permitCovers(claims, { action: 'in-situ' }), 'the permit does not allow in-situ (it allows download, federated-job)');
});
