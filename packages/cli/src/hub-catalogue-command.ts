/**
 * `oncoatlas hub catalogue harvest`: harvests every approved node's catalogue once, incrementally, through the
 * nodes' agents (they must be connected to the running `hub serve`, which hands them the tasks), and prints
 * each node's outcome. `hub serve` harvests on its own schedule with startCatalogueHarvest.
 */
import type { Command } from 'commander';
import { oncoError } from '@oncoatlas/core';
import { Hub, HubCatalogue, runPeriodicHarvest, type NodeHarvest } from '@oncoatlas/hub';

function harvestLine(h: NodeHarvest): string {
  return h.status === 'succeeded'
    ? `${h.node}  harvested  ${h.changed} changed, ${h.withdrawn} withdrawn${h.watermark ? `, records up to ${h.watermark}` : ''}`
    : `${h.node}  failed     ${h.error ?? 'INTERNAL'}`;
}

/** The catalogue `hub serve` searches, harvested every `intervalMs` and whenever a node is newly approved. */
export async function startCatalogueHarvest(hub: Hub, f: { dataDir: string; database?: string }, intervalMs?: number): Promise<{ catalogue: HubCatalogue; stop(): Promise<void> }> {
  const catalogue = await HubCatalogue.open(hub, { dataDir: f.dataDir, ...(f.database ? { database: f.database } : {}) });
  const stopping = new AbortController();
  const running = runPeriodicHarvest(catalogue, {
    signal: stopping.signal, ...(intervalMs ? { intervalMs } : {}),
    // Node ids and error codes only: what the nodes publish stays in the catalogue.
    log: (h) => { if (h.status === 'failed') process.stderr.write(`Catalogue harvest of ${h.node} failed: ${h.error ?? 'INTERNAL'}.\n`); },
  });
  return {
    catalogue,
    stop: async () => {
      stopping.abort();
      await running;
      await catalogue.close();
    },
  };
}

export function registerHubCatalogueCommands(hub: Command, setExit: (code: number) => void): void {
  hub.command('catalogue').description('The catalogue the hub harvests from its nodes.').command('harvest')
    .description('Harvest every approved node\'s DCAT-AP catalogue now (only what changed since the last harvest). The nodes\' agents answer through the running hub.')
    .requiredOption('--data-dir <dir>', 'the hub\'s data directory')
    .option('--database <url>', 'postgres://... when the hub\'s tables are in PostgreSQL')
    .option('--node <id...>', 'only these nodes')
    .option('--deadline <seconds>', 'how long each node has to answer', '60')
    .option('--json', 'print JSON')
    .action(async (f: { dataDir: string; database?: string; node?: string[]; deadline: string; json?: boolean }) => {
      const seconds = Number(f.deadline);
      if (!(seconds >= 1 && seconds <= 600)) throw oncoError('USAGE', `--deadline takes 1 to 600 seconds, not "${f.deadline}".`);
      const db = f.database ? { database: f.database } : {};
      const service = await Hub.open({ dataDir: f.dataDir, ...db });
      try {
        const catalogue = await HubCatalogue.open(service, { dataDir: f.dataDir, ...db, deadlineMs: seconds * 1000 });
        try {
          const outcomes = await catalogue.harvest(f.node ? { nodes: f.node } : {});
          process.stdout.write(f.json ? `${JSON.stringify(outcomes)}\n` : outcomes.length === 0 ? 'No approved node to harvest.\n' : `${outcomes.map(harvestLine).join('\n')}\n`);
          setExit(outcomes.some((h) => h.status === 'failed') ? 1 : 0);
        } finally {
          await catalogue.close();
        }
      } finally {
        await service.close();
      }
    });
}
