/**
 * DICOMweb retrieve throughput: our DicomwebSource (QIDO-RS listing, WADO-RS per study, streamed multipart)
 * against the fastest way out of Orthanc that needs no DICOMweb at all, its own ZIP export of the same studies
 * (POST /tools/create-archive, synchronous, streamed). Both read the same stored files from the same Orthanc;
 * both answers are consumed and counted, not written, so the figures are about the protocol and our parser,
 * not the disk.
 *
 * Orthanc runs on tmpfs when /dev/shm exists, without HTTP compression (see testkit's orthanc.ts).
 */
import { existsSync } from 'node:fs';
import { launchOrthanc } from '@oncoatlas/testkit';
import { DicomwebSource } from '@oncoatlas/sources';

export interface DicomwebBenchResult {
  readonly instances: number;
  /** Bytes of the Part 10 instances our source delivered in one run. */
  readonly bytes: number;
  /** Best of the runs. */
  readonly ourSeconds: number;
  readonly zipSeconds: number;
  /** Size of Orthanc's ZIP answer (stored, not compressed, plus ZIP headers). */
  readonly zipBytes: number;
}

export async function benchDicomweb(opts: { files: string[]; runs: number; log: (line: string) => void }): Promise<DicomwebBenchResult> {
  const orthanc = await launchOrthanc({ parentDir: existsSync('/dev/shm') ? '/dev/shm' : undefined });
  try {
    let t0 = performance.now();
    await orthanc.upload(opts.files);
    opts.log(`dicomweb: ${opts.files.length} files stored in Orthanc in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const studyIds = await (await fetch(`${orthanc.url}/studies`, { headers: orthanc.headers })).json() as string[];

    const ours: number[] = [];
    const zip: number[] = [];
    let instances = 0;
    let bytes = 0;
    let zipBytes = 0;
    // Alternate the two, so that a burst of other load touches both alike.
    for (let run = 1; run <= opts.runs; run++) {
      t0 = performance.now();
      const r = await syncAll(orthanc.dicomWebRoot);
      ours.push((performance.now() - t0) / 1000);
      if (r.instances !== opts.files.length) throw new Error(`dicomweb: our source delivered ${r.instances} of ${opts.files.length} instances`);
      [instances, bytes] = [r.instances, r.bytes];

      t0 = performance.now();
      zipBytes = await zipArchive(orthanc.url, orthanc.headers, studyIds);
      zip.push((performance.now() - t0) / 1000);
      opts.log(`dicomweb run ${run}/${opts.runs}: DicomwebSource ${ours.at(-1)!.toFixed(3)} s, Orthanc ZIP ${zip.at(-1)!.toFixed(3)} s`);
    }
    return { instances, bytes, ourSeconds: Math.min(...ours), zipSeconds: Math.min(...zip), zipBytes };
  } finally {
    await orthanc.stop();
  }
}

/** A full sync, every instance stream read to its end and counted. */
async function syncAll(url: string): Promise<{ instances: number; bytes: number }> {
  let instances = 0;
  let bytes = 0;
  for await (const item of new DicomwebSource({ url }).items()) {
    if (item.kind === 'problem') throw item.error;
    for await (const chunk of item.content) bytes += (chunk as Buffer).length;
    instances++;
  }
  return { instances, bytes };
}

async function zipArchive(url: string, headers: Record<string, string>, studyIds: string[]): Promise<number> {
  const res = await fetch(`${url}/tools/create-archive`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ Resources: studyIds, Synchronous: true }),
  });
  if (!res.ok || !res.body) throw new Error(`dicomweb: Orthanc's create-archive answered HTTP ${res.status}`);
  let n = 0;
  for await (const chunk of res.body) n += chunk.byteLength;
  return n;
}

export function dicomwebSection(r: DicomwebBenchResult, corpusTitle: string): string[] {
  const mbs = (s: number): string => (r.bytes / 1e6 / s).toFixed(0);
  return [
    '## DICOMweb retrieve from Orthanc',
    '',
    `${r.instances} instances of the ${corpusTitle} corpus (${(r.bytes / 1e6).toFixed(0)} MB) stored in a real Orthanc (Debian ${'`orthanc`'} +`,
    '`orthanc-dicomweb`) on tmpfs; both answers are streamed and counted, not written.',
    '',
    '| how | best of runs | MB/s of DICOM delivered | vs Orthanc ZIP |',
    '|---|---:|---:|---:|',
    `| OncoAtlas DicomwebSource (QIDO-RS + WADO-RS per study, streamed multipart, transfer-syntax=*) | ${r.ourSeconds.toFixed(2)} s | ${mbs(r.ourSeconds)} | ${(r.zipSeconds / r.ourSeconds).toFixed(2)}x |`,
    `| Orthanc's own ZIP archive of the same studies (POST /tools/create-archive, synchronous) | ${r.zipSeconds.toFixed(2)} s | ${mbs(r.zipSeconds)} | 1.00x |`,
    '',
    `Orthanc 1.10 always deflates its archives (here ${(r.zipBytes / 1e6).toFixed(1)} MB: synthetic pixels compress far better than real`,
    'ones), so its time includes compression; the ZIP also names entries after the patient, which WADO-RS never does.',
    '',
  ];
}
