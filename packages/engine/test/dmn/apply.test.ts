/**
 * Feature: a business rule task keeps `apply` pure (decision 0020). Driven directly, the
 * task asks for its decision as a `decision.evaluate` effect; the caller evaluates it and
 * applies the outcome as a `decision.result` command.
 */
import { describe, expect, it } from 'vitest';
import { apply, compileDmn, effectsOf, evaluateDecision, newInstanceState, parseDmn, type ProcessModel } from '../../src/index';
import { testEngine } from '../support';
import { dmnFixture } from './support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

async function dinner(): Promise<ProcessModel> {
  const t = testEngine();
  await t.engine.deploy({ bpmn: dmnFixture('dinner-zeebe.bpmn') });
  return t.engine.processes.model('dinner');
}

describe('Feature: business rule tasks under apply()', () => {
  it('Scenario: the task waits for its decision; the evaluated outcome moves it on and is recorded', async () => {
    // given a process whose first activity is a business rule task
    const m = await dinner();
    const s0 = newInstanceState(m, 'i-1', { month: 10, guestCount: 2 }, undefined, T0);
    // when it starts
    const started = apply(m, s0, { type: 'start', startNode: m.noneStart! }, T0);
    // then the token waits on the task and the effects ask for the decision with the task's variables
    const [request] = effectsOf(started.effects, 'decision.evaluate').map((e) => e.request);
    expect(request).toMatchObject({ elementId: 'decide', decisionId: 'dish', binding: { kind: 'latest' }, processKey: 'dinner:1', variables: { month: 10, guestCount: 2 } });
    expect(started.state.ex.map((e) => [m.nodes[e.n]!.id, e.w])).toEqual([['decide', 'decision']]);
    expect(JSON.parse(JSON.stringify(started.state))).toEqual(started.state);
    // when the caller evaluates the decision and applies the outcome
    const parsed = await parseDmn(dmnFixture('dish.dmn'));
    const dish = compileDmn(parsed.definitions!, parsed.lineOf, () => 1).decisions.find((d) => d.id === 'dish')!;
    const evaluation = evaluateDecision(dish, request!.variables);
    const next = apply(m, started.state, { type: 'decision.result', execution: request!.execution, outcome: { ok: true, evaluation } }, T0);
    // then the result is stored, the history has the evaluation, and the token is at the user task
    expect(next.state.variables.dish).toBe('Spareribs');
    expect(next.state.ex.map((e) => m.nodes[e.n]!.id)).toEqual(['cook']);
    const records = effectsOf(next.effects, 'history').flatMap((e) => e.records);
    expect(records.find((r) => r.type === 'decision.evaluated')).toMatchObject({ decisionKey: 'dish:1', matchedRules: [{ id: 'r1', index: 0 }], result: 'Spareribs' });
    // and the input state is untouched
    expect(started.state.ex[0]!.w).toBe('decision');
  });

  it('Scenario: an outcome for an execution that no longer waits changes nothing; a failed outcome is an incident', async () => {
    const m = await dinner();
    const s0 = newInstanceState(m, 'i-1', {}, undefined, T0);
    const started = apply(m, s0, { type: 'start', startNode: m.noneStart! }, T0);
    const ex = started.state.ex[0]!.id;
    const stray = apply(m, started.state, { type: 'decision.result', execution: ex + 100, outcome: { ok: false, code: 'DECISION_NOT_FOUND', message: 'x' } }, T0);
    expect(stray.effects).toEqual([]);
    const failed = apply(m, started.state, { type: 'decision.result', execution: ex, outcome: { ok: false, code: 'DECISION_NOT_FOUND', message: 'decide cannot evaluate dish' } }, T0);
    expect(failed.state.incidents).toEqual([expect.objectContaining({ code: 'DECISION_NOT_FOUND' })]);
  });
});
