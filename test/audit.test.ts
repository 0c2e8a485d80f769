/**
 * The audit log as a hospital meets it: populate and a review decision leave a log that verifies against
 * its checkpoints; an edited, deleted or reordered event in the database is named by `oncoatlas audit
 * verify`; proofs from the CLI verify against tree heads alone; on PostgreSQL, writers appending at the
 * same time never take the same position.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { appendAuditEvents, fromHex, leafHash, proofHashes, toHex, verifyAuditLog, verifyConsistency, verifyInclusion, type InclusionProof, type ConsistencyProof } from '@oncoatlas/audit';
import { openStore, StudyLedger } from '@oncoatlas/store';
import { generateHospital } from '@oncoatlas/synth';
import { createTestDatabase } from '@oncoatlas/testkit';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const run = (...args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

/** Plays the attacker on a copy of the data directory, straight in the SQLite file. */
function tampered(data: string, dir: string, name: string, sqlEdit: (db: DatabaseSync) => void): string {
  const copy = join(dir, name);
  cpSync(data, copy, { recursive: true });
  const db = new DatabaseSync(join(copy, 'atlas.sqlite'));
  sqlEdit(db);
  db.close();
  return copy;
}

test('populate and review leave a log that verifies; edited, deleted and reordered events are named', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  generateHospital({ out: join(dir, 'h'), studies: 60, seed: 'audit' });
  assert.equal(run('secret', 'new', join(dir, 'site.secret')).status, 0);
  const data = join(dir, 'data');
  const populate = (): void => assert.equal(run('populate', '--data-dir', data, '--source', join(dir, 'h', 'pacs'), '--cohort', join(dir, 'h', 'cohort.json'), '--secret-file', join(dir, 'site.secret'), '--json').status, 0);
  populate();
  const head = JSON.parse(run('audit', 'head', '--data-dir', data, '--json').stdout) as { size: number; root: string };
  const ledger = new DatabaseSync(join(data, 'atlas.sqlite'), { readOnly: true });
  const outputs = ledger.prepare('select output_path, output_sha256 from instances where output_path is not null').all() as { output_path: string; output_sha256: string }[];
  ledger.close();
  assert.ok(outputs.length > 0);
  for (const o of outputs) {
    assert.equal(createHash('sha256').update(readFileSync(join(data, 'deidentified', o.output_path))).digest('hex'), o.output_sha256, 'the ledger holds the hash of the file written');
  }
  populate();
  assert.deepEqual(JSON.parse(run('audit', 'head', '--data-dir', data, '--json').stdout), head, 'a re-run that changes nothing logs nothing');

  const items = JSON.parse(run('review', 'list', '--data-dir', data, '--json').stdout) as { id: number }[];
  assert.ok(items.length > 0, 'the hospital has a study held for burned-in text');
  assert.equal(run('review', 'approve', String(items[0]!.id), '--data-dir', data, '--by', 'Dr. Steward', '--reason', 'Pixel text is the scanner name only').status, 0);
  const events = run('audit', 'show', '--data-dir', data, '--json', '--limit', '1000').stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; actor: string; event: { type: string; reasonHash?: string } });
  const types = events.map((e) => e.event.type);
  assert.deepEqual([...new Set(types)], ['FILES_INDEXED', 'STUDIES_TRANSITIONED', 'CLINICAL_HARMONISED', 'RELEASE_CANDIDATE', 'PIXELS_DECIDED', 'REVIEW_DECIDED']);
  const decided = events.find((e) => e.event.type === 'REVIEW_DECIDED')!;
  assert.equal(decided.actor, 'Dr. Steward');
  assert.ok(!JSON.stringify(events).includes('scanner name'), 'the reviewer\'s free text is logged only as a hash');

  const ok = run('audit', 'verify', '--data-dir', data);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`Audit log verified: ${events.length} events, root [0-9a-f]{64}; consistent with 2 checkpoint\\(s\\)`));

  const verify = (copy: string): string => {
    const r = run('audit', 'verify', '--data-dir', copy);
    assert.equal(r.status, 1);
    return r.stderr;
  };
  const edited = tampered(data, dir, 'edited', (db) => db.prepare(`update audit_entries set event = replace(event, '"run":', '"run":9') where seq = 1`).run());
  assert.match(verify(edited), /error AUDIT_TAMPERED: .*\n {2}edited: Event 1 was edited: its content no longer matches its leaf hash/);

  const rehashed = tampered(data, dir, 'rehashed', (db) => {
    const row = db.prepare('select event from audit_entries where seq = 2').get() as { event: string };
    const event = row.event.replace('"actor":"oncoatlas populate"', '"actor":"someone else"');
    db.prepare('update audit_entries set event = ?, leaf_hash = ? where seq = 2').run(event, toHex(leafHash(event)));
  });
  assert.match(verify(rehashed), /edited: Event 2 was edited: event 3, written after it, recorded a different log/);

  const deleted = tampered(data, dir, 'deleted', (db) => db.prepare('delete from audit_entries where seq = 3').run());
  assert.match(verify(deleted), /missing: Event 3 is missing: it was deleted/);

  const reordered = tampered(data, dir, 'reordered', (db) => {
    db.prepare('update audit_entries set seq = -1 where seq = 1').run();
    db.prepare('update audit_entries set seq = 1 where seq = 2').run();
    db.prepare('update audit_entries set seq = 2 where seq = -1').run();
  });
  assert.match(verify(reordered), /reordered: Events 1 and 2 are out of order: 1 is stored after 2/);

  const last = events.length - 1;
  const cut = tampered(data, dir, 'cut', (db) => {
    db.prepare('delete from audit_entries where seq = ?').run(last);
    db.prepare('update audit_head set size = size - 1').run();
  });
  assert.match(verify(cut), new RegExp(`covers ${last + 1} events, the log holds ${last}: event ${last} was deleted from its end`), 'the checkpoint outside the database catches a cut tail');

  const inclusion = JSON.parse(run('audit', 'prove', '--data-dir', data, '--seq', '2').stdout) as InclusionProof;
  assert.ok(verifyInclusion(2, inclusion.size, fromHex(inclusion.leafHash)!, proofHashes(inclusion.path)!, fromHex(inclusion.root)!));
  const consistency = JSON.parse(run('audit', 'prove', '--data-dir', data, '--from-size', String(head.size)).stdout) as ConsistencyProof;
  assert.equal(consistency.oldRoot, head.root, 'the log before the review decision is a prefix of the log after it');
  assert.ok(verifyConsistency(head.size, consistency.newSize, proofHashes(consistency.path)!, fromHex(head.root)!, fromHex(consistency.newRoot)!));
  assert.match(run('audit', 'prove', '--data-dir', data, '--seq', '99999').stderr, /error AUDIT_RANGE/);
  const nowhere = run('audit', 'verify', '--data-dir', join(dir, 'no-such-atlas'));
  assert.equal(nowhere.status, 1);
  assert.match(nowhere.stderr, /error USAGE: .* holds no ledger/);
  assert.ok(!existsSync(join(dir, 'no-such-atlas')), 'a mistyped data directory is not created as an empty atlas');
});

test('on PostgreSQL, writers appending at once from two connection pools never collide and the log verifies', async () => {
  const url = await createTestDatabase('audit log on PostgreSQL');
  if (!url) return;
  const stores = [await openStore({ database: url }), await openStore({ database: url })];
  try {
    const ledgers = stores.map((s) => new StudyLedger(s.db));
    const writes = Array.from({ length: 40 }, (_, i) => ledgers[i % 2]!.transaction((l) => appendAuditEvents(l, [
      { at: new Date(Date.UTC(2026, 10, 25, 10, 0, i)).toISOString(), actor: `worker ${i % 2}`, event: { type: 'USE_DATASETS', userId: 'researcher-1', datasetsIds: [`ds-${i}`], toolName: 'oncoatlas', toolVersion: '0.1.0' } },
    ])));
    const heads = await Promise.all(writes);
    assert.deepEqual(heads.map((h) => h.size).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i + 1), 'each append took its own position');
    const v = await verifyAuditLog(ledgers[0]!);
    assert.deepEqual(v.findings, []);
    assert.equal(v.entries, 40);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
});
