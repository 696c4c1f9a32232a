/**
 * The JSON API. Every route but sign-in and the directory needs a session; the actor of
 * every engine call is built from the session, never from the request.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import {
  addDuration,
  ForbiddenError,
  NotFoundError,
  parseDuration,
  rolesOf,
  mayAct,
  ValidationError,
  type Actor,
  type Clock,
  type Engine,
  type TaskRecord,
  type VirtualClock,
} from '@handoff/engine';
import { bpmnOf, holdsAny, type DeployedCatalog } from './catalog';
import { actorOf, findPerson, type Person } from './directory';
import { AccessDeniedError, BadRequestError, NotSignedInError } from './errors';
import { formSchema } from './forms';
import { Router } from './http';
import { readJson, type JsonLimits } from './json';
import type { LiveHub } from './live';
import type { Session, Sessions } from './sessions';
import { caseView, taskViews } from './views';
import { assertMayView } from './visibility';

/** The zone times are shown in. */
export const DISPLAY_ZONE = 'Asia/Shanghai';
/** The last instant the demo clock may reach (9999-12-31T23:59:59.999Z): later ones are no dates a store keeps. */
const LAST_INSTANT = 253_402_300_799_999;

/** What the routes work with. */
export interface ApiContext {
  engine: Engine;
  deployed: DeployedCatalog;
  sessions: Sessions;
  hub: LiveHub;
  people: readonly Person[];
  clock: Clock;
  virtual: VirtualClock | undefined;
  mode: string;
  json: JsonLimits;
  /** Largest step of `POST /api/clock/advance`, in ms. */
  maxClockAdvanceMs: number;
}

