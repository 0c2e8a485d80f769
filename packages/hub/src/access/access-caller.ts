/**
 * Who calls the access service: the signed-in person (`subject @ issuer`) and their roles at the hub
 * (steward, researcher, committee, operator). What they may do on one request or onboarding is worked out
 * from these and the rows (the creator, a representative of the node): see machineRolesOn.
 */
import { oncoError } from '@oncoatlas/core';

export interface AccessCaller {
  readonly actor: string;
  readonly roles: readonly string[];
}

export function hasRole(c: AccessCaller, ...roles: readonly string[]): boolean {
  return c.roles.some((r) => roles.includes(r));
}

/** Committee and operator oversee every request and onboarding. */
export function oversees(c: AccessCaller): boolean {
  return hasRole(c, 'committee', 'operator');
}

export function requireRole(c: AccessCaller, ...roles: readonly string[]): void {
  if (!hasRole(c, ...roles)) throw oncoError('AUTH_FORBIDDEN', `This is for ${roles.join(', ')}; your roles are ${c.roles.join(', ') || 'none'}.`);
}

/** The notification recipients a caller reads: their own, and their roles' shared ones. */
export function recipientsOf(c: AccessCaller): string[] {
  return [`actor:${c.actor}`, ...c.roles.filter((r) => r === 'committee' || r === 'operator').map((r) => `role:${r}`)];
}

export function notFound(what: string): never {
  throw oncoError('ACCESS_NOT_FOUND', `No ${what} with that id for you at this hub.`);
}
