/**
 * The tasklist server: the engine with the packs deployed on PGlite, the demo directory,
 * server-held sessions, the JSON API, the live event stream and the page.
 *
 * Every request runs inside one error boundary ({@link handleRequest}): whatever a handler
 * or the client sends, the answer is a status (a 500 with an error id that the log has the
 * cause under, at worst), never an exit. Malformed HTTP that never becomes a request gets a
 * 400 from `clientError`.
 *
 * @example
 * ```ts
 * const app = await startTasklist({ dataDir: 'memory://', mode: 'test', port: 0 });
 * console.log(app.url); // http://127.0.0.1:PORT
 * await app.close();
 * ```
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createEngine, systemClock, virtualClock, type Clock, type Engine, type VirtualClock } from '@handoff/engine';
import { postgresStore, type PostgresStore } from '@handoff/store-postgres';
import { buildAssets, type Assets } from './bundle';
import { catalog, deployCatalog, type DeployedCatalog, type PackEntry } from './catalog';
import { PEOPLE, type Person } from './directory';
import { errorResponse } from './errors';
import { checkRequest, identity, normaliseOrigin, SECURITY_HEADERS, setSecurityHeaders, type Identity } from './guard';
import { requestPath, sendJson, type Router } from './http';
import { DEFAULT_JSON_LIMITS } from './json';
import { LiveHub } from './live';
import { api, DISPLAY_ZONE } from './routes';
import { CLEAR_COOKIE, MalformedSessionCookieError, Sessions, type SessionOptions } from './sessions';

export { DISPLAY_ZONE } from './routes';

/** How the server runs: `production` on the system clock; `demo` and `test` on a virtual clock that `POST /api/clock/advance` moves. */
export type Mode = 'production' | 'demo' | 'test';

/** Bounds on what one request may send. */
export interface TasklistLimits {
  /** Largest request body in bytes (413 beyond). Default 64 KiB. */
  maxBodyBytes?: number;
  /** Deepest nesting of a JSON body (400 beyond). Default 32. */
  maxJsonDepth?: number;
  /** Largest step of `POST /api/clock/advance` in ms (400 beyond). Default 31 days. */
  maxClockAdvanceMs?: number;
  /** Largest designer request body (a BPMN file as JSON) in bytes (413 beyond). Default 1 MiB. */
  maxDesignerBodyBytes?: number;
}

/** Options of {@link startTasklist}. */
export interface TasklistOptions {
  /** PGlite data directory, or `memory://`. Default: `data/` beside this example. */
  dataDir?: string;
  /** Default `production`. */
  mode?: Mode;
  /** Start of the virtual clock (demo and test modes). Default Monday 2026-03-02 09:00 Beijing time. */
  clockStart?: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * The origins (`scheme://host[:port]`) the page is served under: state-changing requests
   * from another origin get 403, requests naming a `Host` that is neither one of these nor
   * the listening address 421. Default: the listening address (on loopback: `127.0.0.1`,
   * `localhost` and `[::1]` with the port). Behind a proxy or on a public name, list the
   * address people open.
   */
  origins?: readonly string[];
  /** Session lifetimes (idle and absolute timeouts, most sessions at once). */
  sessions?: SessionOptions;
  /** Request bounds. */
  limits?: TasklistLimits;
  /**
   * The processes this host serves, as pack entries (BPMN, schemas, SLA policies, viewer
   * roles, actions). Default: the three packs of {@link catalog}. Their business calendars
   * and resource pools are the catalogue's.
   */
  packs?: readonly PackEntry[];
  /** The people who may sign in. Default {@link PEOPLE}. */
  people?: readonly Person[];
  /** Where unexpected errors are logged. Default `console.error`. */
  log?: (message: string, error?: unknown) => void;
}

/** A running tasklist. */
export interface Tasklist {
  url: string;
  /** The origins the server answers for (see {@link TasklistOptions.origins}). */
  origins: readonly string[];
  engine: Engine;
  clock: Clock;
  mode: Mode;
  store: PostgresStore;
  server: Server;
  sessions: Sessions;
  /** Stop serving, close the engine and the store. */
  close(): Promise<void>;
}

const DEFAULT_START = '2026-03-02T09:00:00+08:00';
const DAY = 86_400_000;

