/**
 * Instance-level commands applied inside a step: start, job results, incident retry.
 * Task commands are in `tasks/commands.ts`; timers and messages are `Step` triggers.
 *
 * @module
 */
import { NotFoundError } from '../errors';
import type { ProcessModel } from '../model/types';
import { STATE_SCHEMA_VERSION, type InstanceState } from './state';
import type { Step } from './step';
import { beginListeners, listenerJobCompleted, type ListenerJobResult } from './listeners';
import { runningJobDef, scriptMappingCompleted, scriptMappingFailure } from './scriptMappings';

/** A new instance's state, before its first step. */
export function newInstanceState(model: ProcessModel, id: string, variables: Record<string, unknown>, businessKey: string | undefined, now: number): InstanceState {
  return {
    v: STATE_SCHEMA_VERSION,
    id,
    processId: model.id,
    processVersion: model.version,
    ...(businessKey !== undefined ? { businessKey } : {}),
    status: 'active',
    variables,
    rev: 0,
    seq: 0,
    startedAt: now,
    ex: [],
    timers: [],
    subs: [],
    incidents: [],
  };
}

/** Start: the `process.started` event and a token on start event `startNode`. */
export function startInstance(step: Step, startNode: number): void {
  const parent = step.state.parent;
  step.emitProcess('process.started', { processVersion: step.model.version, variables: { ...step.state.variables }, startEventId: step.node(startNode).id, ...(parent ? { parentId: parent.id, parentExecutionId: `${parent.id}/${parent.ex}` } : {}) });
  const first = step.createExec(startNode, 0);
  // The process's start listeners run first, on its first token (runtime/listeners.ts); then the rest.
  if (beginListeners(step, first, 'pstart')) return;
  // The process-level event subprocesses are armed for as long as the instance runs.
  step.armEventSubprocesses(undefined);
  step.enter(first);
}

/** The job's execution, if the job is still waiting for this attempt's result. */
function waitingJob(step: Step, localId: number, attempt: number) {
  const e = step.state.ex.find((x) => x.job?.id === localId);
  return e?.job && e.w === 'job' && e.job.attempt === attempt ? e : undefined;
}

/** A handler finished: merge its output and move on. Returns false for a stale job. */
export function completeJob(step: Step, localId: number, attempt: number, output: Record<string, unknown>, listener?: ListenerJobResult): boolean {
  const e = waitingJob(step, localId, attempt);
  if (!e) return false;
  step.emit('job.completed', e.n, { jobId: step.globalId(e.job!.id), jobType: runningJobDef(step, e).type, attempt }, e.id);
  if (e.sm) return scriptMappingCompleted(step, e, output); // a script mapping's job: its value, then the mappings go on
  if (e.l) return listenerJobCompleted(step, e, output, listener); // a listener's job: its phase decides (runtime/listeners.ts)
  step.writeResult(e, output);
  step.leave(e);
  return true;
}

/**
 * A handler failed: retry after the backoff while attempts remain, else raise an incident.
 * `retry: false` (e.g. no handler registered) raises the incident at once.
 */
export function failJob(step: Step, localId: number, attempt: number, message: string, retry = true, code = 'JOB_FAILED'): boolean {
  const e = waitingJob(step, localId, attempt);
  if (!e) return false;
  const job = e.job!;
  const node = step.node(e.n);
  const def = runningJobDef(step, e);
  job.left = retry ? job.left - 1 : 0;
  step.emit('job.failed', e.n, { jobId: step.globalId(e.job!.id), jobType: def.type, attempt, retriesLeft: job.left, error: message }, e.id);
  if (job.left > 0) {
    const t = { id: step.nextId(), ex: e.id, n: e.n, due: step.now + retryWait(def.retryIntervals, attempt, step.settings.retryBackoff), k: 0, r: 1 as const };
    job.attempt = attempt + 1;
    job.retryTimer = t.id;
    e.w = 'job';
    step.addTimer(t);
    return true;
  }
  if (e.sm) {
    step.incident(e, code, scriptMappingFailure(step, e, `failed on attempt ${attempt}: ${message}`), 'job');
    return true;
  }
  if (e.l) {
    step.incident(e, code === 'JOB_FAILED' ? 'LISTENER_FAILED' : code, `The ${e.l.p} listener '${def.type}' of ${node.id} failed on attempt ${attempt}: ${message}. Fix the cause and retry the incident (the listener runs again; the element waits).`, 'job');
    return true;
  }
  step.incident(e, code, `Job '${def.type}' of ${node.id} failed on attempt ${attempt}: ${message}`, 'job');
  return true;
}

/** The wait after failed attempt `attempt`: the job's own intervals (the last repeats), else the engine's backoff. */
function retryWait(intervals: readonly number[] | undefined, attempt: number, backoff: (attempt: number) => number): number {
  return intervals?.length ? intervals[Math.min(attempt, intervals.length) - 1]! : backoff(attempt);
}

/** A handler threw a BPMN error: propagate it to error boundary events, or raise an incident. */
export function throwJobError(step: Step, localId: number, attempt: number, errorCode: string, variables: Record<string, unknown>): boolean {
  const e = waitingJob(step, localId, attempt);
  if (!e) return false;
  if (e.sm) {
    step.incident(e, 'SCRIPT_BPMN_ERROR', scriptMappingFailure(step, e, `threw BPMN error '${errorCode}': a mapping cannot throw one`), 'job');
    return true;
  }
  if (e.l) {
    // As in Camunda 8, a listener cannot throw a BPMN error: the element waits with an incident.
    step.incident(e, 'LISTENER_BPMN_ERROR', `The ${e.l.p} listener '${runningJobDef(step, e).type}' of ${step.node(e.n).id} threw BPMN error '${errorCode}'; listeners cannot throw BPMN errors. Complete or fail the listener job instead, then retry the incident.`, 'job');
    return true;
  }
  step.writeVariables(e, variables);
  if (!step.throwEvent('error', errorCode, e, true)) {
    step.incident(e, 'UNHANDLED_ERROR', `BPMN error '${errorCode}' thrown by the handler of ${step.node(e.n).id} is not caught by any error boundary event.`, 'job');
  }
  return true;
}

/** Retry an incident after the host fixed the cause (optionally setting variables first). */
export function retryIncident(step: Step, localId: number, incidentId: string, variables: Record<string, unknown>): void {
  const inc = step.state.incidents.find((i) => i.id === localId);
  if (!inc) throw new NotFoundError('incident', incidentId, 'list open incidents with engine.incidents.list().');
  if (inc.ex === 0 && step.isEventSubprocessStart(inc.n)) {
    // A process-level event subprocess start that could not be armed (e.g. its timer expression): arm it again.
    step.writeVariables(undefined, variables);
    step.resolveIncident(localId, 'retried');
    step.armEventSubprocessStart(undefined, inc.n);
    return;
  }
  const e = step.exec(inc.ex)!;
  step.writeVariables(e, variables);
  step.resolveIncident(localId, 'retried');
  if (inc.phase === 'job') {
    const retries = runningJobDef(step, e).retries; // the element's job, its running listener's, or its script mapping's
    e.job = { id: e.job?.id ?? step.nextId(), left: retries, attempt: (e.job?.attempt ?? 0) + 1 };
    step.requestJob(e);
  } else if (inc.phase === 'enter') {
    step.enter(e);
  } else if (inc.phase === 'leave') {
    step.later(() => step.alive(e) && step.leave(e));
  } else {
    step.later(() => step.alive(e) && step.execute(e));
  }
}
