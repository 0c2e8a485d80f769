/**
 * A throw-away Orthanc (the Debian package, with its DICOMweb plugin) for integration tests and the
 * benchmark: its own config, storage and index in a temporary folder, free loopback ports, and nothing left
 * behind when it stops. `launchOrthanc` needs no node:test (the benchmark uses it); `startOrthanc` adds the
 * skip-or-fail rule of `requireTool` and stops the server when the test ends.
 *
 * Orthanc 1.10 has no option to bind to one interface: HTTP and DICOM listen on every interface. HTTP is
 * closed to other machines by RemoteAccessAllowed=false; the DICOM port stays open on the network for the
 * few seconds a test runs, which is why the harness is for test machines only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

export const ORTHANC_BIN = '/usr/sbin/Orthanc';
export const ORTHANC_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface OrthancOptions {
  /** HTTP users; when given, authentication is enabled and the handle's own requests use the first one. */
  readonly users?: Record<string, string>;
  /** Remote DICOM peers Orthanc may talk to (C-STORE, C-MOVE targets). */
  readonly modalities?: Record<string, [aet: string, host: string, port: number]>;
  readonly aeTitle?: string;
  /** Where the temporary folder goes (default: the OS temp dir; the benchmark passes tmpfs). */
  readonly parentDir?: string;
}

export interface UploadResult {
  readonly ok: boolean;
  readonly status: number;
  /** Orthanc's ids of the stored instance and of its study (Orthanc ids are hashes, not DICOM UIDs). */
  readonly instanceId?: string;
  readonly studyId?: string;
}

export interface OrthancHandle {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  readonly url: string;
  readonly dicomWebRoot: string;
  readonly httpPort: number;
  readonly dicomPort: number;
  readonly aeTitle: string;
  /** Headers the handle sends (Basic auth of the first user, or none). */
  readonly headers: Record<string, string>;
  /** Stores every file (POST /instances, a few at a time); throws when Orthanc refuses one. */
  upload(files: readonly string[]): Promise<void>;
  /** Stores one file and says whether Orthanc accepted it. */
  tryUpload(file: string): Promise<UploadResult>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const LOG_TAIL_BYTES = 4096;
const UPLOAD_PARALLEL = 4;

/** Orthanc binary and DICOMweb plugin both present. */
export function orthancInstalled(): boolean {
  return existsSync(ORTHANC_BIN) && existsSync(ORTHANC_DICOMWEB_PLUGIN);
}

/**
 * Skips the test on a laptop without Orthanc but fails under CI=true (a CI run that silently skipped its
 * DICOMweb tests would prove nothing); otherwise launches Orthanc and stops it when the test ends.
 */
export async function startOrthanc(t: TestContext, opts: OrthancOptions = {}): Promise<OrthancHandle | undefined> {
  if (!orthancInstalled()) {
    const message = 'Orthanc with its DICOMweb plugin is not installed: apt-get install orthanc orthanc-dicomweb (bash .ci/run does this)';
    if (process.env.CI === 'true') throw new Error(message);
    t.skip(message);
    return undefined;
  }
  const handle = await launchOrthanc(opts);
  t.after(() => handle.stop());
  return handle;
}

/** Starts Orthanc and resolves once GET /system answers; retries with other ports if one was taken meanwhile. */
export async function launchOrthanc(opts: OrthancOptions = {}): Promise<OrthancHandle> {
  if (!orthancInstalled()) throw new Error('Orthanc with its DICOMweb plugin is not installed: apt-get install orthanc orthanc-dicomweb');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launchOnce(opts);
    } catch (err) {
      lastError = err;
      // Only an early exit can be a port race (another process took a port between our probe and Orthanc's bind).
      if (!(err instanceof Error && err.message.includes('exited'))) throw err;
    }
  }
  throw lastError;
}

