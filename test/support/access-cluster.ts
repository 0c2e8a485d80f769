/**
 * The federation of the governed-access e2e: a hub (requiring onboarding, serving the UI) and two small
 * synthetic hospitals built through the CLI. Node 1 releases its datasets but files no agreement and publishes
 * nothing (its steward meets the publication refusal in the UI); node 2 files its agreements and publishes
 * through the CLI before it serves (buildHospital). Every node serves the UI too, for its stewards' pages.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildHospital, cli, FOCUS_TOKEN, startCli, type Running } from './federation-cluster.ts';

interface After { after(fn: () => unknown): void }

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  if (r.status !== 0) throw new Error(`oncoatlas ${args.slice(0, 2).join(' ')} failed: ${r.out}`);
  return r.out;
}

export interface AccessNode { readonly id: string; readonly name: string; readonly dataDir: string; readonly stewardFile: string; url: string; serve: Running }

export interface AccessCluster {
  readonly root: string;
  readonly hubDir: string;
  readonly hubUrl: string;
  readonly hub: Running;
  readonly nodes: readonly [AccessNode, AccessNode];
}

/** `publish`: which nodes file their agreements and publish before they serve (default: node 2 only, as the access e2e needs). */
export async function startAccessCluster(t: After, o: { readonly root: string; readonly web: string; readonly studies: number; readonly publish?: readonly [boolean, boolean] }): Promise<AccessCluster> {
  const seeds = ['east', 'west'] as const;
  const dataDirs = await Promise.all(seeds.map((s, i) => buildHospital(o.root, s, o.studies, { publish: o.publish?.[i] ?? i === 1 })));
  const hubDir = join(o.root, 'hub');
  const hub = startCli(t, 'hub', 'serve', '--data-dir', hubDir, '--port', '0', '--deadline-seconds', '8', '--web', o.web);
  const hubUrl = (await hub.waitFor(/hub API at (http:\/\/[\d.:]+)\/hub\/api/))[1]!;
  const focusTokenFile = join(o.root, 'focus.token');
  writeFileSync(focusTokenFile, `${FOCUS_TOKEN}\n`, { mode: 0o600 });
  const nodes: AccessNode[] = [];
  for (const [i, dataDir] of dataDirs.entries()) {
    const joined = await ok('node', 'join', '--hub', hubUrl, '--data-dir', dataDir, '--name', seeds[i]!);
    const id = /Joined as (\S+) /.exec(joined)![1]!;
    await ok('hub', 'nodes', 'approve', id, '--data-dir', hubDir);
    const h = join(dirname(dataDir), 'h');
    const serve = startCli(t, 'serve', '--data-dir', dataDir, '--port', '0', '--web', o.web, '--focus-token-file', focusTokenFile,
      '--access-log', join(o.root, `${id}-access.log`), '--catalogue-settings', join(h, 'catalogue-settings.json'));
    nodes.push({ id, name: seeds[i]!, dataDir, stewardFile: join(h, 'catalogue-steward.json'), url: '', serve });
  }
  for (const n of nodes) {
    n.url = (await n.serve.waitFor(/API at (http:\/\/[\d.:]+)\/api/))[1]!;
    await n.serve.waitFor(/Hub agent started/);
  }
  return { root: o.root, hubDir, hubUrl, hub, nodes: [nodes[0]!, nodes[1]!] };
}
