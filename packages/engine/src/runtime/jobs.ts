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
import { BpmnError } from '../errors';
import { jsonIssues } from './variables';

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
}

/**
 * A service-task handler. Return variables to merge (or nothing); throw `BpmnError` to take
 * an error boundary path; throw anything else to fail the attempt (retried with backoff,
 * then an incident).
 */
export type JobHandler = (job: JobContext) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/** The outcome of running a handler once. */
export type JobOutcome =
  | { kind: 'completed'; output: Record<string, unknown> }
  | { kind: 'bpmnError'; code: string; variables: Record<string, unknown> }
  | { kind: 'failed'; message: string };

/** Run a handler and classify what happened. Never throws. */
export async function runHandler(handler: JobHandler, job: JobContext): Promise<JobOutcome> {
  try {
    const out = (await handler(job)) ?? {};
    if (typeof out !== 'object' || Array.isArray(out)) {
      return { kind: 'failed', message: `the handler returned ${Array.isArray(out) ? 'an array' : typeof out}; return an object of variables or nothing` };
    }
    const issues = jsonIssues(out);
    if (issues.length) return { kind: 'failed', message: `the handler returned variables that are not JSON: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
    return { kind: 'completed', output: structuredClone(out) };
  } catch (err) {
    if (err instanceof BpmnError) return { kind: 'bpmnError', code: err.errorCode, variables: err.variables ? structuredClone(err.variables) : {} };
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

/** Default backoff: 1 s, 2 s, 4 s, … capped at 5 minutes. */
export function defaultRetryBackoff(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 5 * 60_000);
}
