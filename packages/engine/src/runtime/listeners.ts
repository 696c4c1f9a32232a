/**
 * Listeners as blocking jobs (Camunda 8 semantics; `docs/listeners.md`, decision 0023).
 *
 * A listener phase is a wait state of an execution: `Execution.l` says which phase and which
 * listener of its list runs; the listener's job is the execution's `job` while it runs (the
 * same dispatch, lease, retry backoff and incident machinery as a service task's job). When a
 * listener's job completes, the next one of the list is dispatched; after the last, the
 * lifecycle continues where it stopped:
 *
 * | phase | when | its variables go to | then |
 * |---|---|---|---|
 * | `take` | a token crossed a flow with Camunda 7 take listeners | the token's scope | the target is entered |
 * | `pstart` | the process starts (on the first token) | the process | event subprocesses armed, the start event entered |
 * | `start` | after the element's input mappings | the element (locals) | boundary events armed, the behaviour runs |
 * | `end` | after the element's output mappings | the parent scope | the token leaves |
 * | `pend` | the process's last token ended | the process | the process completes |
 * | `creating`, `assigning`, `updating`, `completing` | a user task's transition | as the task's result | the transition happens (or is denied) |
 * | `timeout` | its timer fell due while the task is open | as the task's result | the task stays open (corrections applied) |
 * | `canceling` | after the task was cancelled, on its execution kept detached (`s` = {@link DETACHED}) | — (none allowed) | the execution ends |
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import type { ListenerDef, TaskListenerEvent } from '../model/listeners';
import type { JobDef } from '../model/types';
import { finishCompleteTask } from '../tasks/commands';
import type { Actor, TaskRecord } from '../tasks/types';
import { isArraySafe } from './jsonValue';
import { DETACHED, type Execution, type ListenerPhase, type TaskState } from './state';
import { scopeView } from './scope';
import type { Step } from './step';

/** What a listener job's handler is told about the listener (`JobContext.listener`). */
export type ListenerInfo =
  | {
      kind: 'execution';
      /** `start` / `end` of the element (or of the process, `scope: 'process'`), or `take` of sequence flow `flowId`. */
      eventType: 'start' | 'end' | 'take';
      scope: 'element' | 'process' | 'flow';
      flowId?: string;
      /** 0-based position of this listener among the element's listeners of this event, and their number. */
      index: number;
      count: number;
    }
  | {
      kind: 'task';
      eventType: TaskListenerEvent;
      /** The task as the transition would leave it (an assigning listener sees the new assignee, an updating one the update; a canceling one the cancelled task). */
      task: TaskRecord;
      /** Completing: the output the task is being completed with. */
      output?: Record<string, unknown>;
      /** Updating: the task attributes the update changes (Camunda 8's `changedAttributes`). */
      changed?: string[];
      /** Canceling: why the task was cancelled (`interrupted by boundary event …`, the cancel reason). */
      reason?: string;
      /** Timeout: the listener's `id` in the model, if it has one. */
      listenerId?: string;
      index: number;
      count: number;
    };

/**
 * Corrections a task listener may make to its task (Camunda 8's job result corrections).
 * `null` clears a field. The set is a table ({@link TASK_CORRECTIONS}): a task attribute
 * becomes correctable by adding a row.
 */
export interface TaskCorrections {
  assignee?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  /** Epoch ms or an ISO 8601 date-time with an offset; `null` clears it. */
  dueAt?: number | string | null;
  followUpAt?: number | string | null;
  priority?: number;
}

/** A task listener's answer besides its variables: corrections, or a denial of the transition. */
export interface ListenerJobResult {
  corrections?: TaskCorrections;
  /** Deny the transition (assigning, updating, completing): the task stays as it was. */
  denied?: boolean;
  deniedReason?: string;
}

/** One correctable task field: how to check a value and how to apply it to the task. */
interface Correction {
  check(v: unknown): boolean;
  expected: string;
  apply(task: TaskState, v: unknown): void;
}

