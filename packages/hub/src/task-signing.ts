/**
 * Tasks travel signed by the hub's key: a node runs nothing that the hub it pinned at join time did not sign
 * for it, and nothing past its time to live. A task is a JWT (EdDSA, its own `typ`) whose claims hold the task,
 * addressed to one node (`aud`), expiring with the task.
 */
import { importJWK, jwtVerify, SignJWT, errors, type JWK } from 'jose';
import { oncoError } from '@oncoatlas/core';
import type { SigningKey } from './signing-key.ts';

export const TASK_TYP = 'oncoatlas-hub-task+jwt';

export interface Task {
  readonly id: string;
  readonly type: string;
  readonly payload: unknown;
  /** Time to live from createdAt, in ms: a node refuses the task after it. */
  readonly ttl: number;
  readonly retry: { readonly maxTries: number; readonly backoffMs: number };
  /** Epoch ms. */
  readonly createdAt: number;
}

export async function signTask(hubKey: SigningKey, task: Task, o: { readonly hubId: string; readonly nodeId: string }): Promise<string> {
  return new SignJWT({ task: { ...task } })
    .setProtectedHeader({ alg: 'EdDSA', typ: TASK_TYP })
    .setIssuer(o.hubId).setAudience(o.nodeId).setJti(task.id)
    .setIssuedAt(Math.floor(task.createdAt / 1000))
    .setExpirationTime(Math.ceil((task.createdAt + task.ttl) / 1000))
    .sign(hubKey.privateKey);
}

/** The task, when the pinned hub key signed it for this node and it has not expired; else HUB_TASK_INVALID. */
export async function verifyTask(jws: string, o: { readonly hubPublicJwk: JWK; readonly hubId: string; readonly nodeId: string; readonly now?: number }): Promise<Task> {
  const now = o.now ?? Date.now();
  const key = await importJWK(o.hubPublicJwk, 'EdDSA');
  const { payload } = await jwtVerify(jws, key, {
    issuer: o.hubId, audience: o.nodeId, typ: TASK_TYP, algorithms: ['EdDSA'], currentDate: new Date(now), requiredClaims: ['exp', 'jti'],
  }).catch((err: unknown) => {
    const why = err instanceof errors.JWTExpired ? 'it has expired'
      : err instanceof errors.JWTClaimValidationFailed ? `its ${err.claim} does not match this node and its hub`
        : 'it is not signed by the hub this node joined';
    throw oncoError('HUB_TASK_INVALID', `A task was refused: ${why}.`);
  });
  const task = payload.task as Task | undefined;
  if (!task || typeof task.id !== 'string' || task.id !== payload.jti || typeof task.type !== 'string' || typeof task.ttl !== 'number' || typeof task.createdAt !== 'number') {
    throw oncoError('HUB_TASK_INVALID', 'A task was refused: its claims are not a task.');
  }
  // exp is rounded to seconds; the task's own ttl is exact.
  if (task.createdAt + task.ttl <= now) throw oncoError('HUB_TASK_INVALID', 'A task was refused: it has expired.');
  return task;
}
