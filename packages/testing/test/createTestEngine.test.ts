import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestEngine } from '../src/index';

const xml = readFileSync(join(import.meta.dirname, '../../../examples/quickstart/callback.bpmn'), 'utf8');

describe('Feature: createTestEngine', () => {
  it('Scenario: a pack deployed on a virtual clock; tasks completed; a timer fires on advance', async () => {
    // given
    const t = await createTestEngine({ packs: [{ bpmn: xml, handlers: { 'open-account': () => ({ accountNo: 'A1' }) } }] });
    const inst = await t.engine.start('saleCallback', { customer: 'li' });
    // when
    await t.complete(inst.id, 'reportSale', { id: 'ana', roles: ['fieldSales'] });
    await t.advance('PT31M');
    // then
    expect(inst.id).toBe('inst-1');
    expect(t.trail(['timer.fired', 'task.created'])).toEqual(['task.created:reportSale', 'task.created:callBack', 'timer.fired:callbackLate', 'task.created:chaseCallback']);
    expect((await t.openTasks({ role: 'supervisor' })).map((x) => x.elementId)).toEqual(['chaseCallback']);
    await expect(t.complete(inst.id, 'reportSale', { id: 'ana', roles: ['fieldSales'] })).rejects.toThrow(/expected one open task/);
    await t.close();
  });

  it('Scenario: a snapshot starts a new test engine where the old one stopped', async () => {
    const a = await createTestEngine({ packs: [{ bpmn: xml }] });
    const inst = await a.engine.start('saleCallback', {});
    const b = await createTestEngine({ packs: [{ bpmn: xml }], snapshot: a.store.snapshot(), start: a.clock.now() });
    expect((await b.openTasks({ instanceId: inst.id })).map((x) => x.elementId)).toEqual(['reportSale']);
  });
});
