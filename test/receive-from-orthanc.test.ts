/**
 * A PACS pushing studies to `oncoatlas receive` over DICOM C-STORE: a real Orthanc, configured with our AE
 * title as a remote modality, sends a synthetic hospital's studies; every instance lands in the inbox with
 * its dataset bytes exactly as Orthanc stored them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePart10, type DataSet } from '@oncoatlas/dicom';
import { startStoreReceiver } from '@oncoatlas/sources';
import { generateHospital } from '@oncoatlas/synth';
import { notOwnerOnly, startOrthanc } from '@oncoatlas/testkit';

/** Every non-sequence element at any depth, as tag and value bytes, in order. */
function flatValues(file: Buffer): string[] {
  const f = parsePart10(file);
  const out: string[] = [];
  const walk = (ds: DataSet): void => {
    for (const el of ds.elements) {
      if (el.items) { out.push(`${el.tag}:SQ${el.items.length}`); el.items.forEach(walk); } else out.push(`${el.tag}:${Buffer.from(f.buffer.subarray(el.valueOffset, el.valueOffset + el.length)).toString('hex')}`);
    }
  };
  walk(f.dataset);
  return out;
}

/** Dataset bytes after the File Meta Information, and the SOP Instance UID, of a Part 10 file. */
function datasetOf(b: Buffer): { sop: string; dataset: Buffer; file: Buffer } {
  const f = parsePart10(b);
  const el = f.meta.elements.find((x) => x.tag === 0x00020003)!;
  const sop = Buffer.from(f.source.subarray(el.valueOffset, el.valueOffset + el.length)).toString('latin1').replace(/\0$/, '');
  return { sop, dataset: Buffer.from(b.subarray(f.datasetOffset)), file: b };
}

test('Orthanc sends a hospital to the C-STORE receiver; the inbox holds every instance as sent', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-receive-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const inbox = join(dir, 'inbox');
  const receiver = await startStoreReceiver({ port: 0, host: '127.0.0.1', aeTitle: 'ONCOATLAS', into: inbox });
  t.after(() => receiver.close());
  const orthanc = await startOrthanc(t, { modalities: { atlas: ['ONCOATLAS', '127.0.0.1', receiver.port] } });
  if (!orthanc) return;

  generateHospital({ out: join(dir, 'hospital'), studies: 10, seed: 'cstore' });
  const sent = new Map<string, { dataset: Buffer; file: Buffer }>();
  const studies = new Set<string>();
  for (const e of readdirSync(join(dir, 'hospital', 'pacs'), { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const r = await orthanc.tryUpload(path);
    if (!r.ok) continue; // stray, truncated and corrupt files are refused by Orthanc, as they should be
    const { sop, dataset, file } = datasetOf(readFileSync(path));
    sent.set(sop, { dataset, file });
    studies.add(r.studyId!);
  }
  assert.ok(sent.size > 80, `Orthanc holds ${sent.size} instances`);

  const res = await fetch(`${orthanc.url}/modalities/atlas/store`, {
    method: 'POST', headers: { ...orthanc.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ Resources: [...studies], Synchronous: true }),
  });
  assert.equal(res.status, 200, await res.text());

  const received = new Map<string, { dataset: Buffer; file: Buffer }>();
  for (const e of readdirSync(inbox, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.dcm')) continue;
    const { sop, dataset, file } = datasetOf(readFileSync(join(e.parentPath, e.name)));
    received.set(sop, { dataset, file });
  }
  assert.equal(received.size, sent.size, 'every instance arrived once');
  // Orthanc's C-STORE (DCMTK inside) re-encodes undefined-length sequences with defined lengths; every other
  // byte, pixel data included, must be what the PACS stored.
  let identical = 0;
  for (const [sop, got] of received) {
    const original = sent.get(sop)!;
    if (got.dataset.equals(original.dataset)) { identical++; continue; }
    assert.deepEqual(flatValues(got.file), flatValues(original.file), 'same elements and values');
  }
  assert.ok(identical > 0, `${identical} of ${sent.size} byte-identical`);
  assert.deepEqual(readdirSync(join(inbox, '.partial', 'receive')), []);
  assert.deepEqual(notOwnerOnly(inbox), [], 'the inbox holds identified files: owner-only (folders 0700, files 0600)');
  assert.equal(receiver.counts.stored, sent.size);
});
