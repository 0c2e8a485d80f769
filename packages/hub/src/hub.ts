/**
 * The hub service: its identity (an Ed25519 key in its data directory), the node registry (self-service join,
 * operator approval and revocation), the exchange of a node's signed assertion for a short access token, and
 * the broker. HTTP lives in @oncoatlas/server (buildHubServer); this is the service those routes call.
 */
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { oncoError, privateDir } from '@oncoatlas/core';
import { AccessService, type AccessOptions } from './access/access-service.ts';
import { Broker } from './broker.ts';
import { checkAssertion, hubIdOf, issueAccessToken, nodeIdOf, verifyAccessToken } from './credentials.ts';
import { appendHubAudit, type HubAuditEvent } from './hub-audit.ts';
import type { NodeStatus } from './hub-schema.ts';
import { openHubStore, type HubStore, type NodeRow } from './hub-store.ts';
import { DEFAULT_BUDGET, type BudgetPolicy } from './privacy-budget.ts';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key.ts';


export interface HubOptions {
  /** Holds the hub's key (`hub-signing.key`) and, without `database`, its SQLite file (`hub.sqlite`); made 0700. */
  readonly dataDir: string;
  /** postgres://… to keep the hub's tables in PostgreSQL. */
  readonly database?: string;
  readonly budget?: Partial<BudgetPolicy>;
  /** The clock, for tests. */
  readonly now?: () => number;
  /**
   * Whether a node's datasets are searchable (counts, catalogue harvest) and requestable only once its onboarding
   * is approved; default true. False for a hub whose onboarding happens outside OncoAtlas.
   */
  readonly requireOnboarding?: boolean;
  /** Governed access: e-mail, the committee's addresses, review steps, inactivity policy (hub.access). */
  readonly access?: AccessOptions;
}

export interface HubIdentity {
  readonly hubId: string;
  readonly publicKey: JWK;
}

export interface NodeSummary {
  readonly id: string;
  readonly name: string;
  readonly status: NodeStatus;
  readonly joinedAt: string;
  readonly decidedAt: string | null;
}

export const HUB_KEY_FILE = 'hub-signing.key';

export class Hub {
  readonly broker: Broker;
  readonly store: HubStore;
  /** Governed access: onboarding, requests, messages, notifications, permits, timers. */
  readonly access: AccessService;
  readonly #key: SigningKey;
  readonly #hubId: string;
  readonly #now: () => number;
  readonly #close: () => Promise<void>;