async function launchOnce(opts: OrthancOptions): Promise<OrthancHandle> {
  const dir = await mkdtemp(join(opts.parentDir ?? tmpdir(), 'oncoatlas-orthanc-'));
  const [httpPort, dicomPort] = await freePorts(2);
  const aeTitle = opts.aeTitle ?? 'ONCOATLAS_TEST';
  const users = opts.users && Object.keys(opts.users).length > 0 ? opts.users : undefined;
  const config = {
    Name: 'oncoatlas-test',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    TemporaryDirectory: join(dir, 'tmp'),
    StorageCompression: false,
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: aeTitle,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: users !== undefined,
    RegisteredUsers: users ?? {},
    DicomModalities: opts.modalities ?? {},
    Plugins: [ORTHANC_DICOMWEB_PLUGIN],
    // Host is what Orthanc writes into RetrieveURL; the default "localhost" would name port 80.
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Host: `127.0.0.1:${httpPort}`, Ssl: false },
    // Byte counts and timings should measure DICOM, not gzip; the web UI and WebDAV are not needed.
    HttpCompressionEnabled: false,
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    // A test store needs no fsync and no job history on disk.
    SyncStorageArea: false,
    SaveJobs: false,
  };
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const child = spawn(ORTHANC_BIN, [configPath], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let tail = '';
  const keep = (chunk: Buffer): void => { tail = (tail + chunk.toString('utf8')).slice(-LOG_TAIL_BYTES); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { live.delete(child); resolve(code); }));

  const url = `http://127.0.0.1:${httpPort}`;
  const [user, password] = users ? Object.entries(users)[0]! : [];
  const headers: Record<string, string> = user !== undefined ? { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } : {};
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= (async () => {
    // SIGKILL, not SIGTERM: a clean shutdown takes Orthanc about 3 s and would only tidy a store about to be deleted.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
  })());

  try {
    await waitReady(url, headers, exited, () => tail);
  } catch (err) {
    await stop();
    throw err;
  }

  const tryUpload = async (file: string): Promise<UploadResult> => {
    const res = await fetch(`${url}/instances`, { method: 'POST', headers: { ...headers, 'content-type': 'application/dicom' }, body: await readFile(file) });
    const text = await res.text();
    if (!res.ok) return { ok: false, status: res.status };
    const body = JSON.parse(text) as { ID?: string; ParentStudy?: string; Status?: string };
    // 'AlreadyStored' is fine for a test: the bytes are there.
    return { ok: body.Status === 'Success' || body.Status === 'AlreadyStored', status: res.status, instanceId: body.ID, studyId: body.ParentStudy };
  };
  const upload = async (files: readonly string[]): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const file = files[next++]!;
        const r = await tryUpload(file);
        if (!r.ok) throw new Error(`Orthanc refused ${file} (HTTP ${r.status})`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(UPLOAD_PARALLEL, files.length) }, worker));
  };
  return { url, dicomWebRoot: `${url}/dicom-web`, httpPort, dicomPort, aeTitle, headers, upload, tryUpload, stop };
}

async function waitReady(url: string, headers: Record<string, string>, exited: Promise<number | null>, tail: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let gone: number | null | undefined;
  void exited.then((code) => { gone = code; });
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`Orthanc exited (code ${gone}) before it was ready. Its log ends with:\n${tail()}`);
    try {
      const res = await fetch(`${url}/system`, { headers, signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Orthanc did not answer GET /system within ${READY_TIMEOUT_MS / 1000} s. Its log ends with:\n${tail()}`);
}

/** Ports the kernel hands out for port 0, held together so they differ, then released for Orthanc. */
async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise<void>((resolve, reject) => { s.once('error', reject); s.listen(0, '127.0.0.1', resolve); });
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/** Orthancs still running; killed if the test process exits without stopping them (a crash, process.exit). */
const live = new Set<ChildProcess>();
process.once('exit', () => { for (const child of live) child.kill('SIGKILL'); });
