import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, sequentialIds, virtualClock, type EngineEvent } from '../../src/index';
import { VARIABLES, blockArbitrary, toBpmn, type Block } from './blocks';
import { fcParams } from '../fc';

const value = fc.integer({ min: -3, max: 3 });
const variables = fc.record({ v0: value, v1: value, v2: value });
/** What a completed user task writes: nothing, or a new value for one variable. */
const output = fc.option(fc.record({ v: fc.constantFrom(...VARIABLES), k: value }), { nil: undefined });

/** Run the process to its end, completing open user tasks in the order `choices` picks. */
async function runToEnd(root: Block, start: Record<string, number>, choices: number[], outputs: ({ v: string; k: number } | undefined)[]) {
  const xml = toBpmn(root);
  const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00'), ids: sequentialIds('inst') });
  const events: EngineEvent[] = [];
  engine.on('event', (e) => events.push(e));
  try {
    await engine.deploy({ bpmn: xml });
    const inst = await engine.start('random', start);
    for (let i = 0; i < 200; i++) {
      const open = await engine.tasks.query({ instanceId: inst.id, state: ['open', 'claimed'] });
      if (!open.length) break;
      const task = open[choices[i % choices.length]! % open.length]!;
      const out = outputs[i % outputs.length];
      await engine.tasks.complete(task.id, { id: 'ana', roles: [] }, out ? { [out.v]: out.k } : {});
    }

    const info = await engine.instances.get(inst.id);
    expect(info?.incidents).toEqual([]);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);
    expect(await engine.tasks.query({ instanceId: inst.id, state: ['open', 'claimed'] })).toEqual([]);
    const balance = new Map<string, number>();
    for (const e of events) {
      if (e.type === 'activity.entered') balance.set(e.elementId, (balance.get(e.elementId) ?? 0) + 1);
      if (e.type === 'activity.left') balance.set(e.elementId, (balance.get(e.elementId) ?? 0) - 1);
    }
    expect([...balance].filter(([, n]) => n !== 0)).toEqual([]);
    expect(events.filter((e) => e.type === 'activity.cancelled' || e.type === 'task.cancelled')).toEqual([]);
    expect(events.filter((e) => e.type === 'process.completed')).toHaveLength(1);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- counterexample BPMN (start variables ${JSON.stringify(start)}) ---\n${xml}`, { cause: err });
  }
}

describe('Feature: any well-formed block-structured process runs to completion', () => {
  it(
    'Property: completing every open user task in any order completes the instance with no token, task or unbalanced activity left',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          blockArbitrary(),
          variables,
          fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
          fc.array(output, { minLength: 1, maxLength: 20 }),
          (root, start, choices, outputs) => runToEnd(root, start, choices, outputs),
        ),
        fcParams('graph property', 'packages/engine/test/flow/property.graphs.test.ts', 100) as never,
      );
    },
    120_000,
  );

  it('Example: XML written for a nested block is valid BPMN the engine deploys', async () => {
    // given
    const root: Block = {
      t: 'seq',
      items: [
        { t: 'and', branches: [{ t: 'user' }, { t: 'empty' }, { t: 'sub', body: { t: 'or', branches: [{ cond: { v: 'v0', op: '<', k: 1 }, body: { t: 'user' } }], dflt: { t: 'empty' } } }] },
        { t: 'xor', branches: [{ cond: { v: 'v1', op: '>=', k: 0 }, body: { t: 'task' } }], dflt: { t: 'user' } },
      ],
    };
    // when
    const xml = toBpmn(root);
    // then
    expect(xml).toContain('=v0 &lt; 1');
    expect(xml).toMatch(/<bpmn:exclusiveGateway id="XorSplit_\d+" default="Flow_\d+" \/>/);
    await runToEnd(root, { v0: 0, v1: 0, v2: 0 }, [1, 0], [undefined]);
  });
});
