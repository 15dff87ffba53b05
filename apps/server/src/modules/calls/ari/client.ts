/**
 * A thin typed client for Asterisk's REST interface (ARI). Types are hand-written from the
 * Swagger models in Asterisk's ARI description (endpoints.json, asterisk.json); only what the
 * server uses is here. Every call has a short timeout: ARI is an optional, best-effort source.
 */
import type { Config } from '../../../config.js';

/** ARI `Endpoint` (endpoints.json): a device identified by technology/resource. */
export interface AriEndpoint {
  /** Technology of the endpoint, e.g. `PJSIP`. */
  technology: string;
  /** Identifier of the endpoint within the technology, e.g. `acme-trunk`. */
  resource: string;
  /** Endpoint's state (optional in the model). */
  state?: 'unknown' | 'offline' | 'online';
  /** Ids of the channels on this endpoint. */
  channel_ids: string[];
}

/** ARI `AsteriskInfo` (asterisk.json), the parts read here; every section is optional. */
export interface AriAsteriskInfo {
  build?: { os?: string; kernel?: string; options?: string; machine?: string; date?: string; user?: string };
  system?: { version?: string; entity_id?: string };
  config?: { name?: string; default_language?: string; max_channels?: number; max_open_files?: number; max_load?: number };
  status?: { startup_time?: string; last_reload_time?: string };
}

/** An ARI request that failed: an HTTP error status, a timeout or an unreachable server. */
export class AriError extends Error {
  constructor(
    message: string,
    /** HTTP status when Asterisk answered; undefined on a network error or timeout. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AriError';
  }
}

export interface AriClient {
  /** `GET /ari/endpoints/{tech}/{resource}`; null when Asterisk does not know the endpoint (404). */
  getEndpoint(tech: string, resource: string): Promise<AriEndpoint | null>;
  /** `PUT /ari/asterisk/modules/{moduleName}`: reload a running module. */
  reloadModule(name: string): Promise<void>;
  /** `GET /ari/asterisk/info`: proves ARI answers with these credentials. */
  ping(): Promise<AriAsteriskInfo>;
}

export interface AriClientOptions {
  /** Base URL of ARI without `/ari`, e.g. `http://127.0.0.1:8088`. */
  url: string;
  user: string;
  password: string;
  /** Per-request timeout in milliseconds (default 2000). */
  timeoutMs?: number;
}

/** Build a client; no request is made until a method is called. */
export function createAriClient(opts: AriClientOptions): AriClient {
  const base = `${opts.url.replace(/\/$/, '')}/ari`;
  const auth = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
  const timeoutMs = opts.timeoutMs ?? 2000;

  async function request(method: string, path: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers: { authorization: auth, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as Error;
      const why = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : e.message;
      throw new AriError(`ARI ${method} ${path}: ${why}`);
    }
    return res;
  }

  async function fail(method: string, path: string, res: Response): Promise<never> {
    let message = res.statusText;
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body?.message === 'string') message = body.message;
    } catch {
      // not JSON (e.g. 401 from Asterisk's HTTP server): keep the status text
    }
    throw new AriError(`ARI ${method} ${path}: ${res.status} ${message}`, res.status);
  }

  return {
    async getEndpoint(tech, resource) {
      const path = `/endpoints/${encodeURIComponent(tech)}/${encodeURIComponent(resource)}`;
      const res = await request('GET', path);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) return fail('GET', path, res);
      return (await res.json()) as AriEndpoint;
    },
    async reloadModule(name) {
      const path = `/asterisk/modules/${encodeURIComponent(name)}`;
      const res = await request('PUT', path);
      if (!res.ok) return fail('PUT', path, res);
      await res.body?.cancel();
    },
    async ping() {
      const path = '/asterisk/info';
      const res = await request('GET', path);
      if (!res.ok) return fail('GET', path, res);
      return (await res.json()) as AriAsteriskInfo;
    },
  };
}

/** The client for a config, or null when ARI is not configured (no ASTERISK_ARI_PASSWORD). */
export function ariFromConfig(config: Config): AriClient | null {
  if (!config.asteriskAriUrl || !config.asteriskAriPassword) return null;
  return createAriClient({ url: config.asteriskAriUrl, user: config.asteriskAriUser, password: config.asteriskAriPassword });
}
