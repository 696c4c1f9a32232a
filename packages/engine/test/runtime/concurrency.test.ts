import { describe, expect, it } from 'vitest';
import { ConcurrencyError, TaskNotOpenError, createEngine, memoryStore, systemClock, type CommitBatch, type Store } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

describe('Feature: commands on one instance are serialized, instances run concurrently', () => {
  it('Scenario: two actors complete the same task at the same moment — exactly one wins', async () => {
    // given
    const t = testEngine();
    await t.deploy('order-lanes.bpmn');
    const inst = await t.engine.start('order', {});
    const [task] = await t.openTasks(inst.id);
    // when
    const results = await Promise.allSettled([
      t.engine.tasks.complete(task!.id, actor('ana', 'sales'), { approved: true }),
      t.engine.tasks.complete(task!.id, actor('bo', 'sales'), { approved: false }),
    ]);
    // then
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TaskNotOpenError);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ approved: true });
    expect(t.trail((e) => e.type === 'task.completed')).toEqual(['task.completed:review']);
  });

  it('Scenario: 200 instances started and completed concurrently all finish', async () => {
    const t = testEngine();
    await t.deploy('order-lanes.bpmn');
    const insts = await Promise.all(Array.from({ length: 200 }, (_, i) => t.engine.start('order', { i })));
    await Promise.all(
      insts.map(async (inst) => {
        const [task] = await t.openTasks(inst.id);
        await t.engine.tasks.complete(task!.id, actor('ana', 'sales'), { approved: false });
      }),
    );
    const states = await Promise.all(insts.map((i) => t.engine.instances.get(i.id)));
    expect(states.every((s) => s?.status === 'completed')).toBe(true);
    expect(new Set(insts.map((i) => i.id)).size).toBe(200);
  });

  it('Scenario: a version conflict at commit is retried on fresh state, never overwritten', async () => {
    // given: a store that reports a conflict on the first commit of a task completion
    const inner = memoryStore();
    let conflicts = 0;
    const store: Store = {
      ...inner,
      async commit(batch: CommitBatch) {
        if (conflicts === 0 && batch.history.some((h) => h.type === 'task.completed')) {
          conflicts++;
          throw new ConcurrencyError(batch.instances[0]!.state.id, 1, 2);
        }
        return inner.commit(batch);
      },
    };
    const t = testEngine({ store: store as never });
    await t.deploy('order-lanes.bpmn');
    const inst = await t.engine.start('order', {});
    const [task] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.complete(task!.id, actor('ana', 'sales'), { approved: false });
    // then: retried once, one completion recorded
    expect(conflicts).toBe(1);
    expect((await t.engine.history(inst.id)).filter((h) => h.type === 'task.completed')).toHaveLength(1);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: the system clock drives timers in real time', () => {
  it('Scenario: a 50 ms timer fires on the real clock, not before its due time', async () => {
    // given
    const engine = createEngine({ clock: systemClock(), store: memoryStore() });
    const xml = fixture('order-lanes.bpmn').replace('<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2D</bpmn:timeDuration>', '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT0.05S</bpmn:timeDuration>');
    await engine.deploy({ bpmn: xml });
    const fired = new Promise<{ at: number; dueAt: number }>((resolve) => engine.once('timer.fired', (e) => resolve(e)));
    const inst = await engine.start('order', {});
    const [task] = await engine.tasks.query({ instanceId: inst.id });
    // when
    await engine.tasks.complete(task!.id, actor('ana', 'sales'), { approved: true });
    const e = await fired;
    await engine.idle();
    // then
    expect(e.at).toBeGreaterThanOrEqual(e.dueAt);
    expect((await engine.instances.get(inst.id))?.status).toBe('completed');
    await engine.close();
  });
});

describe('Feature: timers already due when armed', () => {
  it('Scenario: a date timer in the past fires at once, and idle() resolves (no self-wait)', async () => {
    // given: an intermediate timer whose date passed a day ago
    const t = testEngine();
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="past" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="w" />
    <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">2026-03-01T09:00:00+08:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="w" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    await t.engine.deploy({ bpmn: xml });
    // when
    const inst = await t.engine.start('past', {});
    await t.engine.idle();
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual(['timer.fired:w']);
  });
});