const isStringList = (v: unknown) => isArraySafe(v) && (v as unknown[]).every((x) => typeof x === 'string');

/** The correctable fields. Add a row to make another task attribute correctable. */
export const TASK_CORRECTIONS: Readonly<Record<string, Correction>> = {
  assignee: {
    check: (v) => v === null || (typeof v === 'string' && v.trim() !== ''),
    expected: 'an actor id or null',
    apply: (t, v) => {
      if (v === null) delete t.a;
      else t.a = v as string;
    },
  },
  candidateGroups: {
    check: isStringList,
    expected: 'a list of group names',
    apply: (t, v) => {
      t.g = [...(v as string[])];
    },
  },
  candidateUsers: {
    check: isStringList,
    expected: 'a list of actor ids',
    apply: (t, v) => {
      t.u = [...(v as string[])];
    },
  },
  dueAt: {
    check: (v) => v === null || instantOf(v) !== undefined,
    expected: 'epoch ms, an ISO 8601 date-time with an offset, or null',
    apply: (t, v) => {
      if (v === null) delete t.due;
      else t.due = instantOf(v)!;
    },
  },
  followUpAt: {
    check: (v) => v === null || instantOf(v) !== undefined,
    expected: 'epoch ms, an ISO 8601 date-time with an offset, or null',
    apply: (t, v) => {
      if (v === null) delete t.fu;
      else t.fu = instantOf(v)!;
    },
  },
  priority: {
    check: (v) => Number.isSafeInteger(v),
    expected: 'an integer',
    apply: (t, v) => {
      t.pr = v as number;
    },
  },
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant as epoch ms: a finite number, or an ISO 8601 date-time with an offset (never read in the machine's zone). */
export function instantOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || !ISO_INSTANT.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Check a listener result (from a handler, or a command built by hand); returns the message of what is wrong. */
export function checkListenerResult(r: ListenerJobResult): string | undefined {
  if (r === null || typeof r !== 'object') return 'the listener result is not an object';
  for (const k of Object.keys(r)) if (k !== 'corrections' && k !== 'denied' && k !== 'deniedReason') return `unknown listener result field '${k}' (expected corrections, denied, deniedReason)`;
  if (r.denied !== undefined && typeof r.denied !== 'boolean') return 'denied must be true or false';
  if (r.deniedReason !== undefined && typeof r.deniedReason !== 'string') return 'deniedReason must be a string';
  const c = r.corrections;
  if (c === undefined) return undefined;
  if (c === null || typeof c !== 'object' || isArraySafe(c)) return 'corrections must be an object';
  for (const [k, v] of Object.entries(c)) {
    const row = TASK_CORRECTIONS[k];
    if (!row) return `'${k}' cannot be corrected (correctable: ${Object.keys(TASK_CORRECTIONS).join(', ')})`;
    if (!row.check(v)) return `the correction of ${k} must be ${row.expected}, not ${JSON.stringify(v)}`;
  }
  return undefined;
}

/**
 * What a listener handler returns to correct its task or deny the transition (plain
 * variables can be returned as from any handler).
 *
 * @example
 * ```ts
 * engine.jobs.register('check-approver', (job) =>
 *   job.listener?.kind === 'task' && job.listener.task.assignee === job.variables.requester
 *     ? new ListenerResult({ denied: true, deniedReason: 'the requester cannot approve' })
 *     : new ListenerResult({ corrections: { candidateGroups: ['managers'] } }, { checked: true }),
 * );
 * ```
 */
export class ListenerResult {
  readonly result: ListenerJobResult;
  readonly variables: Record<string, unknown>;
  /** Throws `InvalidArgumentError` for an unknown field or a correction of the wrong type. */
  constructor(result: ListenerJobResult, variables: Record<string, unknown> = {}) {
    const wrong = checkListenerResult(result);
    if (wrong) throw new InvalidArgumentError('listener result', wrong, `return new ListenerResult({ corrections: { assignee: 'ana' } }) or new ListenerResult({ denied: true, deniedReason: '…' }); correctable: ${Object.keys(TASK_CORRECTIONS).join(', ')}.`);
    this.result = result;
    this.variables = variables;
  }
}

// ------------------------------------------------------------------ lists and jobs

const TASK_PHASES = new Set<ListenerPhase>(['creating', 'assigning', 'updating', 'completing', 'canceling', 'timeout']);
/** Task phases whose transition a listener may deny. */
const DENIABLE = new Set<ListenerPhase>(['assigning', 'updating', 'completing']);

/** The listeners of phase `p` for execution `e`. */
export function listenersOf(step: Step, e: Execution, p: ListenerPhase): readonly ListenerDef[] {
  const node = step.node(e.n);
  switch (p) {
    case 'take':
      return e.f === undefined ? [] : (step.model.flows[e.f]?.listeners ?? []);
    case 'pstart':
      return step.model.listeners?.start ?? [];
    case 'pend':
      return step.model.listeners?.end ?? [];
    case 'start':
    case 'end':
      return node.listeners?.[p] ?? [];
    case 'timeout': {
      // One timeout listener runs at a time: the one whose timer fell due.
      const all = node.listeners?.task?.timeout ?? [];
      const one = e.l?.p === 'timeout' ? all[e.l.ti!] : undefined;
      return one ? [one] : [];
    }
    default:
      return node.listeners?.task?.[p] ?? [];
  }
}

/** The job definition of what `e` runs now: its current listener, else its element's job. */
export function jobDefOf(step: Step, e: Execution): JobDef {
  if (e.l) {
    const def = listenersOf(step, e, e.l.p)[e.l.i];
    if (def) return { type: def.type, retries: def.retries, headers: def.headers as Record<string, string> };
  }
  return step.node(e.n).job!;
}

/** What the handler of `e`'s running listener job is told, or undefined for a plain job. */
export function listenerInfoOf(step: Step, e: Execution): ListenerInfo | undefined {
  const l = e.l;
  if (!l) return undefined;
  const count = listenersOf(step, e, l.p).length;
  if (TASK_PHASES.has(l.p)) {
    const task = l.p === 'canceling' ? structuredClone(l.t!) : e.task ? step.taskRecord(e) : undefined;
    if (task && l.p === 'assigning') {
      if (l.as) task.assignee = l.as;
      else delete task.assignee;
    }
    const extra = l.p === 'updating' && l.bk ? { changed: changedAttributes(step, e, l.bk) } : l.p === 'canceling' && l.r !== undefined ? { reason: l.r } : {};
    if (l.p === 'timeout') {
      const def = step.node(e.n).listeners?.task?.timeout?.[l.ti!];
      return { kind: 'task', eventType: 'timeout', task: task!, index: l.ti!, count: step.node(e.n).listeners?.task?.timeout?.length ?? 1, ...(def?.id ? { listenerId: def.id } : {}) };
    }
    return { kind: 'task', eventType: l.p as TaskListenerEvent, task: task!, ...(l.o ? { output: l.o } : {}), ...extra, index: l.i, count };
  }
  if (l.p === 'take') return { kind: 'execution', eventType: 'take', scope: 'flow', flowId: step.model.flows[e.f!]!.id, index: l.i, count };
  const process = l.p === 'pstart' || l.p === 'pend';
  return { kind: 'execution', eventType: l.p === 'start' || l.p === 'pstart' ? 'start' : 'end', scope: process ? 'process' : 'element', index: l.i, count };
}

/** Dispatch the job of `e`'s current listener. */
export function dispatch(step: Step, e: Execution): void {
  const def = listenersOf(step, e, e.l!.p)[e.l!.i]!;
  e.job = { id: step.nextId(), left: def.retries, attempt: 1 };
  step.requestJob(e);
  step.emit('job.created', e.n, { jobId: step.globalId(e.job.id), jobType: def.type, attempt: 1, retriesLeft: def.retries }, e.id);
}

/**
 * Begin listener phase `p` on `e` when it has listeners: the execution then waits for their
 * jobs. Returns false (and changes nothing) when there are none.
 */
export function beginListeners(step: Step, e: Execution, p: ListenerPhase, extra?: Partial<Omit<NonNullable<Execution['l']>, 'p' | 'i'>>): boolean {
  if (!listenersOf(step, e, p).length) return false;
  e.l = { p, i: 0, ...extra };
  dispatch(step, e);
  return true;
}

/** Task-listener phases: begin `p` with the transition's data, or return false when the task has no such listener. */
export function beginTaskListeners(step: Step, e: Execution, p: TaskListenerEvent, actor: Actor | undefined, extra: Partial<Omit<NonNullable<Execution['l']>, 'p' | 'i' | 'a'>> = {}): boolean {
  if (!listenersOf(step, e, p).length) return false; // the common case: nothing to build
  // A denial restores the task as it was before the transition (corrections included).
  const bk = DENIABLE.has(p) && e.task && !extra.bk ? { bk: structuredClone(e.task) } : {};
  return beginListeners(step, e, p, { ...bk, ...extra, ...(actor ? { a: { id: actor.id, roles: [...actor.roles] } } : {}) });
}

/**
 * The end listeners of `e` before it leaves along `flows`: its waits end (the element's work
 * is done), its locals stay visible to the listeners. Returns false when it has none.
 */
export function beginEndListeners(step: Step, e: Execution, flows: readonly number[] | undefined): boolean {
  if (!step.node(e.n).listeners?.end?.length) return false;
  step.clearWaits(e, 'all');
  delete e.task;
  delete e.job;
  return beginListeners(step, e, 'end', flows ? { fl: [...flows] } : {});
}

/**
 * The process's end listeners when `e`, a token of the process scope with no flow left, is
 * the last one: it stays (on its end node) while they run; the process's event subprocesses
 * are disarmed (the process is completing). Returns false when there are none to run.
 */
export function beginProcessEndListeners(step: Step, e: Execution): boolean {
  if (!step.model.listeners?.end?.length || step.state.status !== 'active') return false;
  if (step.state.ex.some((x) => x !== e && x.s === 0)) return false;
  step.clearWaits(e, 'all');
  delete e.task;
  delete e.job;
  delete e.v;
  step.clearEventSubprocessWaits(0);
  return beginListeners(step, e, 'pend');
}

/**
 * The job of `e`'s current listener completed with `output` (and, from a task listener,
 * `result`): its variables are written by the phase's rule, corrections applied, and the next
 * listener dispatched — or, after the last, the lifecycle continues. Returns true.
 */
export function listenerJobCompleted(step: Step, e: Execution, output: Record<string, unknown>, result: ListenerJobResult | undefined): boolean {
  const l = e.l!;
  const def = listenersOf(step, e, l.p)[l.i]!;
  const taskPhase = TASK_PHASES.has(l.p);
  const wrong = result === undefined ? undefined : (checkListenerResult(result) ??
    (!taskPhase && (result.corrections || result.denied) ? `an execution listener cannot correct or deny (only task listeners can)` : undefined) ??
    (result.denied && !DENIABLE.has(l.p) ? `a ${l.p} task listener cannot deny: ${DENY_WHY[l.p] ?? 'there is no transition to deny'}` : undefined) ??
    (l.p === 'canceling' && result.corrections ? 'a canceling task listener cannot correct the task: it is cancelled' : undefined));
  const noVariables = !wrong && l.p === 'canceling' && Object.keys(output).length ? `a canceling task listener cannot set variables (${Object.keys(output).join(', ')}): its task is cancelled and its scope may be gone` : undefined;
  if (noVariables) {
    step.incident(e, 'LISTENER_RESULT_INVALID', `The result of listener '${def.type}' (${l.p}) of ${step.node(e.n).id} was refused: ${noVariables}. Return nothing from the handler and retry the incident (the listener runs again).`, 'job');
    return true;
  }
  if (wrong) {
    step.incident(e, 'LISTENER_RESULT_INVALID', `The result of listener '${def.type}' (${l.p}) of ${step.node(e.n).id} was refused: ${wrong}. Fix the handler and retry the incident (the listener runs again).`, 'job');
    return true;
  }
  delete e.job;
  if (result?.denied) {
    deny(step, e, result.deniedReason);
    return true;
  }
  // Variables, by the phase's rule.
  if (Object.keys(output).length) {
    if (l.p === 'start') e.v = Object.assign(e.v ?? {}, structuredClone(output));
    else if (l.p === 'end') step.writeVariables(e.s === 0 ? undefined : step.exec(e.s), output);
    else if (l.p === 'pstart' || l.p === 'pend') step.writeVariables(undefined, output);
    else if (taskPhase) step.writeResult(e, output);
    else step.writeVariables(e, output);
  }
  if (result?.corrections && e.task) applyCorrections(e, l, result.corrections);
  l.i++;
  if (l.i < listenersOf(step, e, l.p).length) {
    dispatch(step, e);
    return true;
  }
  delete e.l;
  continueAfter(step, e, l);
  return true;
}

const DENY_WHY: Partial<Record<ListenerPhase, string>> = {
  creating: 'the task is being created',
  canceling: 'the task is already cancelled',
  timeout: 'a timeout is not a transition',
};

/** Apply corrections to the task (an assigning listener corrects the assignee being set). */
function applyCorrections(e: Execution, l: NonNullable<Execution['l']>, c: TaskCorrections): void {
  for (const [k, v] of Object.entries(c)) {
    if (l.p === 'assigning' && k === 'assignee') {
      l.as = v as string | null;
      l.cor = 1;
    } else TASK_CORRECTIONS[k]!.apply(e.task!, v);
  }
  if ((l.p === 'creating' || l.p === 'updating' || l.p === 'timeout' || l.p === 'completing') && 'assignee' in c && e.task!.st !== 'waiting') e.task!.st = e.task!.a ? 'claimed' : 'open';
}

/** A task listener denied the transition: the task stays as it was; `task.denied` says why. */
function deny(step: Step, e: Execution, reason: string | undefined): void {
  const l = e.l!;
  delete e.l;
  e.w = 'task';
  if (l.bk) e.task = l.bk; // corrections of earlier listeners are discarded with the transition
  step.actor = l.a;
  const task = step.taskRecord(e);
  step.tasks.set(task.id, task);
  step.emit('task.denied', e.n, { task, actor: step.actorOfEvent(), transition: l.p as 'assigning' | 'updating' | 'completing', ...(reason !== undefined ? { reason } : {}) }, e.id);
  runQueuedTimeouts(step, e);
}

/** The task attributes that differ between `before` and `e`'s task now (record field names). */
export function changedAttributes(step: Step, e: Execution, before: TaskState): string[] {
  const now = step.taskRecord(e);
  const cur = e.task!;
  e.task = before;
  const was = step.taskRecord(e);
  e.task = cur;
  return (['assignee', 'candidateGroups', 'candidateUsers', 'dueAt', 'followUpAt', 'priority'] as const).filter((k) => JSON.stringify(now[k]) !== JSON.stringify(was[k]));
}

/** Emit `task.updated` for the attributes that changed since `before` (nothing when none did). */
export function emitUpdated(step: Step, e: Execution, before: TaskState): void {
  const changed = changedAttributes(step, e, before);
  if (!changed.length) return;
  const task = step.taskRecord(e);
  step.tasks.set(task.id, task);
  step.emit('task.updated', e.n, { task, actor: step.actorOfEvent(), changed }, e.id);
}

// ------------------------------------------------------------------ canceling

/**
 * A task with canceling listeners was cancelled (`task.cancelled` and `activity.cancelled`
 * are already recorded, and the cancellation goes on in the same step): its execution is kept,
 * detached from every scope (`s` = {@link DETACHED}, with a copy of the variables it saw), while
 * its canceling listeners run one after the other; then it ends. Returns false when there are none.
 */
export function beginCancelingListeners(step: Step, e: Execution, task: TaskRecord, reason: string): boolean {
  if (!step.node(e.n).listeners?.task?.canceling?.length) return false;
  const view = scopeView(step.state, e);
  const root = step.state.variables;
  const locals: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view)) if (!(k in root) || root[k] !== v) locals[k] = v;
  for (const k of ['f', 'task', 'job', 'inc', 'call', 'mi', 'li', 'tk', 'tq', 'cmp', 'ch'] as const) delete e[k];
  e.s = DETACHED;
  e.v = structuredClone(locals);
  e.l = { p: 'canceling', i: 0, t: task, r: reason };
  dispatch(step, e);
  return true;
}

