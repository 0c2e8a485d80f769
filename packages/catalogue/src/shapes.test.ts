import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { requireTool } from '@oncoatlas/testkit';
import { SHAPES_NAMESPACE, SHAPES_TURTLE } from './shapes.ts';
import { shapesGraph } from './validate-records.ts';

const SH = 'http://www.w3.org/ns/shacl#';

test('the shapes are standard Turtle that another parser reads (they are served for others to reuse)', async (t) => {
  if (!requireTool(t, 'rapper')) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-shapes-'));
  try {
    const file = join(dir, 'shapes.ttl');
    writeFileSync(file, SHAPES_TURTLE);
    const { stderr } = await promisify(execFile)('rapper', ['-i', 'turtle', '-c', file]);
    assert.equal(Number(/Parsing returned (\d+) triples/.exec(stderr)?.[1]), shapesGraph().size);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every rule has an English message, a name and the property it reports', () => {
  const graph = shapesGraph();
  const rules = graph.getSubjects(`${SHAPES_NAMESPACE}property`, null, null);
  assert.ok(rules.length >= 40, `${rules.length} rules`);
  for (const rule of rules) {
    const message = graph.getObjects(rule, `${SH}message`, null);
    assert.equal(message.length, 1, `${rule.value} has one message`);
    assert.equal((message[0] as { language?: string }).language, 'en');
    assert.ok(message[0]!.value.length > 40, `${rule.value} says what to do`);
    assert.equal(graph.getObjects(rule, `${SH}name`, null).length, 1, `${rule.value} has a name`);
  }
});
