/**
 * Service-task handlers: what the host registers, and how a handler's outcome is read.
 *
 * A handler runs **at least once** per job: when no result is committed within the
 * engine's `jobLease` (the node running it died, or it is still running), the job is handed
 * out again — on any node — with the same `jobId` and `attempt`; the first result to commit
 * counts. Use `jobId` as the idempotency key of any side effect (docs/scaling.md).
 *
 * @module
 */
import { BpmnError, HandoffError } from '../errors';
import { isArraySafe } from './jsonValue';
import { DEFAULT_LIMITS, type EngineLimits } from './limits';
import { checkJson } from './variables';
import { ListenerResult, type ListenerInfo, type ListenerJobResult } from './listeners';

/** What a handler receives. */
export interface JobContext {
  /** Stable across retries and hand-outs after a lease ran out: use it as the idempotency key. */
  jobId: string;
  /** The handler key: `zeebe:taskDefinition type`, `camunda:topic`, or the element id. */
  type: string;
  instanceId: string;
  processId: string;
  businessKey?: string;
  elementId: string;
  /** 1 for the first run, then 2, 3, … on retries. */
  attempt: number;
  /** Attempts left including this one. */
  retriesLeft: number;
  /** `zeebe:taskHeaders`. */
  headers: Readonly<Record<string, string>>;
  /** A copy of the instance's variables. */
  variables: Readonly<Record<string, unknown>>;
  /** The engine clock's time when the job was handed to the handler (epoch ms): use it, not `Date.now()`, so handlers follow a virtual clock. */
  now: number;
  /** Set for a listener's job: which listener, and for a task listener the task (`docs/listeners.md`). Return a `ListenerResult` to correct the task or deny the transition. */
  listener?: ListenerInfo;
}

/**
 * A service-task (or listener) handler. Return variables to merge (or nothing; a listener may
 * return a `ListenerResult` to correct its task or deny the transition); throw `BpmnError` to take
 * an error boundary path; throw anything else to fail the attempt (retried with backoff,
 * then an incident).
 */
export type JobHandler = (job: JobContext) => Promise<Record<string, unknown> | ListenerResult | void> | Record<string, unknown> | ListenerResult | void;

/** The outcome of running a handler once. */
export type JobOutcome =
  | { kind: 'completed'; output: Record<string, unknown>; listener?: ListenerJobResult }
  | { kind: 'bpmnError'; code: string; variables: Record<string, unknown> }
  /**
   * `retry: false` with a `code`: the handler's result itself was refused (not JSON, or past
   * an engine limit), which a retry would repeat — an incident is raised at once.
   */
  | { kind: 'failed'; message: string; retry?: false; code?: 'JOB_RESULT_INVALID' | 'LIMIT_EXCEEDED' };

/**
 * Read a handler's variables (its result or its BpmnError's) as JSON within the engine's
 * limits, and, for the merged size, together with the job's view of the instance variables.
 */
function readResult(value: unknown, what: string, job: JobContext, limits: EngineLimits): { ok: true; value: Record<string, unknown> } | { ok: false; outcome: JobOutcome } {
  const subject = `${what} of job ${job.jobId} (${job.elementId})`;
  if (value === null || typeof value !== 'object' || isArraySafe(value)) {
    return { ok: false, outcome: { kind: 'failed', retry: false, code: 'JOB_RESULT_INVALID', message: `${subject} is ${isArraySafe(value) ? 'an array' : value === null ? 'null' : typeof value}; return an object of variables or nothing` } };
  }
  try {
    const out = checkJson(value, subject, limits, job.elementId).value as Record<string, unknown>;
    return { ok: true, value: out };
  } catch (err) {
    if (!(err instanceof HandoffError)) throw err;
    return { ok: false, outcome: { kind: 'failed', retry: false, code: err.code === 'LIMIT_EXCEEDED' ? 'LIMIT_EXCEEDED' : 'JOB_RESULT_INVALID', message: err.message } };
  }
}

/**
 * Run a handler and classify what happened. Never throws. A result (or BPMN-error variables)
 * that is not JSON or passes a limit becomes a `failed` outcome with `retry: false`, naming
 * the field.
 */
export async function runHandler(handler: JobHandler, job: JobContext, limits: EngineLimits = DEFAULT_LIMITS): Promise<JobOutcome> {
  let result: unknown;
  try {
    result = (await handler(job)) ?? {};
  } catch (err) {
    if (err instanceof BpmnError) {
      const vars = readResult(err.variables ?? {}, `the variables of BPMN error '${String(err.errorCode)}'`, job, limits);
      return vars.ok ? { kind: 'bpmnError', code: err.errorCode, variables: vars.value } : vars.outcome;
    }
    return { kind: 'failed', message: describeFailure(err) };
  }
  if (result instanceof ListenerResult) {
    const vars = readResult(result.variables, 'the variables of the listener result', job, limits);
    return vars.ok ? { kind: 'completed', output: vars.value, listener: result.result } : vars.outcome;
  }
  const out = readResult(result, 'the result', job, limits);
  return out.ok ? { kind: 'completed', output: out.value } : out.outcome;
}

/** A thrown value as a message (an Error's message, or the value as text). Never throws. */
function describeFailure(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'the handler threw a value that cannot be shown as text';
  }
}

/** Default backoff: 1 s, 2 s, 4 s, … capped at 5 minutes. */
export function defaultRetryBackoff(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 5 * 60_000);
}
