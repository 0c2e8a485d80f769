/**
 * The machines' tables in docs/access.md sit between markers, so a script can rewrite them and a test can check
 * they are current (docs that cannot drift from the code).
 */
import { machineTable, type Machine } from './machine.ts';
import { ONBOARDING_MACHINE } from './onboarding-machine.ts';
import { REQUEST_MACHINE } from './request-machine.ts';
import { RESOURCE_MACHINE } from './resource-machine.ts';

export const DOCUMENTED_MACHINES: Readonly<Record<string, Machine<string, string>>> = {
  request: REQUEST_MACHINE as Machine<string, string>,
  resource: RESOURCE_MACHINE as Machine<string, string>,
  onboarding: ONBOARDING_MACHINE as Machine<string, string>,
};

/** `markdown` with each `<!-- machine-table:NAME -->…<!-- /machine-table:NAME -->` block holding the current table. */
export function withMachineTables(markdown: string): string {
  let out = markdown;
  for (const [name, m] of Object.entries(DOCUMENTED_MACHINES)) {
    const open = `<!-- machine-table:${name} -->`;
    const close = `<!-- /machine-table:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) continue;
    out = `${out.slice(0, start + open.length)}\n${machineTable(m)}\n${out.slice(end)}`;
  }
  return out;
}
