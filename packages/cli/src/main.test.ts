import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildProgram, COMMAND_MODULES } from './main.ts';

const names = (p: { commands: readonly { name(): string }[] }): string[] => p.commands.map((c) => c.name());

test('the command table names every command the modules register, and a named command loads its own module', async () => {
  const all = names(await buildProgram(() => undefined));
  assert.deepEqual(all.filter((n) => n !== 'secret').sort(), Object.keys(COMMAND_MODULES).sort());
  for (const name of Object.keys(COMMAND_MODULES)) {
    const program = names(await buildProgram(() => undefined, ['node', 'oncoatlas', name, '--help']));
    assert.ok(program.includes(name), `${name} is registered when it is named`);
    assert.ok(program.length < all.length, `${name} does not load every command`);
  }
});

test('help and an unknown name get every command; --version none', async () => {
  const all = names(await buildProgram(() => undefined));
  assert.deepEqual(names(await buildProgram(() => undefined, ['node', 'oncoatlas', '--help'])), all);
  assert.deepEqual(names(await buildProgram(() => undefined, ['node', 'oncoatlas', 'populat'])), all);
  assert.deepEqual(names(await buildProgram(() => undefined, ['node', 'oncoatlas', '--version'])), ['secret']);
});
