/**
 * The tasklist server: the engine with the packs deployed on PGlite, the demo directory,
 * server-held sessions, the JSON API, the live event stream and the page.
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
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEngine,
  ForbiddenError,
  NotFoundError,
  rolesOf,
  systemClock,
  ValidationError,
  virtualClock,
  type Actor,
  type Clock,
  type Engine,
  type TaskRecord,
  type VirtualClock,
} from '@handoff/engine';
import { postgresStore, type PostgresStore } from '@handoff/store-postgres';
import { buildAssets } from './bundle';
import { catalog, deployCatalog, holdsAny, type DeployedCatalog, type PackEntry } from './catalog';
import { actorOf, findPerson, PEOPLE, type Person } from './directory';
import { AccessDeniedError, BadRequestError, NotSignedInError } from './errors';
import { formSchema } from './forms';
import { readJson, Router, sendJson } from './http';
import { LiveHub } from './live';
import { sessionCookie, Sessions, type Session } from './sessions';
import { caseView, taskViews } from './views';

/** How the server runs: `production` on the system clock; `demo` and `test` on a virtual clock that `POST /api/clock/advance` moves. */
export type Mode = 'production' | 'demo' | 'test';

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
  /** The people who may sign in. Default {@link PEOPLE}. */
  people?: readonly Person[];
  /** Where unexpected errors are logged. Default `console.error`. */
  log?: (message: string, error?: unknown) => void;
}

/** A running tasklist. */
export interface Tasklist {
  url: string;
  engine: Engine;
  clock: Clock;
  mode: Mode;
  store: PostgresStore;
  server: Server;
  /** Stop serving, close the engine and the store. */
  close(): Promise<void>;
}

/** The zone times are shown in. */
export const DISPLAY_ZONE = 'Asia/Shanghai';
const DEFAULT_START = '2026-03-02T09:00:00+08:00';

