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
 * | `creating`, `assigning`, `completing` | a user task's transition | as the task's result | the transition happens (or is denied) |
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import type { ListenerDef, TaskListenerEvent } from '../model/listeners';
import type { JobDef } from '../model/types';
import { finishCompleteTask } from '../tasks/commands';
import type { Actor, TaskRecord } from '../tasks/types';
import { isArraySafe } from './jsonValue';
import type { Execution, ListenerPhase, TaskState } from './state';
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
      /** The task as the transition would leave it (an assigning listener sees the new assignee). */
      task: TaskRecord;
      /** Completing: the output the task is being completed with. */
      output?: Record<string, unknown>;
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
}

/** A task listener's answer besides its variables: corrections, or a denial of the transition. */
export interface ListenerJobResult {
  corrections?: TaskCorrections;
  /** Deny the transition (assigning, completing): the task stays as it was. */
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
};

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

const TASK_PHASES = new Set<ListenerPhase>(['creating', 'assigning', 'completing']);

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
    const task = e.task ? step.taskRecord(e) : undefined;
    if (task && l.p === 'assigning') {
      if (l.as) task.assignee = l.as;
      else delete task.assignee;
    }
    return { kind: 'task', eventType: l.p as TaskListenerEvent, task: task!, ...(l.o ? { output: l.o } : {}), index: l.i, count };
  }
  if (l.p === 'take') return { kind: 'execution', eventType: 'take', scope: 'flow', flowId: step.model.flows[e.f!]!.id, index: l.i, count };
  const process = l.p === 'pstart' || l.p === 'pend';
  return { kind: 'execution', eventType: l.p === 'start' || l.p === 'pstart' ? 'start' : 'end', scope: process ? 'process' : 'element', index: l.i, count };
}

/** Dispatch the job of `e`'s current listener. */
function dispatch(step: Step, e: Execution): void {
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
  return beginListeners(step, e, p, { ...extra, ...(actor ? { a: { id: actor.id, roles: [...actor.roles] } } : {}) });
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
    (result.denied && l.p === 'creating' ? 'a creating task listener cannot deny: the task is being created' : undefined));
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

/** Apply corrections to the task (an assigning listener corrects the assignee being set). */
function applyCorrections(e: Execution, l: NonNullable<Execution['l']>, c: TaskCorrections): void {
  for (const [k, v] of Object.entries(c)) {
    if (l.p === 'assigning' && k === 'assignee') {
      l.as = v as string | null;
      l.cor = 1;
    } else TASK_CORRECTIONS[k]!.apply(e.task!, v);
  }
  if (l.p === 'creating' && 'assignee' in c && e.task!.st !== 'waiting') e.task!.st = e.task!.a ? 'claimed' : 'open';
}

/** A task listener denied the transition: the task stays as it was; `task.denied` says why. */
function deny(step: Step, e: Execution, reason: string | undefined): void {
  const l = e.l!;
  delete e.l;
  e.w = 'task';
  step.actor = l.a;
  const task = step.taskRecord(e);
  step.emit('task.denied', e.n, { task, actor: step.actorOfEvent(), transition: l.p as 'assigning' | 'completing', ...(reason !== undefined ? { reason } : {}) }, e.id);
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
      return;
    }
    case 'completing':
      e.w = 'task';
      finishCompleteTask(step, e, l.a ?? { id: 'engine', roles: [] }, l.o ?? {});
      return;
  }
}
