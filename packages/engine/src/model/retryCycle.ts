/**
 * `camunda:failedJobRetryTimeCycle`: how often, and how far apart, a failed job is tried
 * again (Camunda 7). Two forms:
 *
 * - `R3/PT10M`: 3 attempts in all, 10 minutes apart (`R0/…` and `R1/…`: one attempt, the
 *   first failure is an incident — as in Camunda 7);
 * - `PT1M,PT30M,PT2H`: one attempt per interval after the first — 4 attempts in all, waiting
 *   1 minute, then 30 minutes, then 2 hours.
 *
 * An empty element is no cycle: the job keeps the engine's default retries, as in Camunda 7.
 *
 * Handoff's `retries` counts attempts including the first, like the job's `retriesLeft`.
 * The intervals replace the engine's `retryBackoff` option for this job only.
 *
 * @module
 */
import { ext } from './extensions';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import { toMs } from '../time/duration';

/** The retry policy a cycle declares: attempts in all, and the wait before attempt 2, 3, … (ms). */
export interface RetryCycle {
  retries: number;
  intervals: number[];
}

/** Read `<camunda:failedJobRetryTimeCycle>` of `el`, if any. */
export function compileRetryCycle(el: ModdleElement, values: readonly ModdleElement[], problems: ProblemList): RetryCycle | undefined {
  const c = ext([...values], 'camunda:FailedJobRetryTimeCycle');
  if (!c) return undefined;
  const text = typeof c.body === 'string' ? c.body.trim() : '';
  const bad = (why: string) => {
    problems.add('INVALID_RETRY_CYCLE', el, `camunda:failedJobRetryTimeCycle '${text}' ${why}.`, "write 'R3/PT10M' (3 attempts, 10 minutes apart) or a list of waits 'PT1M,PT10M,PT1H'.");
    return undefined;
  };
  // Empty (a modeler leaves the element when the field is cleared): Camunda 7's
  // DefaultFailedJobParseListener then uses the engine's default strategy — here, the job's
  // own retries and the engine's retryBackoff, as without the element (decision 0031).
  if (!text) return undefined;
  if (/^[$#]\{/.test(text)) return bad('is an expression; the retry cycle must be static');
  const repeat = /^R(\d+)\/(P[^/]+)$/.exec(text);
  if (repeat) {
    const n = Number(repeat[1]);
    const ms = durationMs(repeat[2]!);
    if (!Number.isSafeInteger(n)) return bad('repeats too often');
    if (ms === undefined) return bad(`has an interval '${repeat[2]}' that is not an ISO 8601 duration`);
    // R0 is one attempt, like R1: Camunda 7 sets the job's retries to 0 on its first failure,
    // which raises the incident at once (DefaultJobRetryCmd, JobEntity.setRetries).
    return { retries: Math.max(n, 1), intervals: [ms] };
  }
  const parts = text.split(',').map((p) => p.trim());
  const intervals: number[] = [];
  for (const p of parts) {
    const ms = durationMs(p);
    if (ms === undefined) return bad(`has an interval '${p}' that is not an ISO 8601 duration`);
    intervals.push(ms);
  }
  return { retries: intervals.length + 1, intervals };
}

function durationMs(text: string): number | undefined {
  try {
    return toMs(text); // days count as 24 h, as Camunda 7's job executor counts them

  } catch {
    return undefined;
  }
}