/** Start the server: open the store, deploy the packs, bundle the page, listen. */
export async function startTasklist(options: TasklistOptions = {}): Promise<Tasklist> {
  const mode = options.mode ?? 'production';
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const people = options.people ?? PEOPLE;
  const virtual: VirtualClock | undefined = mode === 'production' ? undefined : virtualClock(options.clockStart ?? DEFAULT_START);
  const clock: Clock = virtual ?? systemClock();
  const store = postgresStore({ dataDir: options.dataDir ?? new URL('../data', import.meta.url).pathname });
  const { packs, calendars, resources } = catalog();
  const engine = createEngine({ store, clock, calendars, resources, zone: DISPLAY_ZONE });
  engine.on('engine.error', (e) => log(`engine error (${e.context})`, e.error));
  let deployed: DeployedCatalog;
  try {
    await store.ready;
    deployed = await deployCatalog(engine, packs);
    await engine.idle();
  } catch (err) {
    await engine.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
  const assets = await buildAssets();
  const sessions = new Sessions();
  const hub = new LiveHub(engine, sessions);
  const router = api({ engine, deployed, sessions, hub, people, clock, virtual, mode });

  const server = createServer((req, res) => {
    void (async () => {
      if (await router.handle(req, res, (err) => log(`${req.method} ${req.url} failed`, err))) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const asset = req.method === 'GET' ? assets.get(path === '/index.html' ? '/' : path) : undefined;
      if (path === '/favicon.ico') {
        res.writeHead(204).end();
      } else if (asset) {
        res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        res.end(asset.body);
      } else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `Nothing at ${path}.`, hint: 'open / for the tasklist; the API is under /api/.' } });
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address}:${port}`,
    engine,
    clock,
    mode,
    store,
    server,
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

interface Context {
  engine: Engine;
  deployed: DeployedCatalog;
  sessions: Sessions;
  hub: LiveHub;
  people: readonly Person[];
  clock: Clock;
  virtual: VirtualClock | undefined;
  mode: Mode;
}

/** The JSON API. Every route but sign-in and the directory needs a session. */
function api(ctx: Context): Router {
  const { engine, deployed, sessions, hub } = ctx;
  const signedIn = (req: IncomingMessage): Session => {
    const s = sessions.of(req);
    if (!s) throw new NotSignedInError();
    return s;
  };
  const actor = (req: IncomingMessage): Actor => actorOf(signedIn(req).person);
  const clockInfo = () => ({ kind: ctx.virtual ? 'virtual' : 'system', now: ctx.clock.now(), zone: DISPLAY_ZONE, canAdvance: !!ctx.virtual });

  return new Router()
    .add('GET', /^\/api\/people$/, async () => ({ body: ctx.people.map((p) => ({ id: p.id, name: p.name, title: p.title, roles: p.roles })) }))
    .add('POST', /^\/api\/session$/, async (req) => {
      const { personId } = await readJson(req);
      const person = findPerson(personId, ctx.people);
      if (!person) throw new BadRequestError(`No person '${String(personId)}' in the directory.`, `sign in as one of [${ctx.people.map((p) => p.id).join(', ')}].`);
      const old = sessions.of(req);
      if (old) sessions.delete(old);
      const s = sessions.create(person);
      return { body: { person, clock: clockInfo(), mode: ctx.mode }, headers: { 'set-cookie': sessionCookie(s) } };
    })
    .add('GET', /^\/api\/session$/, async (req) => ({ body: { person: signedIn(req).person, clock: clockInfo(), mode: ctx.mode } }))
    .add('DELETE', /^\/api\/session$/, async (req) => {
      const s = sessions.of(req);
      if (s) sessions.delete(s);
      return { body: { signedOut: true }, headers: { 'set-cookie': sessionCookie(undefined) } };
    })
    .add('GET', /^\/api\/forms$/, async (req) => {
      const a = actor(req);
      const tasks = Object.fromEntries([...deployed.taskSchemas].map(([key, schema]) => [key, formSchema(schema)]));
      const actions = [...deployed.actions.values()].filter((x) => holdsAny(a, x.roles)).map((x) => ({ id: x.id, pack: x.pack, title: x.title, schema: formSchema(x.schema) }));
      return { body: { tasks, actions } };
    })
    .add('GET', /^\/api\/tasks$/, async (req) => {
      const a = actor(req);
      const [forRoles, mine] = await Promise.all([engine.tasks.query({ roles: a.roles, state: ['waiting', 'open', 'claimed'] }), engine.tasks.query({ assignee: a.id, state: 'claimed' })]);
      const byId = new Map<string, TaskRecord>([...forRoles, ...mine].map((t) => [t.id, t]));
      return { body: { now: ctx.clock.now(), tasks: await taskViews(engine, [...byId.values()], new Set(deployed.taskSchemas.keys())) } };
    })
    .add('POST', /^\/api\/tasks\/([^/]+)\/claim$/, async (req, _res, [id]) => ({ body: await engine.tasks.claim(id!, actor(req)) }))
    .add('POST', /^\/api\/tasks\/([^/]+)\/unclaim$/, async (req, _res, [id]) => ({ body: await engine.tasks.unclaim(id!, actor(req)) }))
    .add('POST', /^\/api\/tasks\/([^/]+)\/complete$/, async (req, _res, [id]) => {
      const a = actor(req);
      const output = await readJson(req);
      // The engine checks the role too, but validates the form first: a wrong-role user gets
      // the engine's ForbiddenError before any field-level detail of someone else's form.
      const task = await engine.tasks.get(id!);
      if (task && (task.state === 'open' || task.state === 'claimed')) {
        const roles = rolesOf(task);
        if (roles.length && !roles.some((r) => a.roles.includes(r))) throw new ForbiddenError(task.id, a.id, 'complete', roles, task.elementId);
      }
      const done = await engine.tasks.complete(id!, a, output);
      await engine.idle(); // service tasks after it have run: the next list shows the next task
      return { body: done };
    })
    .add('POST', /^\/api\/actions\/([^/]+)$/, async (req, _res, [id]) => {
      const a = actor(req);
      const action = deployed.actions.get(id!);
      if (!action) throw new NotFoundError('process', id!, `known actions: [${[...deployed.actions.keys()].join(', ')}].`);
      if (!holdsAny(a, action.roles)) {
        throw new AccessDeniedError(`Actor '${a.id}' may not run '${action.title}': it requires one of the roles [${action.roles.join(', ')}].`, `sign in as a person holding one of [${action.roles.join(', ')}].`, action.roles);
      }
      const input = await readJson(req);
      const parsed = action.schema.safeParse(input);
      if (!parsed.success) throw new ValidationError(`form of ${action.id}`, parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code, message: i.message })));
      action.check?.(input, a);
      const result = await action.run(engine, input, a);
      await engine.idle();
      return { status: 201, body: result };
    })
    .add('GET', /^\/api\/cases$/, async (req) => {
      const a = actor(req);
      const ids = new Set((await engine.tasks.query({ roles: a.roles })).map((t) => t.instanceId));
      for (const [pid, pack] of deployed.processes) {
        if (holdsAny(a, pack.viewerRoles)) for (const i of await engine.instances.list({ processId: pid, status: 'active' })) ids.add(i.id);
      }
      const cases = (await Promise.all([...ids].map((id) => engine.instances.get(id)))).filter((i) => i !== undefined);
      cases.sort((x, y) => y.startedAt - x.startedAt);
      return { body: cases.slice(0, 100).map((i) => ({ id: i.id, processId: i.processId, businessKey: i.businessKey, status: i.status, startedAt: i.startedAt, activeElements: i.activeElements })) };
    })
    .add('GET', /^\/api\/cases\/([^/]+)$/, async (req, _res, [id]) => {
      const a = actor(req);
      const inst = await engine.instances.get(id!);
      if (!inst) throw new NotFoundError('instance', id!, 'open a case from your task list.');
      await assertMayView(engine, deployed.processes.get(inst.processId), a, inst.id);
      return { body: await caseView(engine, inst) };
    })
    .add('GET', /^\/api\/processes\/([^/]+)\/bpmn$/, async (req, res, [pid]) => {
      signedIn(req);
      const pack = deployed.processes.get(pid!);
      if (!pack) throw new NotFoundError('process', pid!, `deployed: [${[...deployed.processes.keys()].join(', ')}].`);
      res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(pack.deploy.bpmn);
      return undefined;
    })
    .add('GET', /^\/api\/events$/, async (req, res) => {
      const s = signedIn(req);
      hub.open(s, res, { person: s.person.id, clock: clockInfo() });
      return undefined;
    })
    .add('POST', /^\/api\/clock\/advance$/, async (req) => {
      signedIn(req);
      if (!ctx.virtual) throw new NotFoundError('process', 'clock/advance', 'the clock can be advanced only when the server runs in demo or test mode (--demo, HANDOFF_MODE=demo).');
      const { by } = await readJson(req);
      if (typeof by !== 'string' && typeof by !== 'number') throw new BadRequestError('advance needs "by": an ISO 8601 duration such as "PT31M", or milliseconds.', 'send {"by": "PT31M"}.');
      await ctx.virtual.advance(by);
      await engine.idle();
      hub.broadcast('clock', { now: ctx.virtual.now() });
      return { body: { now: ctx.virtual.now() } };
    });
}

/** A person may view a case when they hold a role that sees the pack's cases, or act (acted) on one of its tasks. */
async function assertMayView(engine: Engine, pack: PackEntry | undefined, a: Actor, instanceId: string): Promise<void> {
  if (pack && holdsAny(a, pack.viewerRoles)) return;
  const tasks = await engine.tasks.query({ instanceId });
  if (tasks.some((t) => t.assignee === a.id || t.completedBy === a.id || rolesOf(t).some((r) => a.roles.includes(r)))) return;
  throw new AccessDeniedError(`Actor '${a.id}' may not view case ${instanceId}: none of its tasks is for your roles [${a.roles.join(', ')}].`, 'open cases from your own task list, or ask a supervisor of the process.');
}
