/**
 * The HTTP side of the DICOMweb source: one place that builds URLs, adds credentials, and turns what fetch
 * and the server report into OncoAtlas errors. Messages name the server as host:port only: never the path
 * or query (a study UID or a patient filter can sit there) and never credentials.
 */
import { Agent, fetch as undiciFetch } from 'undici';
import { oncoError, type OncoAtlasError } from '@oncoatlas/core';

export type DicomwebAuth = { readonly username: string; readonly password: string } | { readonly bearerToken: string };

export const ROOT_HINT = 'is the URL the DICOMweb root, e.g. http://host:8042/dicom-web for Orthanc?';

let agent: Agent | undefined;
/** One connection pool of npm's undici for every DICOMweb source of the process. */
function npmAgent(): Agent {
  agent ??= new Agent();
  return agent;
}

export class Endpoint {
  /** The DICOMweb root, without a trailing slash. */
  readonly root: string;
  /** host:port, for messages. */
  readonly where: string;
  private readonly headers: Record<string, string>;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(url: string, auth: DicomwebAuth | undefined, fetchFn: typeof fetch | undefined, timeoutMs: number) {
    let u: URL;
    try {
      u = new URL(url);
    } catch (err) {
      throw oncoError('CONFIG_INVALID', 'The DICOMweb URL is not a valid URL.', {}, err);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw oncoError('CONFIG_INVALID', 'The DICOMweb URL must start with http:// or https://.');
    this.headers = {};
    // fetch refuses URLs with user:password@; take them out and send them as Basic auth instead.
    const fromUrl = u.username ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : undefined;
    u.username = '';
    u.password = '';
    const a = auth ?? fromUrl;
    if (a && 'bearerToken' in a) this.headers.authorization = `Bearer ${a.bearerToken}`;
    else if (a) this.headers.authorization = `Basic ${Buffer.from(`${a.username}:${a.password}`, 'utf8').toString('base64')}`;
    u.search = '';
    u.hash = '';
    this.root = u.href.replace(/\/+$/, '');
    this.where = `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
    // undici from npm, not Node's bundled fetch: Node 24's undici (7.29) crashes the process with an uncatchable
    // assert(!this.paused) when a server closes a connection while the body waits on backpressure, which is
    // exactly what Orthanc's WADO-RS answers (Connection: close) do when we stream a large study
    // (nodejs/undici#5360, fixed by #5474 in undici 8). Its own Agent too: npm undici's fetch otherwise uses the
    // process-wide dispatcher, which is Node's bundled one whenever anything touched globalThis.fetch first
    // (a crash of `pull` seen in CI, with the stack in node:internal/deps/undici).
    this.fetchFn = fetchFn ?? ((input, init) => undiciFetch(input as string, { ...(init as object), dispatcher: npmAgent() }) as unknown as Promise<Response>);
    this.timeoutMs = timeoutMs;
  }

  url(path: string, query: Record<string, string> = {}): string {
    const q = new URLSearchParams(query).toString();
    return `${this.root}${path}${q ? `?${q}` : ''}`;
  }

  /**
   * GET with a timeout on connecting and on the answer's headers (not on the body: a study may take minutes
   * to arrive; undici's own body timeout catches a stalled one). 401/403 are thrown; other statuses are the
   * caller's to judge.
   */
  async get(url: string, accept: string, signal?: AbortSignal): Promise<Response> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.timeoutMs);
    let res: Response;
    try {
      res = await this.fetchFn(url, { headers: { ...this.headers, accept }, signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      throw this.unreachable(err, timer.signal.aborted);
    } finally {
      clearTimeout(timeout);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      const hint = this.headers.authorization
        ? 'check the user and password, or the token, and that this user may read studies'
        : 'it asks for credentials: pass a user and password or a token';
      throw oncoError('SOURCE_AUTH_FAILED', `The DICOMweb server ${this.where} refused the request (HTTP ${res.status}): ${hint}.`, { host: this.where, status: res.status });
    }
    return res;
  }

  /** The error for a status a QIDO or WADO request should not get. */
  statusError(status: number, what: string): OncoAtlasError {
    if (status === 502 || status === 503 || status === 504) {
      return oncoError('SOURCE_UNREACHABLE', `The DICOMweb server ${this.where} is unavailable (HTTP ${status} on ${what}): check that it runs, or the proxy in front of it.`, { host: this.where, status });
    }
    const hint = status === 400 || status === 404 || status === 405 ? `: ${ROOT_HINT}` : '.';
    return oncoError('SOURCE_PROTOCOL', `The DICOMweb server ${this.where} answered HTTP ${status} to ${what}${hint}`, { host: this.where, status });
  }

  /** For an error while a body arrives: the connection broke (an abort is passed through). */
  bodyError(err: unknown): Error {
    if (err instanceof Error && err.name === 'AbortError') return err;
    return oncoError('SOURCE_UNREACHABLE', `The connection to the DICOMweb server ${this.where} broke while an answer was arriving.`, { host: this.where, during: 'body', cause: causeCode(err) ?? '' }, err);
  }

  private unreachable(err: unknown, timedOut: boolean): OncoAtlasError {
    const code = causeCode(err);
    const why = timedOut
      ? `did not answer within ${Math.round(this.timeoutMs / 1000)} s: check that the server runs and is not overloaded`
      : reason(code);
    return oncoError('SOURCE_UNREACHABLE', `The DICOMweb server ${this.where} could not be reached: it ${why}.`, { host: this.where, cause: timedOut ? 'timeout' : code ?? '' }, err);
  }
}

function reason(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused the connection; check that the server runs and that the port is right';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'has a host name that could not be resolved; check the host name and DNS';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'could not be connected to in time; check the host, the network, and that a firewall lets this machine through';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'closed the connection; check that http:// or https:// matches what the server speaks on that port';
    default:
      if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return 'presented a TLS certificate this machine does not trust; install the CA (NODE_EXTRA_CA_CERTS)';
      return `failed (${code ?? 'network error'}); check the URL, that the server runs, and the firewall`;
  }
}

/** The system or undici error code under fetch's generic "fetch failed". */
function causeCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (e as { errors?: unknown }).errors; // AggregateError of happy-eyeballs attempts
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = causeCode(errors[0]);
      if (inner) return inner;
    }
  }
  return undefined;
}
