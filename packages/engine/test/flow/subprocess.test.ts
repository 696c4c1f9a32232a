import { describe, expect, it } from 'vitest';
import { actor, testEngine } from '../support';

const ana = actor('ana');
const activity = (e: { type: string }) => e.type.startsWith('activity.');

describe('Feature: embedded subprocess', () => {
  it('Scenario: the subprocess runs to its end and the parent continues; variables are shared both ways', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-basic.bpmn');
    // when: a start variable decides a gateway inside the subprocess
    const inst = await t.engine.start('subBasic', { customer: 'ana' });
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['inner']);
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['handle', 'inner']);

    // when: the inner task sets a variable a gateway outside reads
    await t.completeTask(inst.id, 'inner', ana, { result: 'ok' });
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['after']);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.activeElements).toEqual(['after']);
    expect(info?.variables).toEqual({ customer: 'ana', result: 'ok' });
    expect(t.trail(activity)).toEqual([
      'activity.entered:start',
      'activity.left:start',
      'activity.entered:handle',
      'activity.entered:hStart',
      'activity.left:hStart',
      'activity.entered:hRoute',
      'activity.left:hRoute',
      'activity.entered:inner',
      'activity.left:inner',
      'activity.entered:hEnd',
      'activity.left:hEnd',
      'activity.left:handle',
      'activity.entered:route',
      'activity.left:route',
      'activity.entered:after',
    ]);

    // when
    await t.completeTask(inst.id, 'after', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a subprocess whose path ends at once completes at once', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-basic.bpmn');
    // when
    const inst = await t.engine.start('subBasic', { customer: 'bob' });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(t.trail(activity).slice(-7)).toEqual([
      'activity.entered:hSkipEnd',
      'activity.left:hSkipEnd',
      'activity.left:handle',
      'activity.entered:route',
      'activity.left:route',
      'activity.entered:notOk',
      'activity.left:notOk',
    ]);
    expect(t.trail(activity)).not.toContain('activity.entered:inner');
  });

  it('Scenario: nested subprocesses complete inside out', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-nested.bpmn');
    const inst = await t.engine.start('subNested');
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['outer', 'inner', 'deep']);

    // when
    await t.completeTask(inst.id, 'deep', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['after']);
    expect(t.trail(activity)).toEqual([
      'activity.entered:start',
      'activity.left:start',
      'activity.entered:outer',
      'activity.entered:oStart',
      'activity.left:oStart',
      'activity.entered:inner',
      'activity.entered:iStart',
      'activity.left:iStart',
      'activity.entered:deep',
      'activity.left:deep',
      'activity.entered:iEnd',
      'activity.left:iEnd',
      'activity.left:inner',
      'activity.entered:oEnd',
      'activity.left:oEnd',
      'activity.left:outer',
      'activity.entered:after',
    ]);

    // when
    await t.completeTask(inst.id, 'after', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: parallel branches inside a subprocess; it completes only when every inner token is done', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-parallel.bpmn');
    const inst = await t.engine.start('subParallel');
    expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['p1', 'p2', 'p3']);

    // when: one joined branch is done
    await t.completeTask(inst.id, 'p1', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.activeElements.sort()).toEqual(['p2', 'p3', 'wJoin', 'work']);

    // when: the branch with its own end event is done
    await t.completeTask(inst.id, 'p3', ana);
    // then: the subprocess still waits for p2
    expect((await t.engine.instances.get(inst.id))?.activeElements.sort()).toEqual(['p2', 'wJoin', 'work']);
    expect(t.trail(activity)).toContain('activity.left:p3End');
    expect(t.trail(activity)).not.toContain('activity.left:work');
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['p2']);

    // when
    await t.completeTask(inst.id, 'p2', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['after']);
    expect(t.trail(activity).slice(-7)).toEqual([
      'activity.entered:wJoin',
      'activity.left:wJoin',
      'activity.left:wJoin',
      'activity.entered:wEnd',
      'activity.left:wEnd',
      'activity.left:work',
      'activity.entered:after',
    ]);
    await t.completeTask(inst.id, 'after', ana);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);
  });
});
