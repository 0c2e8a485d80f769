/**
 * A real DICOMweb client: Orthanc (the Debian package, started by the test) with its DICOMweb plugin is told
 * of the node as a DICOMweb server whose requests carry the permit as a bearer token, retrieves studies
 * through it (`POST /dicom-web/servers/<name>/retrieve`), and holds instances byte-identical to the node's
 * released files. Without the permit header, or with a permit that only allows in-situ use, it gets nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { startOrthanc, type OrthancHandle } from '@oncoatlas/testkit';
import { dicomWebNode } from './support/dicomweb-node.ts';
import { oncoatlas } from './support/permitted-dataset.ts';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function orthanc(o: OrthancHandle, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${o.url}${path}`, { method, headers: { ...o.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

async function storedHashes(o: OrthancHandle): Promise<string[]> {
  const ids = await (await orthanc(o, 'GET', '/instances')).json() as string[];
  const out: string[] = [];
  for (const id of ids) out.push(sha(new Uint8Array(await (await orthanc(o, 'GET', `/instances/${id}/file`)).arrayBuffer())));
  return out.sort();
}

test('Orthanc retrieves studies from the node through its DICOMweb client with a permit and holds byte-identical instances', async (t) => {
  const n = await dicomWebNode(t);
  const o = await startOrthanc(t);
  if (!o) return;
  const { permit } = await n.d.permit({ actions: ['download'] });
  const inSitu = await n.d.permit({ actions: ['in-situ'] });
  const servers = { node: permit, bare: undefined, viewer: inSitu.permit };
  for (const [name, p] of Object.entries(servers)) {
    const put = await orthanc(o, 'PUT', `/dicom-web/servers/${name}`, { Url: `${n.root}/`, ...(p ? { HttpHeaders: { Authorization: `Bearer ${p}` } } : {}) });
    assert.ok(put.ok, `Orthanc takes the DICOMweb server ${name}: ${put.status}`);
  }
  // A CT study with its SEG, and a study holding a big endian instance (served as stored, not transcoded).
  const seg = n.index.studies.find((s) => s.series.some((x) => x.modality === 'SEG'))!;
  const bigEndian = n.index.studies.find((s) => s !== seg && s.series.some((x) => x.instances.some((i) => i.transferSyntaxUid === '1.2.840.10008.1.2.2')));
  assert.ok(bigEndian, 'the fixture holds a big endian instance');
  const studies = [seg, bigEndian];

  for (const name of ['bare', 'viewer']) {
    const refused = await orthanc(o, 'POST', `/dicom-web/servers/${name}/retrieve`, { Resources: [{ Study: seg.studyInstanceUid }] });
    const stored = await (await orthanc(o, 'GET', '/instances')).json() as string[];
    assert.equal(stored.length, 0, `nothing is retrieved through ${name} (Orthanc answered ${refused.status})`);
  }

  const before = await n.auditSize();
  const started = Date.now();
  const res = await orthanc(o, 'POST', '/dicom-web/servers/node/retrieve', { Resources: studies.map((s) => ({ Study: s.studyInstanceUid })) });
  assert.equal(res.status, 200, await res.clone().text());
  const expected = studies.flatMap((s) => s.series.flatMap((x) => x.instances.map((i) => i.sha256))).sort();
  assert.deepEqual(await storedHashes(o), expected, 'every instance of the studies, byte for byte as released');
  t.diagnostic(`Orthanc retrieved ${expected.length} instances in ${Date.now() - started} ms`);
  assert.ok(await n.auditSize() - before >= studies.length, 'each retrieve is audited');

  // Orthanc's QIDO through the node finds the study (Orthanc answers in its own JSON, a tag's Value a string).
  const qido = await orthanc(o, 'POST', '/dicom-web/servers/node/qido', { Uri: '/studies', Arguments: { StudyInstanceUID: seg.studyInstanceUid } });
  assert.equal(qido.status, 200);
  const found = await qido.json() as Record<string, { Value?: unknown }>[];
  assert.deepEqual(found.map((x) => x['0020000D']?.Value), [seg.studyInstanceUid]);
  oncoatlas('audit', 'verify', '--data-dir', n.d.dataDir);
});
