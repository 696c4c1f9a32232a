/**
 * Execution and task listeners, compiled into blocking jobs (Camunda 8 semantics,
 * `docs/listeners.md`): `zeebe:executionListeners` / `zeebe:taskListeners`, and the Camunda 7,
 * Flowable and Activiti `executionListener` / `taskListener` implemented by a class, a
 * delegate expression, an expression or a script — each becomes a job whose type is named by
 * `model/javaJobType.ts`.
 *
 * @module
 */
import { compileTimer } from './compileTimer';
import { javaImplementationsOf, javaJobType } from './javaJobType';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { TimerDef } from './types';

/** When an execution listener runs: before the element's behaviour, after it completed, or (Camunda 7) on a sequence flow. */
export type ExecutionListenerEvent = 'start' | 'end' | 'take';

/**
 * The task lifecycle events a task listener runs on (Camunda 8 names; Camunda 7's `timeout`):
 * `creating`, `assigning`, `updating`, `completing` block their transition; `canceling` runs
 * after the task was cancelled; `timeout` runs when its timer falls due while the task is open.
 */
export type TaskListenerEvent = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling' | 'timeout';

/** One listener: a job of `type`, retried `retries` times, with static `headers`. */
export interface ListenerDef {
  /** The job type the host registers a handler for. */
  readonly type: string;
  readonly retries: number;
  /** `zeebe:taskHeaders` of a Camunda 8 listener; the `camunda:field`s of a Camunda 7 one; a script's text under `script`. */
  readonly headers: Readonly<Record<string, string>>;
  /** A `timeout` task listener's timer (armed when the task is created) and its `id`. */
  readonly timer?: TimerDef;
  readonly id?: string;
}

/** The listeners of one element (or of the process), in model order per event. */
export interface NodeListeners {
  readonly start?: readonly ListenerDef[];
  readonly end?: readonly ListenerDef[];
  /** User tasks only. */
  readonly task?: Readonly<Partial<Record<TaskListenerEvent, readonly ListenerDef[]>>>;
}

/** What the element the listeners are on is, for the rules on where each event may appear. */
export type ListenerHost = 'process' | 'sequenceFlow' | 'eventGatewayFlow' | 'boundaryEvent' | 'userTask' | 'errorEndEvent' | 'linkThrowEvent' | 'eventGateway' | 'eventGatewayTarget' | 'other';

const DEFAULT_RETRIES = 3;

/** Task listener event names of every dialect → the Camunda 8 name, or why it is refused. */
const TASK_EVENTS: Readonly<Record<string, TaskListenerEvent>> = {
  creating: 'creating',
  create: 'creating',
  assigning: 'assigning',
  assignment: 'assigning',
  completing: 'completing',
  complete: 'completing',
  updating: 'updating',
  update: 'updating',
  canceling: 'canceling',
  delete: 'canceling',
  timeout: 'timeout',
};

/** The vendor prefix and lower-cased local name of an extension element (`camunda:ExecutionListener` → `camunda`, `executionlistener`). */
function nameOf(v: ModdleElement): { prefix: string; local: string } {
  const [prefix = '', local = ''] = v.$type.split(':');
  return { prefix, local: local.toLowerCase() };
}

const C7 = new Set(['camunda', 'flowable', 'activiti']);

/** Is `v` an execution or task listener of any dialect (read here, not refused as unknown)? */
export function isListenerExtension(v: ModdleElement): boolean {
  const { prefix, local } = nameOf(v);
  if (prefix === 'zeebe') return local === 'executionlisteners' || local === 'tasklisteners';
  return C7.has(prefix) && (local === 'executionlistener' || local === 'tasklistener');
}

/**
 * The listeners among extension elements `values` of `el`, checked for where they may
 * appear; problems for each that cannot run. Undefined when there are none.
 */
