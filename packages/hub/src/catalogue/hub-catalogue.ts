/**
 * The hub's catalogue: harvests each approved node's DCAT-AP records incrementally through a signed `harvest`
 * task its agent answers (the hub cannot reach a node), keeps them keyed by node and dataset IRI, and answers
 * one search across the nodes. The transport is injectable; by default it is the broker.
 */
import { isOncoAtlasError, oncoError } from '@oncoatlas/core';
import type { Hub } from '../hub.ts';
import { cardOf, matches, type CatalogueSearch, type HubCatalogueCard } from './catalogue-search.ts';
import { openCatalogueStore, type HarvestRow, type HubCatalogueStore } from './catalogue-store.ts';
import { HARVEST_TASK_TYPE, readHarvestAnswer, type HarvestPayload } from './harvest-answer.ts';
import { planHarvest } from './harvest-plan.ts';
import { harvestedDatasets } from './harvested-records.ts';
import { hubCatalogueTurtle, type HubCatalogueDescription } from './hub-catalogue-records.ts';

/** Sends one node a harvest and resolves with its answer's body (opaque JSON). */
export type HarvestTransport = (nodeId: string, payload: HarvestPayload, signal?: AbortSignal) => Promise<unknown>;

export interface HubCatalogueOptions {
  readonly dataDir: string;
  readonly database?: string;
  /** Default: a `harvest` task through the hub's broker. */
  readonly transport?: HarvestTransport;
  /** How long a node has to answer a harvest; default 60 s. */
  readonly deadlineMs?: number;
  readonly now?: () => number;
}

export interface NodeHarvest {
  readonly node: string;
  readonly status: 'succeeded' | 'failed';
  /** Datasets whose records came back (new or changed). */
  readonly changed: number;
  readonly withdrawn: number;
  readonly watermark: string | null;
  /** The error code of a failed harvest. */
  readonly error?: string;
}

export const DEFAULT_HARVEST_DEADLINE_MS = 60_000;
/** Who the hub's harvest tasks are dispatched for (the audit log's actor). */
export const HARVEST_REQUESTER = 'hub catalogue @ urn:oncoatlas:hub';

export class HubCatalogue {
  readonly #hub: Hub;
  readonly #store: HubCatalogueStore;
  readonly #transport: HarvestTransport;
  readonly #now: () => number;
  readonly #close: () => Promise<void>;

  private constructor(hub: Hub, store: HubCatalogueStore, o: HubCatalogueOptions, close: () => Promise<void>) {
    this.#hub = hub;
    this.#store = store;
    this.#now = o.now ?? Date.now;
    this.#close = close;
    this.#transport = o.transport ?? brokerTransport(hub, o.deadlineMs ?? DEFAULT_HARVEST_DEADLINE_MS);
  }

  /**
   * @example
   * const hub = await Hub.open({ dataDir });
   * const catalogue = await HubCatalogue.open(hub, { dataDir });
   * await catalogue.harvest();                       // every approved node, incrementally
   * await catalogue.search({ modality: 'CT', condition: 'C34' });
   */
  static async open(hub: Hub, o: HubCatalogueOptions): Promise<HubCatalogue> {
    const { store, close } = await openCatalogueStore(o);
    return new HubCatalogue(hub, store, o, close);
  }

  /**
   * Harvests the searchable nodes (approved, and onboarded unless the hub does not require it; default all)
   * side by side; a node that fails does not stop the others.
   */
  async harvest(o: { readonly nodes?: readonly string[]; readonly signal?: AbortSignal } = {}): Promise<NodeHarvest[]> {
    const approved = await this.#hub.searchableNodes();
    const nodes = o.nodes ? approved.filter((n) => o.nodes!.includes(n)) : approved;
    return Promise.all(nodes.map((n) => this.harvestNode(n, o.signal)));
  }

  /** Searchable nodes the catalogue never harvested yet (just approved or onboarded): `hub serve` harvests them at once. */
  async unharvested(): Promise<string[]> {
    const done = new Set((await this.#store.harvests()).map((h) => h.node_id));
    return (await this.#hub.searchableNodes()).filter((n) => !done.has(n));
  }

  harvests(): Promise<HarvestRow[]> {
    return this.#store.harvests();
  }

  async harvestNode(nodeId: string, signal?: AbortSignal): Promise<NodeHarvest> {
    const watermark = (await this.#store.harvestOf(nodeId))?.watermark ?? null;
    try {
      const answer = readHarvestAnswer(await this.#transport(nodeId, watermark ? { modifiedSince: watermark } : {}, signal));
      const plan = planHarvest(await this.#store.entries(nodeId), answer, harvestedDatasets(answer.records), watermark);
      await this.#store.apply(nodeId, plan, this.#now());
      return { node: nodeId, status: 'succeeded', changed: plan.upserts.length, withdrawn: plan.withdraw.length, watermark: plan.watermark };
    } catch (err) {
      const code = isOncoAtlasError(err) ? err.code : 'INTERNAL';
      await this.#store.recordFailure(nodeId, code, this.#now());
      return { node: nodeId, status: 'failed', changed: 0, withdrawn: 0, watermark, error: code };
    }
  }

  async search(s: CatalogueSearch = {}): Promise<HubCatalogueCard[]> {
    return (await this.#store.datasets()).map(cardOf).filter((c) => matches(c, s));
  }

  async turtle(catalogue: HubCatalogueDescription): Promise<string> {
    return hubCatalogueTurtle(catalogue, await this.search());
  }

  close(): Promise<void> {
    return this.#close();
  }
}

/**
 * A harvest as a broker task to one node. Polled (not waited on with the broker's wake-ups), so it also
 * works from a CLI process beside the serving hub, whose agents' replies land in the shared database.
 */
export function brokerTransport(hub: Hub, deadlineMs: number): HarvestTransport {
  return async (nodeId, payload, signal) => {
    const q = await hub.broker.dispatch({
      type: HARVEST_TASK_TYPE, payload, nodes: [nodeId], deadlineMs, requester: HARVEST_REQUESTER, retry: { maxTries: 2, backoffMs: 1000 }, spendsBudget: false,
    });
    for (;;) {
      const s = await hub.broker.state(q.id, { waitMs: 1000, ...(signal ? { signal } : {}) });
      if (s.status === 'running' && signal?.aborted) throw oncoError('HUB_HARVEST_FAILED', 'The harvest was stopped before the node answered (the hub is stopping).', { node: nodeId });
      if (s.status === 'running') continue;
      const reply = s.results[0];
      if (!reply) throw oncoError('HUB_HARVEST_FAILED', 'The node did not answer the catalogue harvest before its deadline.', { node: nodeId });
      if (reply.status !== 'succeeded') throw oncoError('HUB_HARVEST_FAILED', 'The node answered the catalogue harvest with an error.', { node: nodeId });
      return reply.body;
    }
  };
}
