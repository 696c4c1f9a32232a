/**
 * Live updates over server-sent events. The engine publishes every event on its bus
 * (`engine.on('event', …)`); the hub forwards a few kinds to each open stream **whose
 * session may see them**, and nothing else (a new kind of event reaches nobody until a rule
 * here says who may see it):
 *
 * | events | who receives them |
 * |---|---|
 * | `task.*` | a person holding one of the task's roles, or its assignee |
 * | `sla.*` | a person holding a role of a task the clock is about (or of any open task of the case), or the supervisor role an escalation notifies |
 * | `process.completed`, `process.terminated` | a person who may view the case (`visibility.ts`: the pack's viewer roles, or one of its tasks) |
 *
 * A stream whose session ended (signed out, expired) is closed at the next event or
 * keep-alive. A session has at most {@link MAX_STREAMS_PER_SESSION} streams: a new one
 * closes its oldest.
 *
 * What goes out is a small notice (type, ids, state, colour), never case data: the page
 * fetches what it shows through the API, where the same role checks apply.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import { rolesOf, type Engine, type EngineEvent, type TaskRecord } from '@handoff/engine';
import type { PackEntry } from './catalog';
import { actorOf } from './directory';
import type { Session, Sessions } from './sessions';
import { caseAudience } from './visibility';

/** What a stream receives for one engine event. */
export interface LiveNotice {
  type: string;
  at: number;
  instanceId?: string;
  processId?: string;
  taskId?: string;
  elementId?: string;
  /** The task's name (task events). */
  name?: string;
  state?: string;
  assignee?: string;
  slaId?: string;
  clockId?: string;
}

interface Stream {
  session: Session;
  res: ServerResponse;
}

const KEEP_ALIVE_MS = 15_000;
/** Open streams one session may hold (tabs of one browser); a further one closes the oldest. */
export const MAX_STREAMS_PER_SESSION = 4;

/** What the hub needs besides the engine and the sessions. */
export interface LiveHubOptions {
  /** The pack of a process id (for the viewer roles of a case). */
  packOf: (processId: string) => PackEntry | undefined;
  /** Where a failure to dispatch an event is logged. */
  log: (message: string, error?: unknown) => void;
}

/** The set of open event streams. */
export class LiveHub {
  private readonly streams = new Set<Stream>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly listener = (ev: EngineEvent) => void this.dispatch(ev).catch((err) => this.options.log(`live: dispatching ${ev.type} failed`, err));

  constructor(
    private readonly engine: Engine,
    private readonly sessions: Sessions,
    private readonly options: LiveHubOptions,
  ) {
    engine.on('event', this.listener);
    this.keepAlive = setInterval(() => {
      for (const s of this.streams) if (this.stillSignedIn(s)) s.res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /** Open a stream for a signed-in session (`GET /api/events`). */
  open(session: Session, res: ServerResponse, hello: Record<string, unknown>): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const stream: Stream = { session, res };
    const mine = [...this.streams].filter((s) => s.session === session);
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_STREAMS_PER_SESSION + 1))) this.end(old);
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    send(res, 'hello', hello);
  }

  /** Send a notice to every open stream (e.g. the virtual clock moved). */
  broadcast(event: string, data: Record<string, unknown>): void {
    for (const s of this.streams) if (this.stillSignedIn(s)) send(s.res, event, data);
  }

  /** Number of open streams. */
  get size(): number {
    return this.streams.size;
  }

  /** Stop listening and end every stream. */
  close(): void {
    this.engine.off('event', this.listener);
    clearInterval(this.keepAlive);
    for (const s of this.streams) s.res.end();
    this.streams.clear();
  }

  private async dispatch(ev: EngineEvent): Promise<void> {
    if (!this.streams.size) return;
    const allowed = await this.audience(ev);
    if (allowed) this.deliver(notice(ev, 'task' in ev && ev.type.startsWith('task.') ? ev.task : undefined), allowed);
  }

  /** Who may receive `ev`; undefined: nobody (the event is not forwarded). */
  private async audience(ev: EngineEvent): Promise<((s: Session) => boolean) | undefined> {
    if ('task' in ev && ev.type.startsWith('task.')) {
      const task = ev.task;
      return (s) => mayAct(s, task);
    }
    if (ev.type.startsWith('sla.') && 'clockId' in ev) {
      // Who may see it depends on the case's tasks: look them up once for all streams.
      const tasks = await this.engine.tasks.query({ instanceId: ev.instanceId, state: ['waiting', 'open', 'claimed'] });
      const about = tasks.filter((t) => t.elementId === ev.slaElementId);
      const relevant = about.length ? about : tasks;
      const notify = ev.type === 'sla.escalated' ? ev.notify : undefined;
      return (s) => relevant.some((t) => mayAct(s, t)) || (notify !== undefined && s.person.roles.includes(notify));
    }
    if (ev.type === 'process.completed' || ev.type === 'process.terminated') {
      const mayView = await caseAudience(this.engine, this.options.packOf(ev.processId), ev.instanceId);
      return (s) => mayView(actorOf(s.person));
    }
    return undefined;
  }

  private deliver(n: LiveNotice, allowed: (s: Session) => boolean): void {
    for (const s of this.streams) if (this.stillSignedIn(s) && allowed(s.session)) send(s.res, 'engine', n);
  }

  /** Is the stream's session still signed in? Ends the stream when not. */
  private stillSignedIn(s: Stream): boolean {
    if (this.sessions.alive(s.session)) return true;
    this.end(s);
    return false;
  }

  private end(s: Stream): void {
    s.res.end();
    this.streams.delete(s);
  }
}

function mayAct(s: Session, task: TaskRecord): boolean {
  return task.assignee === s.person.id || task.candidateUsers?.includes(s.person.id) === true || rolesOf(task).some((r) => s.person.roles.includes(r));
}

function notice(ev: EngineEvent, task?: TaskRecord): LiveNotice {
  const n: LiveNotice = { type: ev.type, at: ev.at };
  if ('instanceId' in ev) n.instanceId = ev.instanceId;
  if ('processId' in ev) n.processId = ev.processId;
  if (task) {
    n.taskId = task.id;
    n.elementId = task.elementId;
    if (task.name !== undefined) n.name = task.name;
    n.state = task.state;
    if (task.assignee !== undefined) n.assignee = task.assignee;
  } else if ('clockId' in ev) {
    n.slaId = ev.slaId;
    n.clockId = ev.clockId;
    if (ev.slaElementId !== undefined) n.elementId = ev.slaElementId;
  }
  return n;
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