export function compileListeners(el: ModdleElement, values: readonly ModdleElement[], host: ListenerHost, problems: ProblemList): NodeListeners | undefined {
  const start: ListenerDef[] = [];
  const end: ListenerDef[] = [];
  const take: ListenerDef[] = [];
  const task: Partial<Record<TaskListenerEvent, ListenerDef[]>> = {};
  const add = (event: string, def: ListenerDef | undefined, kind: 'execution' | 'task') => {
    if (!def) return;
    if (kind === 'task') {
      const mapped = TASK_EVENTS[event];
      if (host !== 'userTask') problems.add('UNSUPPORTED_FEATURE', el, 'A task listener is only valid on a user task.', 'move the listener to a user task, or use an execution listener.');
      else if (mapped === undefined) problems.add('INVALID_ATTRIBUTE', el, `Task listener event '${event}' is not a task lifecycle event.`, 'use creating, assigning, updating, completing or canceling (Camunda 7: create, assignment, update, complete, delete, timeout).');
      else if (mapped === 'timeout' && !def.timer) problems.add('INVALID_ATTRIBUTE', el, "A timeout task listener has no timer: it needs a <bpmn:timerEventDefinition> (Camunda 7).", 'add a timerEventDefinition with a timeDuration, timeDate or timeCycle inside the listener.');
      else if (mapped !== 'timeout' && def.timer) problems.add('INVALID_ATTRIBUTE', el, `A ${event} task listener has a timer; only timeout listeners have one.`, 'set event="timeout", or remove the timerEventDefinition.');
      else (task[mapped] ??= []).push(def);
      return;
    }
    if (event === 'take') {
      if (host === 'eventGatewayFlow') problems.add('UNSUPPORTED_FEATURE', el, 'A take listener on a flow out of an event-based gateway is not supported: the token passes it together with the event that won.', 'move the listener to an end listener of the catch event after the flow.');
      else if (host !== 'sequenceFlow') problems.add('INVALID_ATTRIBUTE', el, "An execution listener with event 'take' is only valid on a sequence flow.", "use event 'start' or 'end' on this element.");
      else take.push(def);
    } else if (event === 'start' || event === 'end') {
      if (host === 'sequenceFlow' || host === 'eventGatewayFlow') problems.add('INVALID_ATTRIBUTE', el, `An execution listener on a sequence flow runs on 'take', not '${event}'.`, "set event=\"take\".");
      else if (event === 'start' && host === 'boundaryEvent') problems.add('UNSUPPORTED_FEATURE', el, 'A start execution listener on a boundary event is not supported (Camunda 8 refuses it too): the event has already happened when it is activated.', 'use an end listener on the boundary event, or a start listener on the next element.');
      else if (event === 'start' && host === 'eventGatewayTarget') problems.add('UNSUPPORTED_FEATURE', el, 'A start execution listener on an event after an event-based gateway is not supported (Camunda 8 refuses it too): the event has already happened when it is entered.', 'use an end listener on this event, or a start listener on the gateway.');
      else if (event === 'end' && host === 'eventGateway') problems.add('UNSUPPORTED_FEATURE', el, 'An end execution listener on an event-based gateway is not supported: the gateway is left together with the event that won.', 'use a start listener on the gateway, or an end listener on each event after it.');
      else if (event === 'end' && (host === 'errorEndEvent' || host === 'linkThrowEvent')) problems.add('UNSUPPORTED_FEATURE', el, `An end execution listener on ${host === 'errorEndEvent' ? 'an error end event' : 'a link throw event'} is not supported: the token does not complete there.`, 'use a start listener on this element instead.');
      else (event === 'start' ? start : end).push(def);
    } else problems.add('INVALID_ATTRIBUTE', el, `Execution listener event '${event}' is not one of start, end, take.`, 'set event (Camunda 7) or eventType (Camunda 8) to start or end.');
  };
  for (const v of values) {
    if (!isListenerExtension(v)) continue;
    const { prefix, local } = nameOf(v);
    if (prefix === 'zeebe') {
      const kind = local === 'tasklisteners' ? 'task' : 'execution';
      for (const l of (v.listeners as ModdleElement[] | undefined) ?? []) add(String(l.eventType ?? '').trim(), zeebeListener(el, l, problems), kind);
    } else {
      // Flowable's default event on a sequence flow is take; elsewhere the event is required.
      const event = String(attr(v, 'event') ?? '').trim() || (host === 'sequenceFlow' || host === 'eventGatewayFlow' ? 'take' : '');
      add(event, javaListener(el, v, problems, event === 'timeout'), local === 'tasklistener' ? 'task' : 'execution');
    }
  }
  if (host === 'sequenceFlow' || host === 'eventGatewayFlow') return take.length ? { start: take } : undefined;
  if (!start.length && !end.length && !Object.keys(task).length) return undefined;
  return { ...(start.length ? { start } : {}), ...(end.length ? { end } : {}), ...(Object.keys(task).length ? { task } : {}) };
}

/** The take listeners of sequence flow `el`, in model order (undefined when none). */
export function compileTakeListeners(el: ModdleElement, values: readonly ModdleElement[], problems: ProblemList, fromEventGateway = false): readonly ListenerDef[] | undefined {
  return compileListeners(el, values, fromEventGateway ? 'eventGatewayFlow' : 'sequenceFlow', problems)?.start;
}

