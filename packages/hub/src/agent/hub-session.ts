/**
 * The agent's session at its hub: an access token got by exchanging a fresh single-use assertion, renewed
 * by itself a minute before it expires (or at once when the hub refuses it), so no one ever renews anything.
 */
import { isOncoAtlasError } from '@oncoatlas/core';
import { signAssertion } from '../credentials.ts';
import type { SigningKey } from '../signing-key.ts';
import { hubRequest } from './hub-request.ts';
import type { Membership } from './node-membership.ts';

const RENEW_BEFORE_MS = 60_000;

export class HubSession {
  readonly #m: Membership;
  readonly #key: SigningKey;
  readonly #hubUrl: string;
  #token: { value: string; expiresAt: number } | undefined;

  constructor(m: Membership, key: SigningKey, hubUrl = m.hubUrl) {
    this.#m = m;
    this.#key = key;
    this.#hubUrl = hubUrl.replace(/\/$/, '');
  }

  /** A call with a valid access token, renewing it first when needed and once more if the hub refuses it. */
  async call<T>(method: 'GET' | 'POST', path: string, o: { readonly body?: unknown; readonly signal?: AbortSignal; readonly timeoutMs?: number } = {}): Promise<T> {
    try {
      return await hubRequest<T>(this.#hubUrl, method, path, { ...o, token: await this.token(o.signal) });
    } catch (err) {
      if (!isOncoAtlasError(err, 'HUB_CREDENTIAL_INVALID')) throw err;
      this.#token = undefined;
      return hubRequest<T>(this.#hubUrl, method, path, { ...o, token: await this.token(o.signal) });
    }
  }

  async token(signal?: AbortSignal): Promise<string> {
    if (this.#token && this.#token.expiresAt - Date.now() > RENEW_BEFORE_MS) return this.#token.value;
    const assertion = await signAssertion(this.#key, { audience: this.#m.hubId, purpose: 'token' });
    const r = await hubRequest<{ accessToken: string; expiresAt: number }>(this.#hubUrl, 'POST', '/hub/api/agent/token', { body: { assertion }, ...(signal ? { signal } : {}) });
    this.#token = { value: r.accessToken, expiresAt: r.expiresAt };
    return r.accessToken;
  }
}