  private constructor(o: { store: HubStore; key: SigningKey; now: () => number; policy: BudgetPolicy; close: () => Promise<void>; dataDir: string; requireOnboarding: boolean; access: AccessOptions }) {
    this.store = o.store;
    this.#key = o.key;
    this.#hubId = hubIdOf(o.key.thumbprint);
    this.#now = o.now;
    this.#close = o.close;
    this.broker = new Broker({ store: o.store, key: o.key, hubId: this.#hubId, policy: o.policy, now: o.now });
    this.access = new AccessService({ ...o.access, store: o.store, broker: this.broker, dataDir: o.dataDir, now: o.now, requireOnboarding: o.requireOnboarding });
  }

  /**
   * @example
   * const hub = await Hub.open({ dataDir: '/var/lib/oncoatlas-hub' });
   * try { ... } finally { await hub.close(); }
   */
  static async open(o: HubOptions): Promise<Hub> {
    const dir = resolve(o.dataDir);
    privateDir(dir);
    const key = await loadOrCreateSigningKey(join(dir, HUB_KEY_FILE));
    const { store, close } = await openHubStore({ dataDir: dir, ...(o.database ? { database: o.database } : {}) });
    return new Hub({ store, key, now: o.now ?? Date.now, policy: { ...DEFAULT_BUDGET, ...o.budget }, close, dataDir: dir, requireOnboarding: o.requireOnboarding ?? true, access: o.access ?? {} });
  }

  identity(): HubIdentity {
    return { hubId: this.#hubId, publicKey: this.#key.publicJwk };
  }

  /**
   * A node asks to join with its public key and a proof that it holds the private key (a join assertion for
   * this hub). Joining again with the same key is idempotent; the node stays as it was (pending, approved…).
   */
  async join(r: { readonly publicKey: JWK; readonly proof: string }): Promise<NodeSummary> {
    const now = this.#now();
    const jwk: JWK = { kty: r.publicKey.kty, crv: r.publicKey.crv, x: r.publicKey.x } as JWK;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw oncoError('HUB_JOIN_INVALID', 'The node\'s public key must be an Ed25519 JWK (kty OKP, crv Ed25519).');
    const id = nodeIdOf(await calculateJwkThumbprint(jwk));
    const proof = await checkAssertion(r.proof, jwk, { audience: this.#hubId, purpose: 'join', now }).catch((err: unknown) => {
      throw oncoError('HUB_JOIN_INVALID', `The join proof was refused: ${(err as Error).message.replace(/^.*refused: /, '')}`);
    });
    if (proof.nodeId !== id) throw oncoError('HUB_JOIN_INVALID', 'The join proof names another key than the one presented.');
    const name = (proof.name ?? id).slice(0, 200);
    const node = await this.store.transaction(async (s) => {
      if (!(await s.useJti(proof.jti, proof.expiresAt, now))) throw oncoError('HUB_JOIN_INVALID', 'This join proof was used already.');
      const existing = await s.node(id);
      if (existing) return existing;
      const row: NodeRow = { id, name, public_jwk: JSON.stringify(jwk), status: 'pending', joined_at: now, decided_at: null };
      await s.insertNode(row);
      await this.#audit(s, 'node ' + id, { type: 'NODE_JOINED', node: id, name });
      return row;
    });
    return summaryOf(node);
  }

  async nodes(status?: NodeStatus): Promise<NodeSummary[]> {
    return (await this.store.nodes(status)).map(summaryOf);
  }

  /**
   * The nodes whose datasets may be searched (count queries, catalogue harvests): approved members whose
   * onboarding is approved, or every approved member when the hub was opened with requireOnboarding false.
   */
  searchableNodes(): Promise<string[]> {
    return this.access.searchableNodes();
  }

  approve(id: string, actor: string): Promise<NodeSummary> {
    return this.#decide(id, actor, ['pending'], 'approved');
  }

  /** Revoked: its next renewal and its next request with a token it still holds both fail. */
  revoke(id: string, actor: string): Promise<NodeSummary> {
    return this.#decide(id, actor, ['pending', 'approved'], 'revoked');
  }

  /** Exchanges a node's token assertion (single-use, ≤ 60 s) for an access token of ~10 minutes. */
  async issueToken(assertion: string): Promise<{ accessToken: string; expiresAt: number }> {
    const now = this.#now();
    const claimed = unverifiedSubject(assertion);
    const node = claimed ? await this.store.node(claimed) : undefined;
    if (!node) throw oncoError('HUB_CREDENTIAL_INVALID', 'The assertion names no node of this hub: join first.');
    const a = await checkAssertion(assertion, JSON.parse(node.public_jwk) as JWK, { audience: this.#hubId, purpose: 'token', now });
    if (!(await this.store.useJti(a.jti, a.expiresAt, now))) throw oncoError('HUB_CREDENTIAL_INVALID', 'This assertion was used already: sign a new one for each token.');
    assertApproved(node);
    const { token, expiresAt } = await issueAccessToken(this.#key, { nodeId: node.id, hubId: this.#hubId, now });
    return { accessToken: token, expiresAt };
  }

  /** The approved node an agent's access token belongs to. */
  async authenticateAgent(token: string): Promise<string> {
    const id = await verifyAccessToken(token, this.#key, { hubId: this.#hubId, now: this.#now() });
    const node = await this.store.node(id);
    if (!node) throw oncoError('HUB_CREDENTIAL_INVALID', 'The access token names no node of this hub.');
    assertApproved(node);
    return id;
  }

  close(): Promise<void> {
    this.access.close();
    return this.#close();
  }

  async #decide(id: string, actor: string, from: readonly NodeStatus[], to: 'approved' | 'revoked'): Promise<NodeSummary> {
    return summaryOf(await this.store.transaction(async (s) => {
      const node = await s.node(id);
      if (!node) throw oncoError('HUB_NODE_NOT_FOUND', `No node ${id} has joined this hub; oncoatlas hub nodes list shows them.`, { node: id });
      if (node.status === to) return node;
      if (!(await s.setNodeStatus(id, from, to, this.#now()))) throw oncoError('HUB_NODE_NOT_APPROVED', `Node ${id} is ${node.status}: it cannot be ${to} (a revoked node joins again with a new key).`, { node: id });
      await this.#audit(s, actor, to === 'approved' ? { type: 'NODE_APPROVED', node: id } : { type: 'NODE_REVOKED', node: id });
      return (await s.node(id))!;
    }));
  }

  #audit(s: HubStore, actor: string, event: HubAuditEvent): Promise<void> {
    return appendHubAudit(s, { at: new Date(this.#now()).toISOString(), actor, event });
  }
}

function assertApproved(node: NodeRow): void {
  if (node.status !== 'approved') throw oncoError('HUB_NODE_NOT_APPROVED', node.status === 'pending' ? 'This node waits for an operator of the hub to approve it.' : 'This node was revoked by an operator of the hub.');
}

function summaryOf(n: NodeRow): NodeSummary {
  return { id: n.id, name: n.name, status: n.status, joinedAt: new Date(n.joined_at).toISOString(), decidedAt: n.decided_at === null ? null : new Date(n.decided_at).toISOString() };
}

/** The `sub` an assertion claims, read before verifying it only to find the key to verify it with. */
function unverifiedSubject(jwt: string): string | undefined {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}