/** Start the server: open the store, deploy the packs, bundle the page, listen. */
export async function startTasklist(options: TasklistOptions = {}): Promise<Tasklist> {
  const mode = options.mode ?? 'production';
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const people = options.people ?? PEOPLE;
  const configuredOrigins = options.origins?.map(normaliseOrigin);
  const sessions = new Sessions(options.sessions);
  const virtual: VirtualClock | undefined = mode === 'production' ? undefined : virtualClock(options.clockStart ?? DEFAULT_START);
  const clock: Clock = virtual ?? systemClock();
  const store = postgresStore({ dataDir: options.dataDir ?? new URL('../data', import.meta.url).pathname });
  const base = catalog();
  const { calendars, resources } = base;
  const packs = options.packs ?? base.packs;
  const engine = createEngine({ store, clock, calendars, resources, zone: DISPLAY_ZONE });
  engine.on('engine.error', (e) => log(`engine error (${e.context})`, e.error));
  let deployed: DeployedCatalog;
  try {
    await store.ready;
    deployed = await deployCatalog(engine, packs, (m) => log(m));
    await engine.idle();
  } catch (err) {
    await engine.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
  const assets = await buildAssets();
  const hub = new LiveHub(engine, sessions, { packOf: (pid) => deployed.processes.get(pid), log });
  const limits = options.limits ?? {};
  const router = api({
    engine,
    deployed,
    sessions,
    hub,
    people,
    clock,
    virtual,
    mode,
    json: { maxBodyBytes: limits.maxBodyBytes ?? DEFAULT_JSON_LIMITS.maxBodyBytes, maxDepth: limits.maxJsonDepth ?? DEFAULT_JSON_LIMITS.maxDepth },
    maxClockAdvanceMs: limits.maxClockAdvanceMs ?? 31 * DAY,
    calendars: calendars.map((c) => c.name),
    designerJson: {
      maxBodyBytes: limits.maxDesignerBodyBytes ?? 1024 * 1024,
      maxDepth: limits.maxJsonDepth ?? DEFAULT_JSON_LIMITS.maxDepth,
      tooLargeHint: `a process file of this size is not accepted here: keep it under ${limits.maxDesignerBodyBytes ?? 1024 * 1024} bytes (the packs' files are under 100 KB), or raise limits.maxDesignerBodyBytes.`,
    },
  });

  const served: Served = { router, assets, identity: { origins: [], hosts: new Set() }, log };
  const server = createServer((req, res) => void handleRequest(req, res, served));
  server.on('clientError', (err, socket) => answerClientError(err as NodeJS.ErrnoException, socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  served.identity = identity(address, port, configuredOrigins);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    origins: served.identity.origins,
    engine,
    clock,
    mode,
    store,
    server,
    sessions,
    close: () =>
      (closing ??= (async () => {
        hub.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        await engine.close();
        await store.close();
      })()),
  };
}

interface Served {
  router: Router;
  assets: Assets;
  identity: Identity;
  log: (message: string, error?: unknown) => void;
}

/**
 * The error boundary: every request runs here. A refusal (a `HandoffError` the error table
 * knows) becomes its status; anything else a 500 whose body carries only an error id, logged
 * with the cause. The returned promise never rejects.
 */
async function handleRequest(req: IncomingMessage, res: ServerResponse, s: Served): Promise<void> {
  let path = '?';
  try {
    setSecurityHeaders(res);
    path = requestPath(req);
    checkRequest(req, s.identity);
    if (await s.router.handle(req, res, path)) return;
    const asset = req.method === 'GET' ? s.assets.get(path === '/index.html' ? '/' : path) : undefined;
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (asset) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
      res.end(asset.body);
    } else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `Nothing at ${path.slice(0, 200)}.`, hint: 'open / for the tasklist; the API is under /api/.' } });
  } catch (err) {
    try {
      const errorId = randomUUID();
      const { status, body } = errorResponse(err, errorId);
      if (status === 500) s.log(`${req.method} ${path.slice(0, 200)} failed (error id ${errorId})`, err);
      if (res.headersSent) {
        res.end();
        return;
      }
      const headers: Record<string, string> = {};
      if (err instanceof MalformedSessionCookieError) headers['set-cookie'] = CLEAR_COOKIE;
      const allow = (err as { allow?: readonly string[] }).allow;
      if (allow) headers.allow = allow.join(', ');
      // A body left unread (too large, refused before reading) is not waited for.
      if (!req.complete) headers.connection = 'close';
      sendJson(res, status, body, headers);
    } catch (fatal) {
      s.log('answering an error failed', fatal);
      res.destroy();
    }
  }
}

/** Malformed HTTP (no request to hand to a route): a 400 with the usual headers, then close. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const body = JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP/1.1.', hint: 'send a well-formed request (method, path, HTTP/1.1, headers).' } });
  const headers = { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
}
