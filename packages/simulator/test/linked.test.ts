/**
 * The simulator staffs processes with call activities and multi-instance tasks: the called
 * case's tasks and every inner instance join their pool's queue like any task, and only
 * the simulated process's own end events count as outcomes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, memoryStore, sequentialIds, virtualClock } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { simulate, type SimulationProfile } from '../src/index';

// An order case calls a credit check (a process of its own), then every reviewer reviews it.
const xml = readFileSync(join(import.meta.dirname, '../../../examples/tasklist-web/test/fixtures/linked-cases.bpmn'), 'utf8');

const profile: SimulationProfile = {
  processId: 'orderCase',
  arrivals: { perDay: 24 },
  caseData: (rng) => ({ reviewers: Array.from({ length: 1 + rng.int(0, 2) }, (_, i) => `r${i}`) }),
  pools: { clerk: 2 },
  serviceMinutes: (rng) => rng.uniform(10, 30),
  output: () => ({}),
};

describe('Feature: the simulator runs processes with call activities and multi-instance tasks', () => {
  it('Scenario: a day of orders; every credit check and every review is worked, and each order ends once', async () => {
    // given an engine with the order and credit-check processes
    const clock = virtualClock('2026-03-02T00:00:00Z');
    const engine = createEngine({ clock, store: memoryStore(), ids: sequentialIds('o') });
    await engine.deploy({ bpmn: xml });
    const created: { processId: string; elementId: string }[] = [];
    engine.on('task.created', (e) => created.push({ processId: e.task.processId, elementId: e.task.elementId }));
    // when a day of orders runs, with two days to drain
    const s = await simulate({ engine, clock, profile, seed: 11, days: 1, drainDays: 2 });
    // then every order ended at its own end event (the credit checks' end events are not outcomes)
    expect(s.casesStarted).toBeGreaterThan(10);
    expect(s.active).toBe(0);
    expect(s.outcomes).toEqual({ orderEnd: s.casesStarted });
    // and the clerks worked one credit check per order and one review per reviewer
    const orders = await engine.instances.list({ processId: 'orderCase' });
    const reviewers = orders.reduce((n, o) => n + (o.variables.reviewers as string[]).length, 0);
    expect(created.filter((t) => t.elementId === 'check')).toHaveLength(s.casesStarted);
    expect(created.filter((t) => t.elementId === 'review')).toHaveLength(reviewers);
    expect(s.pools.clerk!.completed).toBe(s.casesStarted + reviewers);
    expect(s.pools.clerk!.waiting).toBe(0);
    expect((await engine.instances.list({ processId: 'creditCheck', status: 'completed' })).length).toBe(s.casesStarted);
    await engine.close();
  });
});
