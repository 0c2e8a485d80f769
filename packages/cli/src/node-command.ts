/**
 * `oncoatlas node join`: makes the node's key pair (kept in its data directory), pins the hub's key and asks
 * to join. Once an operator approves it, `oncoatlas serve` on that data directory runs the agent by itself.
 */
import type { Command } from 'commander';
import { oncoError } from '@oncoatlas/core';
import { joinHub, readMembership, runAgent, type TaskHandler } from '@oncoatlas/hub';

export function registerNodeCommands(program: Command, setExit: (code: number) => void): void {
  program.command('node').description('This node\'s membership of a hub.')
    .command('join')
    .description('Join a hub (outbound HTTPS only): the node stays pending until the hub\'s operator approves it.')
    .requiredOption('--hub <url>', 'the hub\'s address, e.g. https://hub.example')
    .requiredOption('--data-dir <dir>', 'the node\'s data directory (its key hub-node.key and hub-node.json go there)')
    .option('--name <name>', 'how the hub\'s operator sees this node')
    .action(async (f: { hub: string; dataDir: string; name?: string }) => {
      if (!/^https?:\/\//.test(f.hub)) throw oncoError('USAGE', '--hub takes the hub\'s http(s) address.');
      const r = await joinHub({ hubUrl: f.hub, dataDir: f.dataDir, ...(f.name ? { name: f.name } : {}) });
      process.stdout.write(`Joined as ${r.nodeId} (${r.status}). ${r.status === 'pending' ? `The hub's operator approves it with: oncoatlas hub nodes approve ${r.nodeId}. ` : ''}oncoatlas serve --data-dir ${f.dataDir} runs the agent.\n`);
      setExit(0);
    });
}

/**
 * Starts the agent when the data directory holds a membership; its state changes are printed without any
 * identifier. `oncoatlas serve` passes the federation handler (count tasks); without one it answers `ping` only.
 */
export async function startNodeAgent(dataDir: string, handler?: TaskHandler): Promise<{ stop(): Promise<void> } | undefined> {
  if (!readMembership(dataDir)) return undefined;
  const stopping = new AbortController();
  const done = runAgent({
    dataDir, signal: stopping.signal,
    handler: handler ?? (async (task) => {
      if (task.type === 'ping') return { pong: true };
      throw oncoError('USAGE', 'This node answers no task of that type.');
    }),
    log: (e) => {
      if (e.event === 'state') process.stdout.write(`Hub: ${e.state}${e.code ? ` (${e.code}; retrying in ${Math.round((e.retryInMs ?? 0) / 1000)} s)` : ''}.\n`);
      else if (e.event !== 'stopped') process.stdout.write(`Hub: ${e.event} (${e.code}).\n`);
    },
  }).catch((err: unknown) => process.stderr.write(`Hub agent stopped: ${(err as Error).message}\n`));
  process.stdout.write('Hub agent started (outbound only).\n');
  return { stop: async () => { stopping.abort(); await done; } };
}