function zeebeListener(el: ModdleElement, l: ModdleElement, problems: ProblemList): ListenerDef | undefined {
  const type = typeof l.type === 'string' ? l.type.trim() : '';
  if (!type) {
    problems.add('INVALID_ATTRIBUTE', el, 'A zeebe listener has no job type.', 'set type="…" on the listener: the job type your handler is registered for.');
    return undefined;
  }
  if (type.startsWith('=')) {
    problems.add('UNSUPPORTED_FEATURE', el, `The listener job type '${type}' is an expression; job types must be static.`, 'use a fixed job type and pass the varying part as a variable or header.');
    return undefined;
  }
  const retries = readRetries(el, l.retries, problems);
  if (retries === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const h of ((l.headers as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? []) if (h.key) headers[String(h.key)] = String(h.value ?? '');
  return { type, retries, headers };
}

function readRetries(el: ModdleElement, raw: unknown, problems: ProblemList): number | undefined {
  if (raw === undefined || raw === '') return DEFAULT_RETRIES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    problems.add('INVALID_ATTRIBUTE', el, `Listener retries="${String(raw)}" is not a positive integer.`, 'set retries to 1 or more (3 is the default).');
    return undefined;
  }
  return n;
}

/** Children of a generic (Flowable / Activiti) moddle element with local name `name`. */
function childrenNamed(v: ModdleElement, name: string): ModdleElement[] {
  return ((v.$children as ModdleElement[] | undefined) ?? []).filter((c) => nameOf(c).local === name.toLowerCase());
}

/** An attribute a descriptor does not declare (kept by moddle in `$attrs`). */
function scriptAttr(script: ModdleElement, name: string): unknown {
  return (script.$attrs as Record<string, unknown> | undefined)?.[name];
}

/** An attribute of a listener, plain or with its vendor prefix (`activiti:expression` on a generic element). */
function attr(v: ModdleElement, name: string): unknown {
  return v[name] ?? v[`${nameOf(v).prefix}:${name}`];
}

/** A Camunda 7 / Flowable / Activiti listener: class, delegateExpression, expression or script → one job. */
function javaListener(el: ModdleElement, v: ModdleElement, problems: ProblemList, timeout = false): ListenerDef | undefined {
  const script = (v.script as ModdleElement | undefined) ?? childrenNamed(v, 'script')[0];
  // Flowable writes language= and resultVariable= on its script; read through Camunda 7's descriptor they are unknown attributes ($attrs).
  const format = script ? (script.scriptFormat ?? script.language ?? scriptAttr(script, 'language')) : undefined;
  const attrs = { class: attr(v, 'class'), delegateExpression: attr(v, 'delegateExpression'), expression: attr(v, 'expression'), scriptFormat: script ? String(format ?? '') || 'unknown' : undefined };
  const kinds = javaImplementationsOf(attrs);
  const what = `<${v.$type.split(':')[0]}:${nameOf(v).local === 'tasklistener' ? 'taskListener' : 'executionListener'}>`;
  if (kinds.length !== 1) {
    problems.add('INVALID_ATTRIBUTE', el, kinds.length ? `${what} names ${kinds.join(' and ')}; a listener has exactly one implementation.` : `${what} names no implementation.`, 'set one of class, delegateExpression, expression, or a script.');
    return undefined;
  }
  if (script && !format) {
    problems.add('INVALID_ATTRIBUTE', el, `The script of ${what} has no scriptFormat.`, 'set scriptFormat (e.g. groovy, javascript): the job type is script:<format>.');
    return undefined;
  }
  const job = javaJobType(attrs)!;
  const headers: Record<string, string> = {};
  const fields = [...((v.fields as ModdleElement[] | undefined) ?? []), ...childrenNamed(v, 'field')];
  for (const f of fields) {
    if (!f.name) continue;
    const body = (n: string) => childrenNamed(f, n)[0]?.$body as string | undefined;
    const value = f.stringValue ?? f.string ?? f.expression ?? body('string') ?? body('expression');
    headers[String(f.name)] = String(value ?? '');
  }
  if (script) {
    const text = (script.value as string | undefined) ?? (script.$body as string | undefined);
    if (script.resource) headers.scriptResource = String(script.resource);
    const resultVariable = script.resultVariable ?? scriptAttr(script, 'resultVariable');
    if (resultVariable) headers.resultVariable = String(resultVariable); // the handler returns it as a variable
    if (text !== undefined) headers.script = text.trim();
  }
  const timers = [...((v.eventDefinitions as ModdleElement[] | undefined) ?? []), ...childrenNamed(v, 'timerEventDefinition')];
  if (timers.length > 1) {
    problems.add('INVALID_ATTRIBUTE', el, `${what} has ${timers.length} timer definitions; a timeout listener has one.`, 'keep one timerEventDefinition.');
    return undefined;
  }
  const id = typeof v.id === 'string' && v.id.trim() ? v.id.trim() : undefined;
  let timer: TimerDef | undefined;
  if (timers[0]) {
    const ev = compileTimer(el, timers[0], problems, `of the ${timeout ? 'timeout' : ''} task listener${id ? ` '${id}'` : ''}`.replace('  ', ' '));
    if (!ev || ev.type !== 'timer') return undefined;
    timer = ev.timer;
  }
  return { type: job.type, retries: DEFAULT_RETRIES, headers, ...(timer ? { timer } : {}), ...(id ? { id } : {}) };
}
