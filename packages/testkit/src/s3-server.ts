/**
 * A throw-away S3-compatible server for the blob store's contract suite: fauxqs (npm, MIT), run as a child
 * process on 127.0.0.1 with a free port and its objects in a temporary folder, removed when it stops.
 * Skipped on a laptop without fauxqs, failed under CI=true (a CI run that silently skipped its S3 tests
 * would prove nothing). docs/storage.md says why fauxqs and what it does not check (signatures, If-None-Match).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./s3-server-child.ts', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

export interface S3ServerHandle {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly region: string;
  /** Any value works: fauxqs does not check signatures. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Creates a bucket (idempotent). */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function fauxqsInstalled(): boolean {
  try {
    import.meta.resolve('fauxqs');
    return true;
  } catch {
    return false;
  }
}

/** Starts the server and stops it when the test ends; undefined when the test was skipped. */
export async function startS3Server(t: { skip(message: string): void; after(fn: () => unknown): void }): Promise<S3ServerHandle | undefined> {
  if (!fauxqsInstalled()) {
    const message = 'fauxqs (the S3-compatible test server) is not installed: npm install (it is a dependency of @oncoatlas/testkit)';
    if (process.env.CI === 'true') throw new Error(message);
    t.skip(message);
    return undefined;
  }
  const handle = await launchS3Server();
  t.after(() => handle.stop());
  return handle;
}

/** Starts fauxqs without node:test (for benchmarks); the caller stops it. */
export async function launchS3Server(): Promise<S3ServerHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'oncoatlas-s3-'));
  const child = spawn(process.execPath, [CHILD, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString('utf8')).slice(-4096); });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fauxqs did not start within ${READY_TIMEOUT_MS} ms: ${stderr}`)), READY_TIMEOUT_MS);
    child.stdout!.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch {
          reject(new Error(`fauxqs printed an unexpected line: ${line.slice(0, 200)}`));
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fauxqs exited (code ${code}) before listening: ${stderr}`));
    });
  }).catch(async (err: unknown) => {
    child.kill('SIGKILL');
    await exited;
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    region: 'us-east-1',
    accessKeyId: 'oncoatlas-test',
    secretAccessKey: 'oncoatlas-test-secret',
    async createBucket(name: string): Promise<void> {
      // Unsigned: fauxqs accepts any request, and testkit need not depend on the AWS SDK.
      const res = await fetch(`${endpoint}/${encodeURIComponent(name)}`, { method: 'PUT' });
      if (!res.ok && res.status !== 409) throw new Error(`fauxqs refused to create a bucket: HTTP ${res.status}`);
      await res.arrayBuffer();
    },
    stop: () => (stopped ??= (async () => {
      // Closing stdin is the child's signal to stop; SIGKILL only if it does not.
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    })()),
  };
}