/** Is `e` a cancelled task's execution kept for its canceling listeners? */
export function isDetached(e: Execution | undefined): boolean {
  return e?.s === DETACHED;
}

// ------------------------------------------------------------------ timeout

/**
 * The timer of timeout listener `index` of `e`'s user task fell due: its listener runs now,
 * or after the listener phase that runs (a timeout is not a transition: the task stays open).
 */
export function timeoutFell(step: Step, e: Execution, index: number): void {
  if (!e.task) return;
  if (e.l) {
    (e.tq ??= []).push(index);
    return;
  }
  e.l = { p: 'timeout', i: 0, ti: index, bk: structuredClone(e.task) };
  dispatch(step, e);
}

/** After a task phase ended with the task still open: the timeouts that fell due meanwhile, in order. */
function runQueuedTimeouts(step: Step, e: Execution): void {
  if (e.l || !e.task || !e.tq?.length) return;
  const next = e.tq.shift()!;
  if (!e.tq.length) delete e.tq;
  timeoutFell(step, e, next);
}

/** After the last listener of a phase: the lifecycle goes on where it stopped. */
function continueAfter(step: Step, e: Execution, l: NonNullable<Execution['l']>): void {
  if (!TASK_PHASES.has(l.p)) delete e.w;
  switch (l.p) {
    case 'take':
      e.tk = 1;
      step.enter(e);
      return;
    case 'pstart':
      step.armEventSubprocesses(undefined);
      step.enter(e);
      return;
    case 'start':
      step.later(() => step.alive(e) && step.activate(e));
      return;
    case 'end':
      step.later(() => step.alive(e) && step.finishLeave(e, l.fl));
      return;
    case 'pend':
      step.remove(e);
      step.checkScope(0);
      return;
    case 'creating':
      e.w = 'task';
      step.taskEvent('task.created', e);
      runQueuedTimeouts(step, e);
      return;
    case 'updating':
    case 'timeout':
      e.w = 'task';
      step.actor = l.a;
      emitUpdated(step, e, l.bk!);
      runQueuedTimeouts(step, e);
      return;
    case 'canceling':
      step.remove(e);
      return;
    case 'assigning': {
      const t = e.task!;
      e.w = 'task';
      step.actor = l.a;
      if (l.as) {
        t.a = l.as;
        t.st = 'claimed';
      } else {
        delete t.a;
        t.st = 'open';
      }
      const ev = l.cor ? (l.as ? 'task.assigned' : 'task.unclaimed') : (l.ev ?? 'task.assigned');
      step.taskEvent(ev, e);
      runQueuedTimeouts(step, e);
      return;
    }
    case 'completing':
      e.w = 'task';
      delete e.tq; // timeouts that fell due while it was being completed: the task is done
      finishCompleteTask(step, e, l.a ?? { id: 'engine', roles: [] }, l.o ?? {});
      return;
  }
}
