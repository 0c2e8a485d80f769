/**
 * A node's membership of a hub, kept in its data directory: its private key (`hub-node.key`, 0600, made at
 * join and never sent) and what it pinned at join time (`hub-node.json`: the hub's URL, id and public key).
 * Tasks are verified against that pinned key, never against a key the hub sends later.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JWK } from 'jose';
import { oncoError, privateDir, replacePrivateFile } from '@oncoatlas/core';
import { nodeIdOf, signAssertion } from '../credentials.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../signing-key.ts';
import { hubRequest } from './hub-request.ts';

export const NODE_KEY_FILE = 'hub-node.key';
export const MEMBERSHIP_FILE = 'hub-node.json';

export interface Membership {
  readonly hubUrl: string;
  readonly hubId: string;
  readonly hubPublicKey: JWK;
  readonly nodeId: string;
  readonly name: string;
}

export function readMembership(dataDir: string): Membership | undefined {
  const path = join(resolve(dataDir), MEMBERSHIP_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Membership;
  } catch (err) {
    throw oncoError('CONFIG_INVALID', `${path} is not the JSON oncoatlas node join wrote; join again.`, { path }, err);
  }
}

export function nodeKey(dataDir: string): Promise<SigningKey> {
  return loadOrCreateSigningKey(join(resolve(dataDir), NODE_KEY_FILE));
}

/**
 * Joins a hub: pins its identity, makes the node's key if needed, and asks to join with a proof of holding
 * it. The node is `pending` until an operator approves it; its agent keeps trying until then.
 *
 * @example
 * const { nodeId, status } = await joinHub({ hubUrl: 'https://hub.example', dataDir, name: 'Hospital A' });
 */
export async function joinHub(o: { readonly hubUrl: string; readonly dataDir: string; readonly name?: string }): Promise<{ nodeId: string; status: string; hubId: string }> {
  const dir = resolve(o.dataDir);
  privateDir(dir);
  const hubUrl = o.hubUrl.replace(/\/$/, '');
  const pinned = readMembership(dir);
  if (pinned && pinned.hubUrl !== hubUrl) throw oncoError('USAGE', `This node already joined the hub at ${pinned.hubUrl}; one hub per data directory.`);
  const identity = await hubRequest<{ hubId: string; publicKey: JWK }>(hubUrl, 'GET', '/hub/api/identity');
  if (pinned && pinned.hubId !== identity.hubId) {
    throw oncoError('HUB_TASK_INVALID', 'The hub at this URL now shows another key than the one pinned at join time; if that change is expected, delete hub-node.json and join again.');
  }
  const key = await nodeKey(dir);
  const name = o.name ?? pinned?.name ?? nodeIdOf(key.thumbprint);
  const proof = await signAssertion(key, { audience: identity.hubId, purpose: 'join', name });
  const node = await hubRequest<{ id: string; status: string }>(hubUrl, 'POST', '/hub/api/nodes/join', { body: { name, publicKey: key.publicJwk, proof } });
  const membership: Membership = { hubUrl, hubId: identity.hubId, hubPublicKey: identity.publicKey, nodeId: node.id, name };
  replacePrivateFile(join(dir, MEMBERSHIP_FILE), `${JSON.stringify(membership, null, 2)}\n`);
  return { nodeId: node.id, status: node.status, hubId: identity.hubId };
}
