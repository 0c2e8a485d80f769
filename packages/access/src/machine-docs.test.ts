import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { machineTable } from './machine.ts';
import { DOCUMENTED_MACHINES, withMachineTables } from './machine-docs.ts';

const docs = readFileSync(new URL('../../../docs/access.md', import.meta.url), 'utf8');

test('docs/access.md holds the current tables of the machines', () => {
  for (const [name, m] of Object.entries(DOCUMENTED_MACHINES)) {
    assert.ok(docs.includes(`<!-- machine-table:${name} -->\n${machineTable(m)}\n<!-- /machine-table:${name} -->`),
      `the ${name} table in docs/access.md is not current: run npx node packages/access/scripts/machine-tables.ts`);
  }
  assert.equal(withMachineTables(docs), docs);
});

test('a table has one row per transition, with its roles, guard and reason', () => {
  const table = machineTable(DOCUMENTED_MACHINES.request!);
  const lines = table.split('\n');
  assert.equal(lines[0], '| From | Event | To | Roles | Guard | Reason |');
  assert.equal(lines.length, 2 + DOCUMENTED_MACHINES.request!.transitions.length);
  assert.ok(lines.includes('| SUBMITTED | DECLINE | DECLINED | committee, operator |  | required |'));
  assert.ok(machineTable(DOCUMENTED_MACHINES.resource!).includes('| ACCESS_CONDITIONS_MET | GRANT_ACCESS_TO_RESOURCE | RESOURCE_MADE_AVAILABLE | holder | requestInProgress |  |'));
});