/** The API's routes. */
export function api(ctx: ApiContext): Router {
  const { engine, deployed, sessions, hub } = ctx;
  const signedIn = (req: IncomingMessage): Session => {
    const s = sessions.of(req);
    if (!s) throw new NotSignedInError();
    return s;
  };
  const actor = (req: IncomingMessage): Actor => actorOf(signedIn(req).person);
  const body = (req: IncomingMessage) => readJson(req, ctx.json);
  const clockInfo = () => ({ kind: ctx.virtual ? 'virtual' : 'system', now: ctx.clock.now(), zone: DISPLAY_ZONE, canAdvance: !!ctx.virtual });

  return new Router()
    .add('GET', /^\/api\/people$/, async () => ({ body: ctx.people.map((p) => ({ id: p.id, name: p.name, title: p.title, roles: p.roles })) }))
    .add('POST', /^\/api\/session$/, async (req) => {
      const { personId } = await body(req);
      const person = findPerson(personId, ctx.people);
      if (!person) throw new BadRequestError(`No person '${String(personId).slice(0, 80)}' in the directory.`, `sign in as one of [${ctx.people.map((p) => p.id).join(', ')}].`);
      let old: Session | undefined;
      try {
        old = sessions.of(req);
      } catch {
        // a malformed cookie is replaced by the new one
      }
      if (old) sessions.delete(old);
      const s = sessions.create(person);
      return { body: { person, clock: clockInfo(), mode: ctx.mode }, headers: { 'set-cookie': sessions.cookie(s) } };
    })
    .add('GET', /^\/api\/session$/, async (req) => ({ body: { person: signedIn(req).person, clock: clockInfo(), mode: ctx.mode } }))
    .add('DELETE', /^\/api\/session$/, async (req) => {
      const s = sessions.of(req);
      if (s) sessions.delete(s);
      return { body: { signedOut: true }, headers: { 'set-cookie': sessions.cookie(undefined) } };
    })
    .add('GET', /^\/api\/forms$/, async (req) => {
      const a = actor(req);
      const tasks = Object.fromEntries([...deployed.taskSchemas].map(([key, schema]) => [key, formSchema(schema)]));
      const actions = [...deployed.actions.values()].filter((x) => holdsAny(a, x.roles)).map((x) => ({ id: x.id, pack: x.pack, title: x.title, schema: formSchema(x.schema, x.serverFields) }));
      return { body: { tasks, actions } };
    })
    .add('GET', /^\/api\/tasks$/, async (req) => {
      const a = actor(req);
      const [forRoles, named, mine] = await Promise.all([
        engine.tasks.query({ roles: a.roles, state: ['waiting', 'open', 'claimed'] }),
        engine.tasks.query({ candidateUser: a.id, state: ['waiting', 'open', 'claimed'] }), // tasks listing the person as a candidate user
        engine.tasks.query({ assignee: a.id, state: 'claimed' }),
      ]);
      const byId = new Map<string, TaskRecord>([...forRoles, ...named, ...mine].map((t) => [t.id, t]));
      return { body: { now: ctx.clock.now(), tasks: await taskViews(engine, [...byId.values()], new Set(deployed.taskSchemas.keys())) } };
    })
    .add('POST', /^\/api\/tasks\/([^/]+)\/claim$/, async (req, _res, [id]) => ({ body: await engine.tasks.claim(id!, actor(req)) }))
    .add('POST', /^\/api\/tasks\/([^/]+)\/unclaim$/, async (req, _res, [id]) => ({ body: await engine.tasks.unclaim(id!, actor(req)) }))
    .add('POST', /^\/api\/tasks\/([^/]+)\/complete$/, async (req, _res, [id]) => {
      const a = actor(req);
      const output = await body(req);
      // The engine checks the role too, but validates the form first: a wrong-role user gets
      // the engine's ForbiddenError before any field-level detail of someone else's form.
      const task = await engine.tasks.get(id!);
      if (task && (task.state === 'open' || task.state === 'claimed')) {
        const roles = rolesOf(task);
        if (!mayAct(roles, task.candidateUsers, a)) throw new ForbiddenError(task.id, a.id, 'complete', roles, task.elementId, undefined, task.candidateUsers);
        // A task without a form writes nothing into the case: its output must be empty.
        const fields = Object.keys(output);
        if (!deployed.taskSchemas.has(`${task.processId}/${task.elementId}`) && fields.length) {
          throw new ValidationError(`output of task ${task.id} (${task.elementId})`, fields.map((f) => ({ path: [f], code: 'unrecognized_keys', message: `unknown field '${f}': this task has no form, complete it with {}` })));
        }
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
      const input = await body(req);
      const sent = (action.serverFields ?? []).filter((f) => Object.hasOwn(input, f));
      if (sent.length) throw new ValidationError(`form of ${action.id}`, sent.map((f) => ({ path: [f], code: 'server_field', message: `${f} is set by the server from your session; leave it out` })));
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
      res.end(bpmnOf(pack, pid!) ?? '');
      return undefined;
    })
    .add('GET', /^\/api\/events$/, async (req, res) => {
      const s = signedIn(req);
      hub.open(s, res, { person: s.person.id, clock: clockInfo() });
      return undefined;
    })
    .add('POST', /^\/api\/clock\/advance$/, async (req) => {
      signedIn(req);
      const virtual = ctx.virtual;
      if (!virtual) throw new NotFoundError('process', 'clock/advance', 'the clock can be advanced only when the server runs in demo or test mode (--demo, HANDOFF_MODE=demo).');
      const { by } = await body(req);
      const target = advanceTarget(virtual.now(), by, ctx.maxClockAdvanceMs);
      await virtual.advanceTo(target);
      await engine.idle();
      hub.broadcast('clock', { now: virtual.now() });
      return { body: { now: virtual.now() } };
    });
}

/**
 * Where `POST /api/clock/advance { by }` moves the clock: `by` is an ISO 8601 duration or a
 * number of ms, at most `max` ms ahead and never past year 9999. Throws a 400 otherwise —
 * before anything moves.
 */
export function advanceTarget(now: number, by: unknown, max: number): number {
  const hint = `send {"by": "PT31M"}: an ISO 8601 duration or milliseconds, at most ${max} ms (${(max / 86_400_000).toFixed(0)} days) per step.`;
  let target: number;
  if (typeof by === 'number') {
    if (!Number.isFinite(by) || by < 0) throw new BadRequestError(`Cannot advance the clock by ${by} ms: not a finite number >= 0.`, hint);
    target = now + by;
  } else if (typeof by === 'string') {
    target = addDuration(now, parseDuration(by)); // InvalidTimerError (400) for malformed or out-of-range durations
  } else throw new BadRequestError('advance needs "by": an ISO 8601 duration such as "PT31M", or milliseconds.', hint);
  if (target - now > max) throw new BadRequestError(`Cannot advance the clock by ${typeof by === 'string' ? by.slice(0, 40) : by}: ${target - now} ms is more than one step may move.`, hint);
  if (target > LAST_INSTANT) throw new BadRequestError('Cannot advance the clock past the year 9999.', 'restart the demo with an earlier HANDOFF_CLOCK_START.');
  return target;
}
