/**
 * Property: whatever a random sequence of job completions, job failures, retry timers and
 * incident retries does to a process whose elements have start and end listeners, every
 * listener (and every element job) completes exactly once, in model order; no job is handed
 * out before the jobs before it in model order completed (an element never runs its
 * behaviour before its start listeners completed, never leaves before its end listeners);
 * and the state round-trips through JSON at every step. Driven through the pure `apply`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, newInstanceState, type Command, type Effect, type InstanceState, type ProcessModel } from '../../src/index';
import { fcParams } from '../fc';
import { testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
/** Model order of every job of `listeners/chain.bpmn`: listeners (a Camunda 7 take listener on f2 among them) and the elements' own jobs. */
const ORDER = ['ps', 'a-s1', 'a-s2', 'a-job', 'a-e1', 'f2-take', 'b-s1', 'b-job', 'b-e1', 'b-e2', 'pe'];

async function chainModel(): Promise<ProcessModel> {
  const t = testEngine();
  await t.deploy('listeners/chain.bpmn');
  return t.engine.processes.model('listenerChain');
}

/** What the driver knows from the effects so far: the running job, the retry timers, the open incidents. */
interface World {
  state: InstanceState;
  now: number;
  running?: { job: number; attempt: number; type: string };
  retryTimers: number[];
  dispatched: string[];
  completed: string[];
}

function take(m: ProcessModel, w: World, command: Command): void {
  const { state, effects } = apply(m, w.state, command, w.now);
  w.state = JSON.parse(JSON.stringify(state)) as InstanceState; // persisted state is plain JSON
  expect(w.state).toEqual(state);
  read(w, effects);
}

function read(w: World, effects: readonly Effect[]): void {
  for (const e of effects) {
    if (e.type === 'job.dispatch') {
      // At most one job at a time in this sequential model, and each handed out in model order.
      if (w.running && w.running.job !== e.job.jobLocalId) throw new Error(`two jobs at once: ${w.running.type} and ${e.job.type}`);
      if (!w.running && e.job.attempt === 1) w.dispatched.push(e.job.type);
      w.running = { job: e.job.jobLocalId, attempt: e.job.attempt, type: e.job.type };
    }
    if (e.type === 'timer.put' && e.timer.kind === 'instance' && e.timer.localId !== undefined) w.retryTimers.push(e.timer.localId);
  }
}

describe('Property: listeners run exactly once each, in model order, whatever fails and is retried', () => {
  it('holds for random interleavings of completions, failures, backoff timers and incident retries', async () => {
    const m = await chainModel();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 80 }), async (choices) => {
        const s0 = newInstanceState(m, 'i-1', {}, undefined, T0);
        const w: World = { state: s0, now: T0, retryTimers: [], dispatched: [], completed: [] };
        take(m, w, { type: 'start', startNode: m.noneStart! });
        let i = 0;
        for (let guard = 0; w.state.status === 'active' && guard < 500; guard++) {
          const choice = i < choices.length ? choices[i++]! : 9; // past the random prefix: complete and retry everything
          w.now += 1000;
          const incident = w.state.incidents[0];
          if (incident && choice >= 5) {
            // the host fixed the cause: retry the incident (the same listener runs again)
            w.running = undefined;
            take(m, w, { type: 'incident.retry', incident: incident.id, incidentId: `i-1/${incident.id}`, variables: {} });
            continue;
          }
          const running = w.running;
          const waiting = running && w.state.ex.some((e) => e.job?.id === running.job && e.w === 'job' && e.job.retryTimer === undefined);
          if (running && waiting && choice < 3) {
            take(m, w, { type: 'job.fail', job: running.job, attempt: running.attempt, message: 'flaky' });
            continue;
          }
          if (running && waiting) {
            w.running = undefined;
            w.completed.push(running.type);
            take(m, w, { type: 'job.complete', job: running.job, attempt: running.attempt, output: { [running.type.replace('-', '_')]: true } });
            continue;
          }
          const timer = w.retryTimers.find((id) => w.state.timers.some((t) => t.id === id));
          if (timer !== undefined) {
            w.now = Math.max(w.now, w.state.timers.find((t) => t.id === timer)!.due);
            take(m, w, { type: 'timer.fire', timer });
            continue;
          }
          if (incident) {
            w.running = undefined;
            take(m, w, { type: 'incident.retry', incident: incident.id, incidentId: `i-1/${incident.id}`, variables: {} });
            continue;
          }
          throw new Error(`stuck: nothing runs, no timer, no incident (${JSON.stringify(w.state.ex)})`);
        }
        // then
        expect(w.state.status).toBe('completed');
        expect(w.completed).toEqual(ORDER);
        expect(w.dispatched).toEqual(ORDER);
        expect(w.state.ex).toEqual([]);
        expect(w.state.timers).toEqual([]);
        // start listeners' variables were local to their element; end listeners' and the process's reached the process
        expect(Object.keys(w.state.variables).sort()).toEqual(['a_e1', 'a_job', 'b_e1', 'b_e2', 'b_job', 'f2_take', 'pe', 'ps']);
      }),
      fcParams('listeners property', 'packages/engine/test/listeners', 150),
    );
  });
});
