/**
 * Live updates over server-sent events. The engine publishes every event on its bus
 * (`engine.on('event', …)`); the hub forwards task and SLA events to each open stream
 * **whose session may see them**: a task event when the person holds one of the task's
 * roles or is its assignee; an SLA event when the person holds a role of a task the clock
 * is about (or any open task of the case), or is the supervisor the escalation notifies.
 *
 * What goes out is a small notice (type, ids, state, colour), never case data: the page
 * fetches what it shows through the API, where the same role checks apply.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import { rolesOf, type Engine, type EngineEvent, type TaskRecord } from '@handoff/engine';
import type { Session, Sessions } from './sessions';

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

/** The set of open event streams. */
export class LiveHub {
  private readonly streams = new Set<Stream>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly listener = (ev: EngineEvent) => void this.dispatch(ev).catch(() => undefined);

  constructor(
    private readonly engine: Engine,
    private readonly sessions: Sessions,
  ) {
    engine.on('event', this.listener);
    this.keepAlive = setInterval(() => {
      for (const s of this.streams) s.res.write(': keep-alive\n\n');
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /** Open a stream for a signed-in session (`GET /api/events`). */
  open(session: Session, res: ServerResponse, hello: Record<string, unknown>): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const stream: Stream = { session, res };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    send(res, 'hello', hello);
  }

  /** Send a notice to every open stream (e.g. the virtual clock moved). */
  broadcast(event: string, data: Record<string, unknown>): void {
    for (const s of this.streams) send(s.res, event, data);
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
    if ('task' in ev && ev.type.startsWith('task.')) {
      const task = ev.task;
      this.deliver(notice(ev, task), (s) => mayAct(s, task));
    } else if (ev.type.startsWith('sla.') && 'clockId' in ev) {
      // Who may see it depends on the case's tasks: look them up once for all streams.
      const tasks = await this.engine.tasks.query({ instanceId: ev.instanceId, state: ['waiting', 'open', 'claimed'] });
      const about = tasks.filter((t) => t.elementId === ev.slaElementId);
      const relevant = about.length ? about : tasks;
      const notify = ev.type === 'sla.escalated' ? ev.notify : undefined;
      this.deliver(notice(ev), (s) => relevant.some((t) => mayAct(s, t)) || (notify !== undefined && s.person.roles.includes(notify)));
    } else if (ev.type === 'process.completed' || ev.type === 'process.terminated') {
      this.deliver(notice(ev), () => true); // carries ids only: lets an open case page refresh
    }
  }

  private deliver(n: LiveNotice, allowed: (s: Session) => boolean): void {
    for (const s of this.streams) {
      if (!this.sessions.alive(s.session)) {
        s.res.end();
        this.streams.delete(s);
      } else if (allowed(s.session)) send(s.res, 'engine', n);
    }
  }
}

function mayAct(s: Session, task: TaskRecord): boolean {
  return task.assignee === s.person.id || rolesOf(task).some((r) => s.person.roles.includes(r));
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
